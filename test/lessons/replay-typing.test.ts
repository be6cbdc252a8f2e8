// The replay types each line when the session is really ready for it (idle at a prompt, or an interactive command
// waiting for input, or for ^C: the command has printed and gone quiet), not after a fixed pause.
import { describe, expect, it } from 'vitest'
import { loadLessons, type AvailableLesson } from '../../src-main/lessons/loader'
import { ReplayEnv } from '../../src-main/lessons/replay'
import { BASICS_DIR } from './helpers'

const [loaded] = loadLessons(BASICS_DIR)
if (!loaded.available) throw new Error(loaded.error)
const lesson: AvailableLesson = loaded
const text = (env: ReplayEnv) => env.transcript.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '').replace(/\r+\n/g, '\n')

async function withEnv(fn: (env: ReplayEnv) => Promise<void>): Promise<void> {
  const env = new ReplayEnv(lesson, 'instant')
  try {
    await env.start()
    await fn(env)
  } finally {
    await env.close()
  }
}

describe('replay typing waits on the session state', () => {
  it('the next line waits for a slow command to finish: it is typed at the prompt, not ahead of it', async () => {
    await withEnv(async (env) => {
      await env.type(['sleep 0.6', 'echo after'])
      const t = text(env)
      // Nothing was typed during the sleep: the line right after it is the next prompt with `echo after` on it.
      expect(t).toMatch(/\$ sleep 0\.6\n[^\n]*\$ echo after\nafter\n/)
      expect(env.session.busy).toBe(false)
    })
  }, 60_000)

  it('^C waits until the running command has printed something', async () => {
    await withEnv(async (env) => {
      await env.type(['sleep 0.6; echo started; sleep 60', '^C'])
      const t = text(env)
      expect(t).toMatch(/\nstarted\n\^C\n[^\n]*\$ $/)
      expect(env.session.busy).toBe(false)
    })
  }, 60_000)

  it('a line for an interactive command (cat) goes to it while it runs', async () => {
    await withEnv(async (env) => {
      await env.type(['cat', 'hello', '^C', 'echo back'])
      const t = text(env)
      expect(t).toMatch(/\$ cat\nhello\nhello\n\^C\n[^\n]*\$ echo back\nback\n/)
      expect(t).not.toContain('command not found')
    })
  }, 60_000)
})

// "Show me" types like a person: one line per prompt, ^C as Ctrl-C once the watch it stops has gone quiet.
import { describe, expect, it } from 'vitest'
import { createTypist, endsWithPrompt, keysFor } from '../../src-main/app/typist'

const PROMPT = '\x1b[01;32mlearner@ordinal\x1b[00m:\x1b[01;34m~/lesson-1\x1b[00m$ '
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms))

describe('keysFor / endsWithPrompt', () => {
  it('turns ^C and ^D into control keys and other lines into line + Enter', () => {
    expect(keysFor('^C')).toBe('\x03')
    expect(keysFor('^D')).toBe('\x04')
    expect(keysFor('kubectl get pods')).toBe('kubectl get pods\r')
  })
  it('recognises the workstation prompt, busybox prompt and kubectl attach hint, not command output', () => {
    expect(endsWithPrompt(`statefulset.apps/web created\r\n${PROMPT}`)).toBe(true)
    expect(endsWithPrompt('Address 1: 10.244.1.2\r\n/ # ')).toBe(true)
    expect(endsWithPrompt("If you don't see a command prompt, try pressing enter.\r\r\n")).toBe(true)
    expect(endsWithPrompt('web-0   1/1     Running   0          3s\r\n')).toBe(false)
    expect(endsWithPrompt(`${PROMPT}kubectl get pods -w\r\n`)).toBe(false)
  })
})

describe('createTypist', () => {
  const fast = { pollMs: 5, promptQuietMs: 20, quietMs: 400, interruptQuietMs: 120, maxWaitMs: 2000 }

  it('never types a quiz pick (#answer …): it is a click in the panel', async () => {
    const typist = createTypist(fast)
    const sent: string[] = []
    typist.output(PROMPT)
    await typist.type(['#answer web-2'], (d) => sent.push(d))
    typist.output(PROMPT)
    await typist.type(['#answer web-2', 'kubectl get pods'], (d) => sent.push(d))
    expect(sent).toEqual(['kubectl get pods\r'])
  })

  it('types each line only after the previous command printed its prompt', async () => {
    const typist = createTypist(fast)
    const sent: string[] = []
    typist.output(PROMPT)
    const done = typist.type(['kubectl create -f a.yaml', 'kubectl get pods'], (d) => sent.push(d))
    await wait(60)
    expect(sent).toEqual(['kubectl create -f a.yaml\r'])
    await wait(100) // the command is still running: no prompt yet, and not quiet long enough
    typist.output('kubectl create -f a.yaml\r\nservice/nginx created\r\n')
    await wait(100)
    expect(sent).toHaveLength(1)
    typist.output(PROMPT)
    await done
    expect(sent).toEqual(['kubectl create -f a.yaml\r', 'kubectl get pods\r'])
  })

  it('sends ^C as Ctrl-C once the running watch has been quiet for a while, not before', async () => {
    const typist = createTypist(fast)
    const sent: { d: string; at: number }[] = []
    typist.output(PROMPT)
    const start = Date.now()
    const done = typist.type(['kubectl get pods -w', '^C'], (d) => sent.push({ d, at: Date.now() - start }))
    for (let i = 0; i < 4; i++) {
      await wait(50)
      typist.output(`web-${i}   0/1     Pending   0          0s\r\n`) // the watch keeps printing
    }
    expect(sent.map((s) => s.d)).toEqual(['kubectl get pods -w\r'])
    await done
    expect(sent.map((s) => s.d)).toEqual(['kubectl get pods -w\r', '\x03'])
    expect(sent[1].at).toBeGreaterThanOrEqual(200 + 120 - 10) // after the last output plus the quiet time
  })

  it('types anyway when a program prints no prompt, and a newer Show me cancels an older one', async () => {
    const typist = createTypist(fast)
    const a: string[] = []
    const b: string[] = []
    typist.output(PROMPT)
    const first = typist.type(['one', 'two'], (d) => a.push(d))
    await wait(30)
    const second = typist.type(['three'], (d) => b.push(d))
    await Promise.all([first, second])
    expect(a).toEqual(['one\r']) // 'two' was never typed
    expect(b).toEqual(['three\r']) // typed after the quiet fallback (no prompt came back)
  })
})

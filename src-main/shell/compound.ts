// Compound commands: if/elif/else, for, while/until (with break/continue), case, { } and ( ). The interpreter hands
// them here after applying their redirects.
import type { Command, List } from './ast'
import { expandFields, expandPattern, expandString, globToRegex, type ExpandHost } from './expand'
import { AbortedSignal, assignIn, LoopSignal, statusOf, subshellOf, type Io, type State } from './shell-state'

export interface CompoundHost {
  execList(list: List, st: State, io: Io): Promise<number>
  host(st: State, io: Io): ExpandHost
}

type Compound = Exclude<Command, { type: 'simple' } | { type: 'function' }>

export async function execCompound(cmd: Compound, st: State, io: Io, x: CompoundHost): Promise<number> {
  switch (cmd.type) {
    case 'if': {
      for (const b of cmd.branches) {
        if ((await condition(b.cond, st, io, x)) === 0) return x.execList(b.body, st, io)
      }
      return cmd.elseBody ? x.execList(cmd.elseBody, st, io) : 0
    }
    case 'for': {
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(cmd.name)) {
        // bash checks the name when the loop runs (the rest of the line goes on); ash refuses it as a syntax error.
        const sh = x.host(st, io).shellName
        io.stderr.write(sh === 'bash' ? `bash: \`${cmd.name}': not a valid identifier\n` : `${sh}: syntax error: bad for loop variable\n`)
        return sh === 'bash' ? 1 : 2
      }
      const items: string[] = []
      if (cmd.items) for (const w of cmd.items) items.push(...(await expandFields(w, x.host(st, io))))
      else items.push(...st.positional)
      let status = 0
      for (const item of items) {
        assignIn(st, cmd.name, item)
        const r = await loopBody(cmd.body, st, io, x)
        status = r.status
        if (r.stop) break
      }
      return status
    }
    case 'while': {
      let status = 0
      for (let n = 0; ; n++) {
        // Let timers and keystrokes (^C) through even when the loop body never waits.
        if (n % 64 === 63) await new Promise((r) => setTimeout(r, 0))
        if (io.signal.aborted) throw new AbortedSignal()
        const c = await condition(cmd.cond, st, io, x)
        if ((c === 0) === cmd.until) break
        const r = await loopBody(cmd.body, st, io, x)
        status = r.status
        if (r.stop) break
      }
      return status
    }
    case 'case': {
      const value = await expandString(cmd.word, x.host(st, io))
      for (const item of cmd.items) {
        for (const p of item.patterns) {
          const pat = await expandPattern(p, x.host(st, io))
          if (globToRegex(pat, false).test(value)) return item.body.length ? x.execList(item.body, st, io) : 0
        }
      }
      return 0
    }
    case 'group':
      return x.execList(cmd.body, st, io)
    case 'subshell': {
      try {
        return await x.execList(cmd.body, subshellOf(st), io)
      } catch (e) {
        return statusOf(e)
      }
    }
  }
}

/** A condition list: `set -e` does not apply inside it. */
async function condition(list: List, st: State, io: Io, x: CompoundHost): Promise<number> {
  st.condDepth++
  try {
    return await x.execList(list, st, io)
  } finally {
    st.condDepth--
  }
}

async function loopBody(body: List, st: State, io: Io, x: CompoundHost): Promise<{ status: number; stop: boolean }> {
  st.loopDepth++
  try {
    return { status: await x.execList(body, st, io), stop: false }
  } catch (e) {
    if (!(e instanceof LoopSignal)) throw e
    if (e.levels > 1) {
      e.levels--
      throw e
    }
    return { status: 0, stop: e.kind === 'break' }
  } finally {
    st.loopDepth--
  }
}

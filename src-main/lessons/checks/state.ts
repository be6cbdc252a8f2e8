// `state`: objects of a kind (by name, names or selector) and conditions on their fields, optionally a count.
// Converging (waiting) versus contradicted (failed): a status field not there yet, or some of the named objects not
// created yet while others exist, is waiting; a missing workload or a wrong spec is failed.
import type { KObject } from '../../cluster/api-types'
import type { StateCheck } from '../schema'
import { words } from './messages'
import { describeCond, matches, readPath, show } from './json-path'
import type { CheckContext, CheckResult } from './types'

interface Miss {
  name: string
  missing: boolean
  path?: string
  actual?: string
  statusOnly: boolean
}

/** Every field of `o` that is not as wanted and not a status field (what a learner's action can make wrong). */
function specMisses(o: KObject, where: StateCheck['where']): string[] {
  return Object.entries(where ?? {})
    .filter(([path, cond]) => !path.startsWith('status.') && !matches(readPath(o, path), cond))
    .map(([path]) => `${o.metadata.name}: ${path} is ${show(readPath(o, path))}`)
}

function firstMiss(o: KObject, where: StateCheck['where']): Miss | null {
  for (const [path, cond] of Object.entries(where ?? {})) {
    const v = readPath(o, path)
    if (!matches(v, cond)) return { name: o.metadata.name ?? '', missing: false, path, actual: show(v), statusOnly: path.startsWith('status.') }
  }
  return null
}

export async function evalState(spec: StateCheck, ctx: CheckContext): Promise<CheckResult> {
  const w = words(ctx.locale)
  const ns = spec.namespace ?? ctx.namespace
  const conds = Object.entries(spec.where ?? {}).map(([p, c]) => describeCond(p, c))
  const condText = conds.length ? ` ${w.with} ${conds.join(', ')}` : ''
  const names = spec.name ? [spec.name] : spec.names
  const pass = (expected: string): CheckResult => ({ state: 'passed', explanation: null, expected, actual: expected })
  const result = (state: 'waiting' | 'failed', expected: string, actual: string, contradicted = false): CheckResult => ({
    state,
    explanation: w.explain(expected, actual),
    expected,
    actual,
    ...(state === 'failed' && contradicted ? { contradicted } : {}),
  })
  const describeMiss = (m: Miss) => (m.missing ? `${m.name} ${w.missing}` : `${m.name}: ${w.is(m.path!, m.actual!)}`)

  if (names) {
    const objs = await Promise.all(names.map((n) => ctx.client.get(spec.kind, ns, n)))
    const misses: Miss[] = []
    objs.forEach((o, i) => {
      if (!o) misses.push({ name: names[i], missing: true, statusOnly: false })
      else {
        const m = firstMiss(o, spec.where)
        if (m) misses.push(m)
      }
    })
    const expected = `${names.length > 1 ? `${names.length} ` : ''}${spec.kind} ${names.join(', ')}${condText}`
    if (!misses.length) return { ...pass(expected), witness: objs.map((o) => o?.metadata.uid ?? '-').join(',') }
    const anyExists = objs.some(Boolean)
    const waiting = misses.every((m) => (m.missing ? anyExists && names.length > 1 : m.statusOnly))
    const ok = names.length - misses.length
    const actual = (names.length > 1 ? `${ok}: ` : '') + misses.map(describeMiss).join('; ')
    // An object that exists with a wrong spec contradicts the step; one not created yet has not happened yet.
    const findings = objs.flatMap((o) => (o ? specMisses(o, spec.where) : []))
    return { ...result(waiting ? 'waiting' : 'failed', expected, actual, misses.some((m) => !m.missing && !m.statusOnly)), witness: objs.map((o) => o?.metadata.uid ?? '-').join(','), findings }
  }

  const objs = await ctx.client.list(spec.kind, { namespace: ns, labelSelector: spec.selector })
  const witness = objs.map((o) => o.metadata.uid ?? o.metadata.name ?? '').sort().join(',')
  const good = objs.filter((o) => !firstMiss(o, spec.where))
  const bad = objs.map((o) => firstMiss(o, spec.where)).filter((m): m is Miss => !!m)
  const min = typeof spec.count === 'number' ? spec.count : (spec.count?.min ?? 1)
  const max = typeof spec.count === 'number' ? spec.count : spec.count?.max
  const sel = spec.selector ? ` (${spec.selector})` : ''
  const amount = typeof spec.count === 'number' ? `${spec.count} ` : spec.count?.min !== undefined ? `>=${min} ` : ''
  const expected = `${amount}${spec.kind}${sel}${condText}`
  const allMustMatch = spec.count === undefined
  if (good.length >= min && (max === undefined || good.length <= max) && (!allMustMatch || bad.length === 0)) return { ...pass(expected), witness }
  const actual = objs.length === 0 ? w.none : `${good.length}${bad.length ? `: ${bad.map(describeMiss).join('; ')}` : ''}`
  if (objs.length === 0) return { ...result(min === 0 ? 'waiting' : 'failed', expected, actual), witness }
  // Going away: being deleted, or orphaned (its owner is gone, the garbage collector deletes it next: the pods of a
  // StatefulSet just deleted, for a moment before the GC marks them Terminating).
  // Up the chain: a Deployment's pods go when it does, through its ReplicaSet.
  const orphaned = async (o: KObject, depth = 0): Promise<boolean> => {
    for (const ref of o.metadata.ownerReferences ?? []) {
      const owner = await ctx.client.get(ref.kind, ns, ref.name)
      if (!owner || (ref.uid && owner.metadata.uid && owner.metadata.uid !== ref.uid) || owner.metadata.deletionTimestamp) return true
      if (depth < 3 && (await orphaned(owner, depth + 1))) return true
    }
    return false
  }
  const terminating = objs.some((o) => o.metadata.deletionTimestamp) || (await Promise.all(objs.map(orphaned))).some(Boolean)
  const tooMany = max !== undefined && good.length > max
  const waiting = tooMany ? terminating : bad.every((m) => m.statusOnly)
  // Too many is ✗ only when some of them are new in this step (made by the learner, or recreated by a controller
  // after they deleted them): objects still there from before are "not yet deleted", the path to the goal.
  const made = new Set(ctx.client.events().filter((f) => f.seq >= ctx.stepStart.factSeq && f.what === 'Created' && f.kind === spec.kind && f.namespace === ns).map((f) => f.name))
  const newcomers = objs.some((o) => made.has(o.metadata.name ?? ''))
  const findings = [...objs.flatMap((o) => specMisses(o, spec.where)), ...(tooMany && newcomers ? [`new ${spec.kind}: ${objs.filter((o) => made.has(o.metadata.name ?? '')).map((o) => o.metadata.name).join(', ')}`] : [])]
  return { ...result(waiting ? 'waiting' : 'failed', expected, actual, (tooMany && newcomers) || bad.some((m) => !m.statusOnly)), witness, findings }
}

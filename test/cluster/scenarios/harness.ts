// Scenario runner over the pure cluster engine (real runtime, SimClock driven by hand). Every timer is fired one at
// a time and the StatefulSet invariants are checked after EACH one (and, for creations, at the very write that
// creates the pod), so a scenario test proves "never", not just "not at the end".
//
// API (small on purpose; other engine tests reuse it):
//   const s = startScenario({ seed?, timing? })
//   s.store / s.cluster / s.clock           the engine under test
//   await s.run(ms)                          fire every timer due within ms of sim time, checking after each
//   await s.until('web-1 Ready', pred, max?) fire timers until pred() holds (throws with the label after max sim ms)
//   await s.step()                           fire exactly one timer (false when none is pending)
//   s.allowClaimDeletion('www-web-0')        the test itself deletes this claim: not a Retain breach
//   s.violations                             every invariant breach so far (assert `toEqual([])`)
//   s.dispose()
// Invariants: (1) never two live incarnations of one StatefulSet ordinal (in the store or with containers running
// in the runtime); (2) OrderedReady never creates ordinal k while a lower ordinal is missing, terminating or not
// Running+Ready; (3) a claim of a StatefulSet is never deleted while its retention policy says Retain.
import type { KObject } from '../../../src-main/cluster/api-types'
import { SimClock, seededRandom } from '../../../src-main/cluster/clock'
import type { Cluster, ClusterOptions } from '../../../src-main/cluster/cluster-types'
import { assembleCluster } from '../../../src-main/cluster/compose'
import { createRuntime } from '../../../src-main/cluster/runtime'
import { GVRS } from '../../../src-main/cluster/store/registry'
import type { Store } from '../../../src-main/cluster/store/types'
import { createVolumeStore } from '../../../src-main/cluster/volumes'

export interface ScenarioOptions {
  seed?: number
  clock?: SimClock
  timing?: ClusterOptions['timing']
}

export interface Scenario {
  readonly cluster: Cluster
  readonly store: Store
  readonly clock: SimClock
  /** Invariant breaches seen so far, each a readable sentence. */
  readonly violations: string[]
  step(): Promise<boolean>
  run(ms: number): Promise<void>
  until(what: string, pred: () => boolean, maxMs?: number): Promise<void>
  allowClaimDeletion(name: string): void
  dispose(): void
}

const ORDINAL = /^(.*)-([0-9]+)$/
const flushIo = () => new Promise<void>((r) => setImmediate(r))

function ready(p: KObject | undefined): boolean {
  return !!p && p.status?.phase === 'Running' && !!p.status?.conditions?.some((c: any) => c.type === 'Ready' && c.status === 'True')
}

export function startScenario(opts: ScenarioOptions = {}): Scenario {
  const clock = opts.clock ?? new SimClock()
  // Containers alive per pod name → the pod uids they belong to (runtime-level "at most one").
  const alive = new Map<string, Map<string, number>>()
  const uidName = new Map<string, string>()
  const violations: string[] = []
  const note = (v: string) => {
    if (!violations.includes(v)) violations.push(v)
  }
  const track = (uid: string, delta: number) => {
    const name = uidName.get(uid)
    if (!name) return
    const m = alive.get(name) ?? new Map<string, number>()
    const n = (m.get(uid) ?? 0) + delta
    if (n > 0) m.set(uid, n)
    else m.delete(uid)
    if (m.size) alive.set(name, m)
    else alive.delete(name)
  }

  const cluster = assembleCluster(
    { clock, random: seededRandom(opts.seed ?? 7), timing: opts.timing },
    (deps) => {
      const rt = createRuntime(deps)
      const start = rt.startContainer.bind(rt)
      const remove = rt.removePod.bind(rt)
      rt.startContainer = (pod, name, onExit) => {
        uidName.set(pod.metadata.uid!, pod.metadata.name!)
        track(pod.metadata.uid!, 1)
        let exited = false
        start(pod, name, (code) => {
          if (!exited) track(pod.metadata.uid!, -1)
          exited = true
          onExit(code)
        })
      }
      rt.removePod = (uid) => {
        const name = uidName.get(uid)
        if (name) alive.get(name)?.delete(uid)
        if (name && !alive.get(name)?.size) alive.delete(name)
        remove(uid)
      }
      return rt
    },
    createVolumeStore,
  )
  const store = cluster.store

  // Retention policy per StatefulSet, remembered after the object is gone (whenDeleted applies then).
  const policies = new Map<string, { whenDeleted: string; whenScaled: string; templates: string[]; deleting: boolean }>()
  const allowed = new Set<string>()
  const liveUid = new Map<string, string>() // "ns/pod" → uid of the pod object that exists

  const offs = [
    store.watch(GVRS.statefulsets, {}, (e) => {
      const s = e.object
      const key = `${s.metadata.namespace}/${s.metadata.name}`
      const p = s.spec?.persistentVolumeClaimRetentionPolicy ?? {}
      const prev = policies.get(key)
      policies.set(key, {
        whenDeleted: p.whenDeleted ?? 'Retain',
        whenScaled: p.whenScaled ?? 'Retain',
        templates: (s.spec?.volumeClaimTemplates ?? []).map((t: any) => t.metadata?.name),
        deleting: e.type === 'DELETED' || !!s.metadata.deletionTimestamp || (prev?.deleting ?? false) && e.type !== 'ADDED',
      })
    }),
    store.watch(GVRS.pods, { resourceVersion: store.resourceVersion() }, (e) => {
      const p = e.object
      const key = `${p.metadata.namespace}/${p.metadata.name}`
      if (e.type === 'DELETED') {
        if (liveUid.get(key) === p.metadata.uid) liveUid.delete(key)
        return
      }
      if (e.type !== 'ADDED') return
      const before = liveUid.get(key)
      if (before && before !== p.metadata.uid) note(`${p.metadata.name} created while an older ${p.metadata.name} (uid ${before}) still existed`)
      liveUid.set(key, p.metadata.uid!)
      checkOrderedCreate(p)
    }),
    store.watch(GVRS.pvcs, { resourceVersion: store.resourceVersion() }, (e) => {
      if (e.type === 'ADDED') return
      if (e.type === 'MODIFIED' && !e.object.metadata.deletionTimestamp) return
      checkClaimDeletion(e.object)
    }),
  ]

  /** OrderedReady: at the moment pod k is created, every lower ordinal is Running+Ready and not terminating. */
  function checkOrderedCreate(p: KObject): void {
    const owner = p.metadata.ownerReferences?.find((r) => r.controller && r.kind === 'StatefulSet')
    const m = ORDINAL.exec(p.metadata.name ?? '')
    if (!owner || !m || m[1] !== owner.name) return
    const sts = getObj(store, GVRS.statefulsets, owner.name, p.metadata.namespace)
    if (!sts || sts.spec.podManagementPolicy === 'Parallel') return
    const start = sts.spec.ordinals?.start ?? 0
    for (let j = start; j < Number(m[2]); j++) {
      const lower = getObj(store, GVRS.pods, `${owner.name}-${j}`, p.metadata.namespace)
      if (!lower || !ready(lower) || lower.metadata.deletionTimestamp) note(`OrderedReady: ${p.metadata.name} created while ${owner.name}-${j} was not Running+Ready`)
    }
  }

  function checkClaimDeletion(c: KObject): void {
    const name = c.metadata.name!
    if (allowed.has(name)) return
    // A claim deleted because its (condemned) pod owned it is whenScaled: Delete at work.
    if (c.metadata.ownerReferences?.some((r) => r.kind === 'Pod')) {
      const pol = policyFor(c)
      if (pol && pol.whenScaled === 'Retain') note(`claim ${name} was handed to a pod although whenScaled is Retain`)
      return
    }
    const pol = policyFor(c)
    if (!pol) return
    if (!pol.deleting || pol.whenDeleted === 'Retain') note(`claim ${name} deleted under Retain (whenScaled ${pol.whenScaled}, whenDeleted ${pol.whenDeleted})`)
  }

  function policyFor(c: KObject) {
    for (const [key, pol] of policies) {
      const [ns, sts] = key.split('/')
      if (ns !== c.metadata.namespace) continue
      for (const t of pol.templates) {
        const m = ORDINAL.exec(c.metadata.name ?? '')
        if (m && m[1] === `${t}-${sts}`) return pol
      }
    }
    return undefined
  }

  function checkStep(): void {
    for (const [name, uids] of alive) if (uids.size > 1) note(`two incarnations of ${name} had containers running at once`)
  }

  async function step(): Promise<boolean> {
    const fired = clock.step()
    checkStep()
    await flushIo()
    checkStep()
    return fired
  }

  return {
    cluster,
    store,
    clock,
    violations,
    step,
    async run(ms) {
      const target = clock.now() + ms
      for (;;) {
        const at = clock.nextAt()
        if (at === undefined || at > target) break
        await step()
      }
      clock.advanceTo(target)
      checkStep()
    },
    async until(what, pred, maxMs = 600_000) {
      const limit = clock.now() + maxMs
      while (!pred()) {
        const at = clock.nextAt()
        if (at === undefined || at > limit) throw new Error(`scenario: "${what}" not reached within ${maxMs} ms of sim time`)
        await step()
      }
    },
    allowClaimDeletion(name) {
      allowed.add(name)
    },
    dispose() {
      for (const off of offs) off()
      cluster.dispose()
    },
  }
}

/** The object, or undefined where the store would 404. */
export function getObj(store: Store, gvr: (typeof GVRS)[keyof typeof GVRS], name: string, namespace = 'default'): KObject | undefined {
  try {
    return store.get(gvr, namespace, name)
  } catch {
    return undefined
  }
}

export { ready as podRunningAndReady }

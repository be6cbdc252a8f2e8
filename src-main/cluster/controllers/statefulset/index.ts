// statefulset-controller (fidelity §A): stable identities `<sts>-<ordinal>`, per-ordinal claims from
// volumeClaimTemplates, OrderedReady or Parallel management, reverse-ordinal scale-down, RollingUpdate (partition)
// and OnDelete through ControllerRevisions, claim retention policy, adoption/release, and the status block.
// Watches only mark ordinals dirty and enqueue the set; reconcile re-reads those pods from the store (tracker.ts),
// runs one pass (sync.ts) and writes status (status.ts).
import type { KObject, Pod } from '../../api-types'
import type { Clock } from '../../clock'
import { isStatusError } from '../../store/errors'
import { GVRS } from '../../store/registry'
import { matchLabelSelector } from '../../store/selectors'
import { getRef, listRefs, watchRefs } from '../../store/store'
import type { Store } from '../../store/types'
import type { Recorder } from '../events'
import { createQueue, nsKey, splitKey } from '../queue'
import { templateOf } from '../revisions'
import type { Controller } from '../scheduler'
import { syncRevisions, truncateHistory } from './history'
import { claimName, controllerOf, controllerRef, identityMatches, newClaim, newPod, parseName, podName, POD_INDEX_LABEL, POD_NAME_LABEL, spec as specOf, storageMatches } from './identity'
import { claimIsStale, retentionRefs } from './retention'
import { ParentKeys } from './parent-keys'
import { writeStatus } from './status'
import { runPass, type PassOps } from './sync'
import { factsOf, SetState, type Facts } from './tracker'
import { createRef, deleteRef, updateRef } from '../../store/refs'
import { NamespaceLists } from '../../store/namespace-lists'

export { ordinalOf, REVISION_LABEL, POD_NAME_LABEL, POD_INDEX_LABEL } from './identity'

const SOURCE = { component: 'statefulset-controller' }
/** Event reasons per pod verb: success, failure. */
const REASONS = {
  create: ['SuccessfulCreate', 'FailedCreate'],
  update: ['SuccessfulUpdate', 'FailedUpdate'],
  delete: ['SuccessfulDelete', 'FailedDelete'],
} as const

export function startStatefulSetController(deps: { store: Store; clock: Clock; recorder: Recorder }): Controller {
  const { store, clock, recorder } = deps
  const q = createQueue(clock, 'statefulset', reconcile)
  const states = new Map<string, SetState>() // "ns/sts" → index of its pods
  const claimPrefixes = new Map<string, string>() // "ns/<template>-<sts>" → "ns/sts"
  const revisionLists = new NamespaceLists(store, GVRS.controllerrevisions)
  const podKeys = new ParentKeys() // pod name → "ns/sts" and ordinal
  const claimKeys = new ParentKeys() // claim name → "ns/<template>-<sts>" and ordinal
  // Set while a reconcile writes status after a quiet pass (see below): that write's own MODIFIED event then
  // enqueues no second pass, which would run at the same sim time on the same state and do nothing. Pod and claim
  // changes enqueue through their own watches; a pass that took, failed or deferred a step is not quiet.
  let quietStatusWrite: string | undefined

  const stateOf = (key: string) => {
    let s = states.get(key)
    if (!s) states.set(key, (s = new SetState()))
    return s
  }
  const touch = (key: string, ord: number) => {
    stateOf(key).dirty.add(ord)
    q.add(key)
  }

  const unwatch = [
    watchRefs(store, GVRS.statefulsets, {}, (e) => {
      const key = nsKey(e.object.metadata.namespace, e.object.metadata.name!)
      if (key === quietStatusWrite) {
        // The first delivery during our own status write is that write (writes made by its listeners queue behind
        // it): a pass right after a quiet one, at the same sim time, would find the same state and do nothing.
        quietStatusWrite = undefined
        if (e.type === 'MODIFIED') return
      }
      q.add(key)
    }),
    watchRefs(store, GVRS.pods, { resourceVersion: store.resourceVersion() }, (e) => {
      const md = e.object.metadata
      const p = podKeys.of(md.namespace, md.name)
      if (e.type === 'DELETED') podKeys.forget(md.namespace, md.name)
      if (!p) return
      const st = stateOf(p.key)
      if (e.type === 'DELETED') st.names.delete(p.ordinal)
      else st.names.add(p.ordinal)
      st.dirty.add(p.ordinal) // touch(), with the state already at hand
      q.add(p.key)
    }),
    watchRefs(store, GVRS.pvcs, { resourceVersion: store.resourceVersion() }, (e) => {
      // A claim changing (deleted, re-owned) can unblock a create or need its ownerReferences fixed.
      const md = e.object.metadata
      const p = claimKeys.of(md.namespace, md.name)
      if (e.type === 'DELETED') claimKeys.forget(md.namespace, md.name)
      const key = p && claimPrefixes.get(p.key)
      if (key) touch(key, p.ordinal)
    }),
  ]
  // Pods that already exist (a restored snapshot) are indexed before the first pass.
  for (const p of listRefs(store, GVRS.pods)) {
    const n = parseName(p.metadata.name)
    if (n) stateOf(nsKey(p.metadata.namespace, n.parent)).names.add(n.ordinal)
  }

  function reconcile(key: string): void {
    const { namespace, name } = splitKey(key)
    const ns = namespace!
    const sts = getRef(store, GVRS.statefulsets, ns, name)
    const st = stateOf(key)
    if (!sts) {
      st.reset()
      return
    }
    const sp = specOf(sts)
    if (st.uid !== sts.metadata.uid) {
      st.reset()
      st.uid = sts.metadata.uid!
      st.generation = -1
    }
    if (st.generation !== sts.metadata.generation) {
      st.generation = sts.metadata.generation ?? 0
      st.allDirty = true
      // Claim templates only change with the spec (generation) or with a new set (uid, which resets generation).
      for (const t of sp.templates) claimPrefixes.set(nsKey(ns, `${t.metadata?.name}-${name}`), key)
    }
    st.setRange(sp.start, sp.replicas)
    const revisionChanges = revisionLists.changes
    refresh(sts, st)
    const rev = syncRevisions(store, sts, revisionLists)
    const ops = sts.metadata.deletionTimestamp ? undefined : opsFor(sts, st, sp)
    if (ops) runPass(st, sts, sp, rev, ops)
    // Actions above changed pods; their watch events marked them dirty, so status counts what the store now holds.
    refresh(sts, st)
    st.allDirty = false
    for (const ord of st.needsCheck) if (!st.facts.has(ord)) st.needsCheck.delete(ord)
    // Quiet: a live set (GC deletes a deleting set's revisions behind its back), no step taken, failed or deferred,
    // no revision written by anyone during the pass (revision changes enqueue nothing by themselves), and the same
    // currentRevision and collisionCount (the status fields the next pass reads back: a new currentRevision
    // changes which revisions are live).
    let quiet = !!ops && !ops.acted && revisionLists.changes === revisionChanges
    let status: Record<string, unknown>
    try {
      status = writeStatus(
        store,
        clock,
        sts,
        st,
        rev,
        sp,
        (ms) => {
          quiet = false
          q.addAfter(key, ms)
        },
        (next) => {
          if (quiet && next.currentRevision === sts.status?.currentRevision && next.collisionCount === sts.status?.collisionCount) quietStatusWrite = key
        },
      )
    } finally {
      quietStatusWrite = undefined
    }
    truncateHistory(store, sts, revisionLists, (n) => n === rev.current || n === rev.update || n === status.currentRevision || st.anyRevision.has(n))
  }

  /** Re-read dirty ordinals from the store: adopt matching orphans, release pods that stopped matching. */
  function refresh(sts: Readonly<KObject>, st: SetState): void {
    if (!st.allDirty && !st.dirty.size) return
    const ords = st.allDirty ? [...new Set([...st.names, ...st.facts.keys()])] : [...st.dirty]
    st.dirty.clear()
    for (const ord of ords) {
      st.needsCheck.add(ord)
      st.set(ord, ownedFacts(sts, ord))
    }
  }

  function ownedFacts(sts: Readonly<KObject>, ord: number): Facts | undefined {
    const ns = sts.metadata.namespace!
    const pod = getRef(store, GVRS.pods, ns, podName(sts, ord))
    if (!pod) return undefined
    const ref = controllerOf(pod)
    const matches = matchLabelSelector(sts.spec.selector, pod.metadata.labels)
    if (ref?.uid === sts.metadata.uid) {
      if (matches) return factsOf(pod)
      if (!pod.metadata.deletionTimestamp) {
        // Relabelled out of the selector: let it go (it keeps running, the set makes a replacement).
        updateRef(store, GVRS.pods, ns, pod.metadata.name!, { ...pod, metadata: { ...pod.metadata, ownerReferences: pod.metadata.ownerReferences!.filter((r) => r.uid !== sts.metadata.uid) } })
      }
      return undefined
    }
    if (!ref && matches && !sts.metadata.deletionTimestamp && !pod.metadata.deletionTimestamp) {
      const adopted = updateRef(store, GVRS.pods, ns, pod.metadata.name!, { ...pod, metadata: { ...pod.metadata, ownerReferences: [...(pod.metadata.ownerReferences ?? []), controllerRef(sts)] } })
      return factsOf(adopted)
    }
    return undefined
  }

  function opsFor(sts: Readonly<KObject>, st: SetState, sp: ReturnType<typeof specOf>) {
    const ns = sts.metadata.namespace!
    const setName = sts.metadata.name!
    // Helpers are methods of `ops`, not local arrow functions: this object is built for every pass, and (under the
    // tsx loader's keepNames) each named local closure costs a defineProperty per pass.
    const ops = {
      /** Whether this pass wrote, tried to write, or asked to run again (see quietStatusWrite). */
      acted: false,

      podEvent(verb: 'create' | 'update' | 'delete', pod: string, err?: unknown): void {
        if (err === undefined) recorder.event(sts, 'Normal', REASONS[verb][0], `${verb} Pod ${pod} in StatefulSet ${setName} successful`, SOURCE)
        else recorder.event(sts, 'Warning', REASONS[verb][1], `${verb} Pod ${pod} in StatefulSet ${setName} failed error: ${(err as Error).message}`, SOURCE)
      },

      /** upstream createPersistentVolumeClaims: create the missing ones; a claim being deleted is an error. */
      createClaims(ord: number): Error | undefined {
        const errs: string[] = []
        for (const t of sp.templates) {
          const claimKey = claimName(t, sts, ord)
          const existing = getRef(store, GVRS.pvcs, ns, claimKey)
          if (existing) {
            if (existing.metadata.deletionTimestamp) errs.push(`pvc ${claimKey} is being deleted`)
            continue
          }
          ops.acted = true
          const claim = newClaim(sts, t, ord)
          const pod = podName(sts, ord)
          try {
            createRef(store, GVRS.pvcs, ns, claim)
            recorder.event(sts, 'Normal', 'SuccessfulCreate', `create Claim ${claim.metadata.name} Pod ${pod} in StatefulSet ${setName} success`, SOURCE)
          } catch (e) {
            errs.push(`failed to create PVC ${claim.metadata.name}: ${(e as Error).message}`)
            if (!(isStatusError(e) && e.code === 409)) {
              recorder.event(sts, 'Warning', 'FailedCreate', `create Claim ${claim.metadata.name} for Pod ${pod} in StatefulSet ${setName} failed error: ${(e as Error).message}`, SOURCE)
            }
          }
        }
        if (errs.length) ops.acted = true
        return errs.length ? new Error(errs.length === 1 ? errs[0] : `[${errs.join(', ')}]`) : undefined
      },

      template(revision: string): unknown {
        let t = st.templates.get(revision)
        if (t === undefined) {
          const r = getRef(store, GVRS.controllerrevisions, ns, revision)
          t = r ? templateOf(r as KObject) : sts.spec.template
          if (r) st.templates.set(revision, t)
        }
        return t
      },

      now(): number {
        return clock.now()
      },
      requeueAfter(ms: number): void {
        ops.acted = true
        q.addAfter(nsKey(ns, setName), ms)
      },
      create(ord: number, revision: string): boolean {
        ops.acted = true
        const pod = podName(sts, ord)
        // whenScaled: Delete leaves a claim owned by the old pod until GC removes it: never reuse that one.
        for (const t of sp.templates) {
          const c = getRef(store, GVRS.pvcs, ns, claimName(t, sts, ord))
          if (c && claimIsStale(c, pod, undefined, sp)) return false
        }
        const err = ops.createClaims(ord)
        if (err) {
          ops.podEvent('create', pod, err)
          return false
        }
        try {
          createRef(store, GVRS.pods, ns, newPod(sts, ord, ops.template(revision), revision))
          ops.podEvent('create', pod)
          return true
        } catch (e) {
          ops.podEvent('create', pod, e)
          return false
        }
      },
      recreate(ord: number, f: Facts, revision: string): void {
        ops.acted = true
        const failed = f.pod.status?.phase === 'Failed'
        recorder.event(
          sts,
          failed ? 'Warning' : 'Normal',
          failed ? 'RecreatingFailedPod' : 'RecreatingTerminatedPod',
          `StatefulSet ${ns}/${setName} is recreating ${failed ? 'failed' : 'terminated'} Pod ${f.pod.metadata.name}`,
          SOURCE,
        )
        if (!ops.delete(f)) return
        // A finished pod is removed at once (no grace period), so its replacement can be made in the same pass.
        if (!getRef(store, GVRS.pods, ns, f.pod.metadata.name!)) ops.create(ord, revision)
      },
      createMissingClaims(ord: number): void {
        const err = ops.createClaims(ord)
        if (err) ops.podEvent('create', podName(sts, ord), err)
      },
      repair(ord: number, f: Facts, scaledDown: boolean): void {
        const pod = f.pod
        for (const t of sp.templates) {
          const c = getRef(store, GVRS.pvcs, ns, claimName(t, sts, ord))
          if (!c || c.metadata.deletionTimestamp) continue
          const refs = retentionRefs(c, sts, pod, scaledDown, sp)
          if (refs) ops.acted = true
          if (refs) updateRef(store, GVRS.pvcs, ns, c.metadata.name!, { ...c, metadata: { ...c.metadata, ownerReferences: refs.length ? refs : undefined } })
        }
        if (scaledDown || f.terminating || (identityMatches(sts, pod, ord) && storageMatches(sts, pod, ord))) return
        // Someone removed the identity labels (or volumes): put them back in place, as upstream does.
        ops.acted = true
        const next = structuredClone(pod) as Pod
        next.metadata.labels = { ...(next.metadata.labels ?? {}), [POD_NAME_LABEL]: pod.metadata.name!, [POD_INDEX_LABEL]: String(ord) }
        if (!storageMatches(sts, pod, ord)) next.spec.volumes = newPod(sts, ord, { spec: pod.spec }, f.revision).spec.volumes
        try {
          updateRef(store, GVRS.pods, ns, pod.metadata.name!, next)
          ops.podEvent('update', pod.metadata.name!)
        } catch (e) {
          if (isStatusError(e) && (e.code === 404 || e.code === 409)) return
          ops.podEvent('update', pod.metadata.name!, e)
        }
      },
      delete(f: Facts): boolean {
        ops.acted = true
        try {
          deleteRef(store, GVRS.pods, ns, f.pod.metadata.name!, { preconditions: { uid: f.uid } })
          ops.podEvent('delete', f.pod.metadata.name!)
          return true
        } catch (e) {
          if (isStatusError(e) && (e.code === 404 || e.code === 409)) return false
          ops.podEvent('delete', f.pod.metadata.name!, e)
          return false
        }
      },
    }
    return ops satisfies PassOps
  }

  return {
    dispose() {
      for (const u of unwatch) u()
      revisionLists.dispose()
      q.dispose()
    },
  }
}

// statefulset-controller (fidelity §A): stable identities `<sts>-<ordinal>`, per-ordinal PVCs from
// volumeClaimTemplates, OrderedReady (one at a time, waiting for Running+Ready) or Parallel management,
// reverse-ordinal scale-down, RollingUpdate/OnDelete via ControllerRevisions, and the status block.
// One reconcile = one pass of the upstream algorithm; every pod/sts change triggers another pass.
import type { KObject, OwnerReference, Pod } from '../api-types'
import type { Clock } from '../clock'
import { isStatusError } from '../store/errors'
import { GVRS } from '../store/registry'
import { getRef, listRefs } from '../store/store'
import { matchLabelSelector } from '../store/selectors'
import type { Store } from '../store/types'
import { podIsReady } from './endpoints'
import type { Recorder } from './events'
import { createQueue, nsKey, splitKey } from './queue'
import { revisionHash, revisionName, sameRevisionData, templateOf, templatePatch } from './revisions'
import type { Controller } from './scheduler'

const SOURCE = { component: 'statefulset-controller' }
const ORDINAL = /^(.*)-([0-9]+)$/
export const REVISION_LABEL = 'controller-revision-hash'
export const POD_NAME_LABEL = 'statefulset.kubernetes.io/pod-name'
export const POD_INDEX_LABEL = 'apps.kubernetes.io/pod-index'

export function ordinalOf(sts: KObject, pod: KObject): number | undefined {
  const m = ORDINAL.exec(pod.metadata.name ?? '')
  if (!m || m[1] !== sts.metadata.name) return undefined
  return Number(m[2])
}

function ownerRef(sts: KObject): OwnerReference {
  return { apiVersion: 'apps/v1', kind: 'StatefulSet', name: sts.metadata.name!, uid: sts.metadata.uid!, controller: true, blockOwnerDeletion: true }
}

function controllerOf(o: KObject): OwnerReference | undefined {
  return o.metadata.ownerReferences?.find((r) => r.controller)
}

const terminating = (p: KObject) => !!p.metadata.deletionTimestamp
const finished = (p: KObject) => p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed'

function readySince(pod: KObject): number | undefined {
  const c = pod.status?.conditions?.find((x: any) => x.type === 'Ready' && x.status === 'True')
  return c?.lastTransitionTime ? Date.parse(c.lastTransitionTime) : undefined
}

export function startStatefulSetController(deps: { store: Store; clock: Clock; recorder: Recorder }): Controller {
  const { store, clock, recorder } = deps
  const q = createQueue(clock, 'statefulset', reconcile)

  const enqueueForPod = (pod: KObject) => {
    const ref = controllerOf(pod)
    if (ref?.kind === 'StatefulSet') return q.add(nsKey(pod.metadata.namespace, ref.name))
    // Orphans may be adopted by a matching StatefulSet.
    for (const s of listRefs(store, GVRS.statefulsets, { namespace: pod.metadata.namespace })) {
      if (matchLabelSelector(s.spec?.selector, pod.metadata.labels)) q.add(nsKey(s.metadata.namespace, s.metadata.name!))
    }
  }
  const unwatch = [
    store.watch(GVRS.statefulsets, {}, (e) => q.add(nsKey(e.object.metadata.namespace, e.object.metadata.name!))),
    store.watch(GVRS.pods, { resourceVersion: store.resourceVersion() }, (e) => enqueueForPod(e.object)),
    store.watch(GVRS.pvcs, { resourceVersion: store.resourceVersion() }, (e) => {
      // A stale claim finishing its deletion unblocks pod creation.
      if (e.type === 'DELETED') for (const s of store.list(GVRS.statefulsets, { namespace: e.object.metadata.namespace }).items) q.add(nsKey(s.metadata.namespace, s.metadata.name!))
    }),
  ]

  function tryGet(gvr: typeof GVRS.statefulsets | typeof GVRS.pvcs, ns: string | undefined, name: string): KObject | undefined {
    return getRef(store, gvr, ns, name) // read-only: every write below goes through a spread copy
  }

  function reconcile(key: string): void {
    const { namespace, name } = splitKey(key)
    const sts = tryGet(GVRS.statefulsets, namespace, name)
    if (!sts) return
    const ns = namespace!
    const uid = sts.metadata.uid!
    const selector = sts.spec.selector

    // Claim (adopt) matching orphans, release owned pods that no longer match.
    const pods: Pod[] = []
    for (const p of listRefs(store, GVRS.pods, { namespace: ns }) as Pod[]) {
      const ref = controllerOf(p)
      const matches = matchLabelSelector(selector, p.metadata.labels) && ordinalOf(sts, p) !== undefined
      if (ref?.uid === uid) {
        if (matches) pods.push(p)
        else if (!terminating(p)) {
          store.update(GVRS.pods, ns, p.metadata.name!, { ...p, metadata: { ...p.metadata, ownerReferences: p.metadata.ownerReferences!.filter((r) => r.uid !== uid) } })
        }
      } else if (!ref && matches && !sts.metadata.deletionTimestamp && !terminating(p)) {
        pods.push(store.update(GVRS.pods, ns, p.metadata.name!, { ...p, metadata: { ...p.metadata, ownerReferences: [...(p.metadata.ownerReferences ?? []), ownerRef(sts)] } }) as Pod)
      }
    }

    const { current, update } = syncRevisions(sts)
    if (sts.metadata.deletionTimestamp) {
      writeStatus(sts, pods, current, update)
      return
    }

    const replicas: number = sts.spec.replicas ?? 1
    const start: number = sts.spec.ordinals?.start ?? 0
    const monotonic = sts.spec.podManagementPolicy !== 'Parallel'
    const minReady = (sts.spec.minReadySeconds ?? 0) * 1000
    const slots: (Pod | undefined)[] = new Array(replicas).fill(undefined)
    const condemned: Pod[] = []
    for (const p of pods) {
      const ord = ordinalOf(sts, p)!
      if (ord >= start && ord < start + replicas) slots[ord - start] = p
      else condemned.push(p)
    }
    condemned.sort((a, b) => ordinalOf(sts, b)! - ordinalOf(sts, a)!)
    const partition = sts.spec.updateStrategy?.type === 'RollingUpdate' ? (sts.spec.updateStrategy.rollingUpdate?.partition ?? 0) : 0

    const pass = (): void => {
      let unhealthy = false
      for (let i = 0; i < replicas; i++) {
        const ord = start + i
        const pod = slots[i]
        if (!pod) {
          const useCurrent = sts.spec.updateStrategy?.type === 'RollingUpdate' && ord < start + partition
          const created = createPod(sts, ord, useCurrent ? current : update)
          if (created) slots[i] = created
          if (monotonic) return
          unhealthy = true
          continue
        }
        if (finished(pod) && !terminating(pod)) {
          deletePod(sts, pod)
          if (monotonic) return
          unhealthy = true
          continue
        }
        if (pod.status?.phase === 'Pending') ensureClaims(sts, ord, pod)
        if (terminating(pod) || !podIsReady(pod)) {
          if (monotonic) return
          unhealthy = true
          continue
        }
        if (minReady > 0) {
          const since = readySince(pod)
          const left = since === undefined ? minReady : since + minReady - clock.now()
          if (left > 0) {
            q.addAfter(key, left)
            if (monotonic) return
            unhealthy = true
            continue
          }
        }
      }
      // Scale down: highest ordinal first; OrderedReady one at a time and only when everything below is healthy.
      for (const pod of condemned) {
        if (terminating(pod)) {
          if (monotonic) return
          continue
        }
        if (monotonic && unhealthy) return
        deletePod(sts, pod)
        if (monotonic) return
      }
      if (unhealthy) return
      // RollingUpdate: newest-first, one pod at a time, down to the partition.
      if (sts.spec.updateStrategy?.type !== 'RollingUpdate') return
      for (let i = replicas - 1; i >= 0; i--) {
        const ord = start + i
        if (ord < start + partition) break
        const pod = slots[i]!
        if (pod.metadata.labels?.[REVISION_LABEL] !== update && !terminating(pod)) {
          deletePod(sts, pod)
          return
        }
        if (terminating(pod) || !podIsReady(pod)) return
      }
    }
    pass()
    writeStatus(sts, listRefs(store, GVRS.pods, { namespace: ns }).filter((p) => controllerOf(p)?.uid === uid && ordinalOf(sts, p) !== undefined) as Pod[], current, update)
  }

  /** Find or create the revision for the current template; returns revision names. */
  function syncRevisions(sts: KObject): { current: string; update: string } {
    const ns = sts.metadata.namespace!
    const revs = store
      .list(GVRS.controllerrevisions, { namespace: ns })
      .items.filter((r) => controllerOf(r)?.uid === sts.metadata.uid)
      .sort((a, b) => (a.revision ?? 0) - (b.revision ?? 0))
    const patch = templatePatch(sts)
    const maxRev = revs.reduce((m, r) => Math.max(m, r.revision ?? 0), 0)
    let updateRev = revs.find((r) => sameRevisionData(r.data, patch))
    if (updateRev && updateRev.revision !== maxRev) {
      // Rolling back to an older template reuses its revision with a new number.
      updateRev = store.update(GVRS.controllerrevisions, ns, updateRev.metadata.name!, { ...updateRev, revision: maxRev + 1 })
    }
    if (!updateRev) {
      const collision = sts.status?.collisionCount ?? 0
      const hash = revisionHash(patch, collision)
      const name = revisionName(sts, hash)
      try {
        updateRev = store.create(GVRS.controllerrevisions, ns, {
          apiVersion: 'apps/v1',
          kind: 'ControllerRevision',
          metadata: { name, namespace: ns, labels: { ...(sts.spec.template?.metadata?.labels ?? {}), 'controller.kubernetes.io/hash': hash }, ownerReferences: [ownerRef(sts)] },
          data: patch,
          revision: maxRev + 1,
        })
      } catch (e) {
        if (!(isStatusError(e) && e.code === 409)) throw e
        updateRev = store.get(GVRS.controllerrevisions, ns, name)
      }
    }
    const updateName = updateRev.metadata.name!
    const cur = sts.status?.currentRevision
    const current = cur && revs.some((r) => r.metadata.name === cur) ? cur : updateName
    // Trim history: keep live revisions and the newest `revisionHistoryLimit` others.
    const limit = sts.spec.revisionHistoryLimit ?? 10
    const live = new Set([current, updateName])
    for (const p of listRefs(store, GVRS.pods, { namespace: ns })) if (controllerOf(p)?.uid === sts.metadata.uid) live.add(p.metadata.labels?.[REVISION_LABEL] ?? '')
    const old = revs.filter((r) => !live.has(r.metadata.name!))
    for (const r of old.slice(0, Math.max(0, old.length - limit))) store.delete(GVRS.controllerrevisions, ns, r.metadata.name!)
    return { current, update: updateName }
  }

  function claimName(tmpl: any, sts: KObject, ord: number): string {
    return `${tmpl.metadata?.name}-${sts.metadata.name}-${ord}`
  }

  /** Create missing PVCs for ordinal `ord`. Returns false if a claim is still being deleted (must wait). */
  function ensureClaims(sts: KObject, ord: number, pod?: KObject): boolean {
    const ns = sts.metadata.namespace!
    let ok = true
    for (const tmpl of sts.spec.volumeClaimTemplates ?? []) {
      const cname = claimName(tmpl, sts, ord)
      const existing = tryGet(GVRS.pvcs, ns, cname)
      if (existing) {
        if (existing.metadata.deletionTimestamp) ok = false
        continue
      }
      const whenDeleted = sts.spec.persistentVolumeClaimRetentionPolicy?.whenDeleted ?? 'Retain'
      const podName = `${sts.metadata.name}-${ord}`
      try {
        store.create(GVRS.pvcs, ns, {
          apiVersion: 'v1',
          kind: 'PersistentVolumeClaim',
          metadata: {
            name: cname,
            namespace: ns,
            labels: { ...(tmpl.metadata?.labels ?? {}), ...(sts.spec.selector?.matchLabels ?? {}) },
            ...(tmpl.metadata?.annotations ? { annotations: { ...tmpl.metadata.annotations } } : {}),
            ...(whenDeleted === 'Delete' ? { ownerReferences: [{ ...ownerRef(sts), controller: true }] } : {}),
          },
          spec: structuredClone(tmpl.spec),
        })
        recorder.event(sts, 'Normal', 'SuccessfulCreate', `create Claim ${cname} Pod ${podName} in StatefulSet ${sts.metadata.name} success`, SOURCE)
      } catch (e) {
        recorder.event(sts, 'Warning', 'FailedCreate', `create Claim ${cname} for Pod ${podName} in StatefulSet ${sts.metadata.name} failed error: ${(e as Error).message}`, SOURCE)
        ok = false
      }
      void pod
    }
    return ok
  }

  function createPod(sts: KObject, ord: number, revision: string): Pod | undefined {
    const ns = sts.metadata.namespace!
    const podName = `${sts.metadata.name}-${ord}`
    if (!ensureClaims(sts, ord)) return undefined
    let template = sts.spec.template
    if (revision) {
      try {
        template = templateOf(store.get(GVRS.controllerrevisions, ns, revision))
      } catch {
        template = sts.spec.template
      }
    }
    const spec = structuredClone(template.spec ?? {})
    spec.hostname = podName
    if (sts.spec.serviceName) spec.subdomain = sts.spec.serviceName
    const volumes: any[] = (spec.volumes ?? []).filter((v: any) => !(sts.spec.volumeClaimTemplates ?? []).some((t: any) => t.metadata?.name === v.name))
    for (const t of sts.spec.volumeClaimTemplates ?? []) volumes.push({ name: t.metadata.name, persistentVolumeClaim: { claimName: claimName(t, sts, ord) } })
    if (volumes.length) spec.volumes = volumes
    const pod: KObject = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: podName,
        namespace: ns,
        labels: { ...(template.metadata?.labels ?? {}), [REVISION_LABEL]: revision, [POD_INDEX_LABEL]: String(ord), [POD_NAME_LABEL]: podName },
        ...(template.metadata?.annotations ? { annotations: { ...template.metadata.annotations } } : {}),
        ownerReferences: [ownerRef(sts)],
      },
      spec,
    }
    try {
      const created = store.create(GVRS.pods, ns, pod) as Pod
      recorder.event(sts, 'Normal', 'SuccessfulCreate', `create Pod ${podName} in StatefulSet ${sts.metadata.name} successful`, SOURCE)
      return created
    } catch (e) {
      // The old pod object still exists (terminating): wait for it to be gone.
      if (isStatusError(e) && e.code === 409 && e.reason === 'AlreadyExists') return undefined
      recorder.event(sts, 'Warning', 'FailedCreate', `create Pod ${podName} in StatefulSet ${sts.metadata.name} failed error: ${(e as Error).message}`, SOURCE)
      return undefined
    }
  }

  function deletePod(sts: KObject, pod: KObject): void {
    const ns = sts.metadata.namespace!
    const ord = ordinalOf(sts, pod)!
    const replicas = sts.spec.replicas ?? 1
    const start = sts.spec.ordinals?.start ?? 0
    // whenScaled: Delete — hand the condemned pod's claims to the pod so GC removes them after it.
    if (sts.spec.persistentVolumeClaimRetentionPolicy?.whenScaled === 'Delete' && (ord < start || ord >= start + replicas)) {
      for (const t of sts.spec.volumeClaimTemplates ?? []) {
        const c = tryGet(GVRS.pvcs, ns, claimName(t, sts, ord))
        if (!c || c.metadata.ownerReferences?.some((r) => r.uid === pod.metadata.uid)) continue
        store.update(GVRS.pvcs, ns, c.metadata.name!, {
          ...c,
          metadata: { ...c.metadata, ownerReferences: [{ apiVersion: 'v1', kind: 'Pod', name: pod.metadata.name!, uid: pod.metadata.uid!, controller: false, blockOwnerDeletion: true }] },
        })
      }
    }
    try {
      store.delete(GVRS.pods, ns, pod.metadata.name!, { preconditions: { uid: pod.metadata.uid } })
      recorder.event(sts, 'Normal', 'SuccessfulDelete', `delete Pod ${pod.metadata.name} in StatefulSet ${sts.metadata.name} successful`, SOURCE)
    } catch (e) {
      if (isStatusError(e) && e.code === 404) return
      recorder.event(sts, 'Warning', 'FailedDelete', `delete Pod ${pod.metadata.name} in StatefulSet ${sts.metadata.name} failed error: ${(e as Error).message}`, SOURCE)
    }
  }

  function writeStatus(sts: KObject, pods: Pod[], current: string, update: string): void {
    const minReady = (sts.spec.minReadySeconds ?? 0) * 1000
    const status: any = {
      observedGeneration: sts.metadata.generation,
      replicas: 0,
      readyReplicas: 0,
      currentReplicas: 0,
      updatedReplicas: 0,
      currentRevision: current,
      updateRevision: update,
      collisionCount: sts.status?.collisionCount ?? 0,
      availableReplicas: 0,
    }
    for (const p of pods) {
      status.replicas++
      if (podIsReady(p)) {
        status.readyReplicas++
        const since = readySince(p)
        if (minReady === 0 || (since !== undefined && clock.now() - since >= minReady)) status.availableReplicas++
      }
      if (terminating(p)) continue
      if (p.metadata.labels?.[REVISION_LABEL] === current) status.currentReplicas++
      if (p.metadata.labels?.[REVISION_LABEL] === update) status.updatedReplicas++
    }
    const want = sts.spec.replicas ?? 1
    if (sts.spec.updateStrategy?.type === 'RollingUpdate' && status.updatedReplicas === want && status.readyReplicas === want && status.replicas === want) {
      status.currentRevision = update
      status.currentReplicas = status.updatedReplicas
    }
    const order = ['availableReplicas', 'collisionCount', 'currentReplicas', 'currentRevision', 'observedGeneration', 'readyReplicas', 'replicas', 'updateRevision', 'updatedReplicas']
    const sorted: any = {}
    for (const k of order) if (!(k === 'readyReplicas' || k === 'currentReplicas' || k === 'updatedReplicas') || status[k] > 0) sorted[k] = status[k]
    if (JSON.stringify(sorted) === JSON.stringify(sts.status ?? {})) return
    const latest = store.get(GVRS.statefulsets, sts.metadata.namespace, sts.metadata.name!)
    store.update(GVRS.statefulsets, sts.metadata.namespace, sts.metadata.name!, { ...latest, status: sorted }, { subresource: 'status' })
  }

  return {
    dispose() {
      for (const u of unwatch) u()
      q.dispose()
    },
  }
}

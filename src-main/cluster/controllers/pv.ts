// The PersistentVolume controller + the local-path provisioner + the pvc/pv-protection controllers, merged:
// bind claims to volumes, provision `pvc-<uid>` volumes through the claim's StorageClass (Immediate, or once the
// scheduler picked a node for WaitForFirstConsumer), release and reclaim volumes whose claim is gone, and drop
// protection finalizers when nothing uses the object any more.
import type { KObject } from '../api-types'
import type { Clock } from '../clock'
import { rfc3339, uuidV4 } from '../store/ids'
import { GVRS } from '../store/registry'
import { getRef, listRefs, watchRefs } from '../store/store'
import type { Store } from '../store/types'
import { parseQuantity } from '../validate'
import type { VolumeStore } from '../volumes/types'
import type { Recorder } from './events'
import { createQueue, splitKey } from './queue'
import { claimNames, SELECTED_NODE, type Controller } from './scheduler'
import { createRef, deleteRef, updateRef } from '../store/refs'

const PVC_PROTECTION = 'kubernetes.io/pvc-protection'
const PV_PROTECTION = 'kubernetes.io/pv-protection'
const CONTROLLER = { component: 'persistentvolume-controller' }

export function startPvController(deps: { store: Store; clock: Clock; random: () => number; recorder: Recorder; volumes: VolumeStore; provisionMs?: number }): Controller {
  const { store, clock, recorder, volumes } = deps
  const provisionMs = deps.provisionMs ?? 1500
  const provisioning = new Set<string>() // pvc uid
  const provisionerId = `rancher.io/local-path_local-path-provisioner-7577fdbbfb-${'xk2pq'}_${uuidV4(deps.random)}`
  const q = createQueue(clock, 'pv-controller', reconcile)

  // The stored (frozen) objects: this controller only reads them and writes through spread copies.
  const get = (gvr: typeof GVRS.pvs | typeof GVRS.pvcs | typeof GVRS.storageclasses, ns: string | undefined, name: string): KObject | undefined =>
    getRef(store, gvr, ns, name) as KObject | undefined

  // Indexes kept from the watches, so a claim's reconcile does not scan every pod of its namespace (pvc-protection)
  // nor every volume in the cluster (binding): both made a 1,000-claim StatefulSet quadratic.
  const activeClaimUsers = new Map<string, Set<string>>() // "ns/claim" → keys of non-terminal pods mounting it
  const claimsOfPod = new Map<string, string[]>() // pod key → the "ns/claim" keys it is counted under
  const volumesOfPod = new Map<string, unknown>() // active pod's uid → the (frozen) spec.volumes its claims were read from
  /** Count the pod under the claims it mounts while it is active. Returns whether that changed: the only thing
   *  about a pod a claim's reconcile looks at (pvc-protection). */
  const indexPod = (deleted: boolean, p: Readonly<KObject>): boolean => {
    const terminal = p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed'
    // Most pod writes are status writes of an active pod: they keep the stored spec.volumes, so a counted pod stays
    // where it is (checked before building its key: this runs for every pod write).
    if (!deleted && !terminal && p.spec?.volumes !== undefined && volumesOfPod.get(p.metadata.uid!) === p.spec.volumes) return false
    const key = `${p.metadata.namespace}/${p.metadata.name}`
    const had = claimsOfPod.get(key)
    volumesOfPod.delete(p.metadata.uid!)
    for (const c of had ?? []) {
      const users = activeClaimUsers.get(c)
      users?.delete(key)
      if (users && !users.size) activeClaimUsers.delete(c)
    }
    claimsOfPod.delete(key)
    if (deleted || terminal) return had !== undefined
    volumesOfPod.set(p.metadata.uid!, p.spec?.volumes)
    const claims = claimNames(p as KObject).map((c) => `${p.metadata.namespace}/${c}`)
    if (!claims.length) return had !== undefined
    claimsOfPod.set(key, claims)
    for (const c of claims) {
      let users = activeClaimUsers.get(c)
      if (!users) activeClaimUsers.set(c, (users = new Set()))
      users.add(key)
    }
    return had === undefined || had.length !== claims.length || had.some((c, i) => c !== claims[i])
  }
  const unclaimedPvs = new Set<string>() // PVs with no claimRef: any claim may bind them
  const pvsByClaimRef = new Map<string, Set<string>>() // "ns/claim" of a PV's claimRef → PV names
  const pvIndexKey = new Map<string, string | null>() // PV name → where it is indexed (null: unclaimedPvs)
  const indexPv = (deleted: boolean, pv: Readonly<KObject>) => {
    const name = pv.metadata.name!
    const was = pvIndexKey.get(name)
    if (was === null) unclaimedPvs.delete(name)
    else if (was !== undefined) {
      const s = pvsByClaimRef.get(was)
      s?.delete(name)
      if (s && !s.size) pvsByClaimRef.delete(was)
    }
    pvIndexKey.delete(name)
    if (deleted) return
    const ref = pv.spec?.claimRef
    if (!ref) {
      unclaimedPvs.add(name)
      pvIndexKey.set(name, null)
    } else if (typeof ref.namespace === 'string' && typeof ref.name === 'string') {
      const k = `${ref.namespace}/${ref.name}`
      let s = pvsByClaimRef.get(k)
      if (!s) pvsByClaimRef.set(k, (s = new Set()))
      s.add(name)
      pvIndexKey.set(name, k)
    }
    // A claimRef without a namespace or name can never match a claim: not indexed.
  }
  for (const p of listRefs(store, GVRS.pods)) indexPod(false, p)

  const unwatch = [
    watchRefs(store, GVRS.pvcs, {}, (e) => {
      q.add(`pvc:${e.object.metadata.namespace}/${e.object.metadata.name}`)
      if (e.object.spec?.volumeName) q.add(`pv:${e.object.spec.volumeName}`)
      // A deleted claim releases its volume: find the PV that points at it.
      if (e.type === 'DELETED') for (const pv of listRefs(store, GVRS.pvs)) if (pv.spec?.claimRef?.uid === e.object.metadata.uid) q.add(`pv:${pv.metadata.name}`)
    }),
    watchRefs(store, GVRS.pvs, {}, (e) => {
      indexPv(e.type === 'DELETED', e.object)
      q.add(`pv:${e.object.metadata.name}`)
      const ref = e.object.spec?.claimRef
      if (ref?.name) q.add(`pvc:${ref.namespace}/${ref.name}`)
      // A volume that became Available may satisfy a waiting claim (the real binder finds it on its periodic resync).
      if (e.type !== 'DELETED' && e.object.status?.phase === 'Available') {
        for (const c of listRefs(store, GVRS.pvcs)) if (!c.spec?.volumeName && !c.metadata.deletionTimestamp) q.add(`pvc:${c.metadata.namespace}/${c.metadata.name}`)
      }
    }),
    watchRefs(store, GVRS.pods, { resourceVersion: store.resourceVersion() }, (e) => {
      // pvc-protection: a pod going away (or finishing) may free a terminating claim. A write that leaves the pod
      // counted under the same claims (status, labels: most pod writes) changes nothing a claim's reconcile reads.
      if (indexPod(e.type === 'DELETED', e.object)) for (const c of claimNames(e.object)) q.add(`pvc:${e.object.metadata.namespace}/${c}`)
    }),
  ]

  function reconcile(key: string): void {
    if (key.startsWith('pvc:')) reconcileClaim(key.slice(4))
    else reconcileVolume(key.slice(3))
  }

  function claimInUse(pvc: KObject): boolean {
    return !!activeClaimUsers.get(`${pvc.metadata.namespace}/${pvc.metadata.name}`)?.size
  }

  function reconcileClaim(k: string): void {
    const { namespace, name } = splitKey(k)
    const pvc = get(GVRS.pvcs, namespace, name)
    if (!pvc) return
    if (pvc.metadata.deletionTimestamp) {
      if (pvc.metadata.finalizers?.includes(PVC_PROTECTION) && !claimInUse(pvc)) {
        updateRef(store, GVRS.pvcs, namespace, name, { ...pvc, metadata: { ...pvc.metadata, finalizers: pvc.metadata.finalizers.filter((f) => f !== PVC_PROTECTION) } })
      }
      return
    }
    if (pvc.spec?.volumeName) {
      const pv = get(GVRS.pvs, undefined, pvc.spec.volumeName)
      if (!pv) {
        if (pvc.status?.phase === 'Bound') {
          updateRef(store, GVRS.pvcs, namespace, name, { ...pvc, status: { ...pvc.status, phase: 'Lost' } }, { subresource: 'status' })
          recorder.event(pvc, 'Warning', 'ClaimLost', 'Bound claim has lost its PersistentVolume. Data on the volume is lost!', CONTROLLER)
        }
        return
      }
      if (pv.spec?.claimRef?.uid && pv.spec.claimRef.uid !== pvc.metadata.uid) return // someone else's volume
      bind(pv, pvc)
      return
    }
    // Unbound: a matching Available volume first.
    const className = pvc.spec?.storageClassName ?? ''
    // The volumes this claim could take (unclaimed, or pre-bound to it). Usually none until its own volume is
    // provisioned (pre-bound to it): a claim waiting for its first consumer or for the provisioner skips the search.
    const prebound = pvsByClaimRef.get(`${namespace}/${name}`)
    const match = unclaimedPvs.size || prebound?.size ? matchingVolume(pvc, className, prebound) : undefined
    const sc = className ? get(GVRS.storageclasses, undefined, className) : undefined
    const wffc = sc?.volumeBindingMode === 'WaitForFirstConsumer'
    const selectedNode = pvc.metadata.annotations?.[SELECTED_NODE]
    if (match && (!wffc || selectedNode)) {
      bind(match, pvc)
      return
    }
    if (!className) {
      recorder.event(pvc, 'Normal', 'FailedBinding', 'no persistent volumes available for this claim and no storage class is set', CONTROLLER)
      return
    }
    if (!sc) {
      recorder.event(pvc, 'Warning', 'ProvisioningFailed', `storageclass.storage.k8s.io "${className}" not found`, CONTROLLER)
      return
    }
    if (wffc && !selectedNode) {
      recorder.event(pvc, 'Normal', 'WaitForFirstConsumer', 'waiting for first consumer to be created before binding', CONTROLLER)
      return
    }
    provision(pvc, sc, selectedNode)
  }

  /** The smallest volume of the claim's class that fits it (size, access modes) among the unclaimed ones and those
   *  pre-bound to it, taken in the store's key order as a list returns them. */
  function matchingVolume(pvc: KObject, className: string, prebound: Set<string> | undefined): Readonly<KObject> | undefined {
    const namespace = pvc.metadata.namespace
    const name = pvc.metadata.name
    const request = parseQuantity(pvc.spec?.resources?.requests?.storage) ?? 0
    const candidates = [...unclaimedPvs, ...(prebound ?? [])]
      .sort()
      .map((n) => getRef(store, GVRS.pvs, undefined, n))
      .filter((pv): pv is Readonly<KObject> => !!pv)
    return candidates
      .filter(
        (pv) =>
          !pv.metadata.deletionTimestamp &&
          (pv.spec?.storageClassName ?? '') === className &&
          (!pv.spec?.claimRef || (pv.spec.claimRef.name === name && pv.spec.claimRef.namespace === namespace)) &&
          (pv.status?.phase === 'Available' || pv.status?.phase === 'Pending') &&
          (pvc.spec?.accessModes ?? []).every((m: string) => (pv.spec?.accessModes ?? []).includes(m)) &&
          (parseQuantity(pv.spec?.capacity?.storage) ?? 0) >= request,
      )
      .sort((a, b) => (parseQuantity(a.spec.capacity.storage) ?? 0) - (parseQuantity(b.spec.capacity.storage) ?? 0))[0]
  }

  function provision(pvc: KObject, sc: KObject, node: string | undefined): void {
    const uid = pvc.metadata.uid!
    if (provisioning.has(uid)) return
    provisioning.add(uid)
    const ns = pvc.metadata.namespace!
    const name = pvc.metadata.name!
    const anns = pvc.metadata.annotations ?? {}
    if (!anns['volume.kubernetes.io/storage-provisioner']) {
      updateRef(store, GVRS.pvcs, ns, name, {
        ...pvc,
        metadata: {
          ...pvc.metadata,
          annotations: { ...anns, 'volume.beta.kubernetes.io/storage-provisioner': sc.provisioner, 'volume.kubernetes.io/storage-provisioner': sc.provisioner },
        },
      })
    }
    recorder.event(
      pvc,
      'Normal',
      'ExternalProvisioning',
      `Waiting for a volume to be created either by the external provisioner '${sc.provisioner}' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.`,
      CONTROLLER,
    )
    recorder.event(pvc, 'Normal', 'Provisioning', `External provisioner is provisioning volume for claim "${ns}/${name}"`, { component: provisionerId })
    clock.schedule(
      provisionMs,
      () => {
        provisioning.delete(uid)
        const cur = get(GVRS.pvcs, ns, name)
        if (!cur || cur.metadata.uid !== uid || cur.spec?.volumeName || cur.metadata.deletionTimestamp) return
        const pvName = `pvc-${uid}`
        if (!get(GVRS.pvs, undefined, pvName)) {
          const local = sc.provisioner === 'rancher.io/local-path'
          createRef(store, GVRS.pvs, undefined, {
            apiVersion: 'v1',
            kind: 'PersistentVolume',
            metadata: {
              name: pvName,
              annotations: {
                'pv.kubernetes.io/provisioned-by': sc.provisioner,
                ...(local && node ? { 'local.path.provisioner/selected-node': node } : {}),
              },
            },
            spec: {
              accessModes: cur.spec.accessModes,
              capacity: { storage: cur.spec.resources.requests.storage },
              claimRef: { apiVersion: 'v1', kind: 'PersistentVolumeClaim', namespace: ns, name, uid, resourceVersion: cur.metadata.resourceVersion },
              persistentVolumeReclaimPolicy: sc.reclaimPolicy ?? 'Delete',
              storageClassName: sc.metadata.name,
              volumeMode: cur.spec.volumeMode ?? 'Filesystem',
              ...(local ? { hostPath: { path: `/var/local-path-provisioner/${pvName}_${ns}_${name}`, type: 'DirectoryOrCreate' } } : {}),
              ...(node
                ? { nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: [node] }] }] } } }
                : {}),
            },
          })
          volumes.ensure(pvName)
        }
        recorder.event(cur, 'Normal', 'ProvisioningSucceeded', `Successfully provisioned volume ${pvName}`, { component: provisionerId })
        q.add(`pvc:${ns}/${name}`)
      },
      `provision ${ns}/${name}`,
    )
  }

  /** PV first (claimRef + Bound), then the claim (volumeName), then the claim's status, as the real binder does. */
  function bind(pv: KObject, pvc: KObject): void {
    const ns = pvc.metadata.namespace!
    const name = pvc.metadata.name!
    let cur = pv
    if (!cur.spec.claimRef?.uid) {
      cur = updateRef(store, GVRS.pvs, undefined, pv.metadata.name!, {
        ...cur,
        spec: { ...cur.spec, claimRef: { apiVersion: 'v1', kind: 'PersistentVolumeClaim', namespace: ns, name, uid: pvc.metadata.uid, resourceVersion: pvc.metadata.resourceVersion } },
      })
    }
    if (cur.status?.phase !== 'Bound') cur = updateRef(store, GVRS.pvs, undefined, pv.metadata.name!, { ...cur, status: { phase: 'Bound', lastPhaseTransitionTime: rfc3339(clock.now()) } }, { subresource: 'status' })
    volumes.ensure(pv.metadata.name!)
    let claim = pvc
    if (claim.spec?.volumeName !== pv.metadata.name || !claim.metadata.annotations?.['pv.kubernetes.io/bind-completed']) {
      claim = updateRef(store, GVRS.pvcs, ns, name, {
        ...claim,
        metadata: {
          ...claim.metadata,
          annotations: { ...(claim.metadata.annotations ?? {}), 'pv.kubernetes.io/bind-completed': 'yes', 'pv.kubernetes.io/bound-by-controller': 'yes' },
        },
        spec: { ...claim.spec, volumeName: pv.metadata.name },
      })
    }
    if (claim.status?.phase !== 'Bound') {
      updateRef(
        store,
        GVRS.pvcs,
        ns,
        name,
        { ...claim, status: { phase: 'Bound', accessModes: cur.spec.accessModes, capacity: cur.spec.capacity } },
        { subresource: 'status' },
      )
    }
  }

  function reconcileVolume(name: string): void {
    const pv = get(GVRS.pvs, undefined, name)
    if (!pv) return
    if (pv.metadata.deletionTimestamp) {
      if (pv.metadata.finalizers?.includes(PV_PROTECTION) && pv.status?.phase !== 'Bound') {
        updateRef(store, GVRS.pvs, undefined, name, { ...pv, metadata: { ...pv.metadata, finalizers: pv.metadata.finalizers.filter((f) => f !== PV_PROTECTION) } })
        volumes.drop(name)
      }
      if (pv.status?.phase !== 'Bound') return
    }
    const ref = pv.spec?.claimRef
    if (!ref) {
      if (pv.status?.phase !== 'Available') updateRef(store, GVRS.pvs, undefined, name, { ...pv, status: { phase: 'Available' } }, { subresource: 'status' })
      return
    }
    const pvc = get(GVRS.pvcs, ref.namespace, ref.name)
    if (pvc && (!ref.uid || pvc.metadata.uid === ref.uid)) {
      if (ref.uid && pv.status?.phase !== 'Bound') q.add(`pvc:${ref.namespace}/${ref.name}`)
      return
    }
    if (!ref.uid) return // pre-bound to a claim that doesn't exist yet
    // The claim is gone: release, then reclaim.
    let cur = pv
    if (pv.status?.phase !== 'Released' && pv.status?.phase !== 'Failed') {
      cur = updateRef(store, GVRS.pvs, undefined, name, { ...pv, status: { phase: 'Released', lastPhaseTransitionTime: rfc3339(clock.now()) } }, { subresource: 'status' })
    }
    if (cur.spec.persistentVolumeReclaimPolicy === 'Delete' && !cur.metadata.deletionTimestamp) {
      deleteRef(store, GVRS.pvs, undefined, name)
      volumes.drop(name)
      q.add(`pv:${name}`)
    }
  }

  return {
    dispose() {
      for (const u of unwatch) u()
      q.dispose()
    },
  }
}

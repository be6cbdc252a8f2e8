// persistentVolumeClaimRetentionPolicy (fidelity §A7, GA in 1.32): which ownerReferences a StatefulSet's claim
// should carry. whenDeleted: Delete → the StatefulSet owns the claim (GC removes it after the set); whenScaled:
// Delete → a condemned pod owns its claims (GC removes them after the pod). The references are plain, not
// controller references, as upstream's setOwnerRef writes them. Retain/Retain removes any reference we added.
import type { KObject, OwnerReference } from '../../api-types'

export type Policy = { whenDeleted: string; whenScaled: string }

/** The claim's ownerReferences after applying the policy, or undefined when they are already right. */
export function retentionRefs(claim: KObject, sts: KObject, pod: KObject | undefined, scaledDown: boolean, policy: Policy): OwnerReference[] | undefined {
  const setRef: OwnerReference = { apiVersion: 'apps/v1', kind: 'StatefulSet', name: sts.metadata.name!, uid: sts.metadata.uid! }
  const podRef: OwnerReference | undefined = pod?.metadata.uid ? { apiVersion: 'v1', kind: 'Pod', name: pod.metadata.name!, uid: pod.metadata.uid } : undefined
  let refs = [...(claim.metadata.ownerReferences ?? [])]
  let changed = false
  const add = (r: OwnerReference | undefined) => {
    if (r && !refs.some((x) => x.uid === r.uid)) {
      refs.push(r)
      changed = true
    }
  }
  const remove = (uid: string | undefined) => {
    if (uid === undefined) return
    const next = refs.filter((r) => r.uid !== uid)
    if (next.length !== refs.length) changed = true
    refs = next
  }
  const delSet = policy.whenDeleted === 'Delete'
  const delScaled = policy.whenScaled === 'Delete'
  if (delScaled && scaledDown) {
    // Scaled down: the pod alone owns the claim, so it goes with the pod even when the set also says Delete.
    remove(setRef.uid)
    add(podRef)
  } else {
    if (delSet) add(setRef)
    else remove(setRef.uid)
    remove(podRef?.uid)
  }
  return changed ? refs : undefined
}

/** A claim still owned by an older pod of the same name (whenScaled: Delete) must go before the new pod is made. */
export function claimIsStale(claim: KObject, podName: string, podUid: string | undefined, policy: Policy): boolean {
  if (policy.whenScaled !== 'Delete') return false
  return !!claim.metadata.ownerReferences?.some((r) => r.kind === 'Pod' && r.name === podName && r.uid !== podUid)
}

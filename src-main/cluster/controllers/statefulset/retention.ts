// persistentVolumeClaimRetentionPolicy (fidelity §A7, GA in 1.32): which ownerReferences a StatefulSet's claim
// should carry. whenDeleted: Delete → the StatefulSet owns the claim (GC removes it after the set); whenScaled:
// Delete → a condemned pod owns its claims (GC removes them after the pod). The references are plain, not
// controller references, as upstream's setOwnerRef writes them. Retain/Retain removes any reference we added.
import type { KObject, OwnerReference } from '../../api-types'

export type Policy = { whenDeleted: string; whenScaled: string }

/** The claim's ownerReferences after applying the policy, or undefined when they are already right.
 *  (No inner helper closures: this runs for every claim of every pod a pass looks at.) */
export function retentionRefs(claim: KObject, sts: KObject, pod: KObject | undefined, scaledDown: boolean, policy: Policy): OwnerReference[] | undefined {
  const refs = claim.metadata.ownerReferences ?? []
  const setUid = sts.metadata.uid!
  const podUid = pod?.metadata.uid || undefined
  const hasSet = refs.some((x) => x.uid === setUid)
  const hasPod = podUid !== undefined && refs.some((x) => x.uid === podUid)
  const delSet = policy.whenDeleted === 'Delete'
  const delScaled = policy.whenScaled === 'Delete'
  // Scaled down: the pod alone owns the claim, so it goes with the pod even when the set also says Delete.
  const wantSet = !(delScaled && scaledDown) && delSet
  const wantPod = delScaled && scaledDown
  // Already right: the set's reference as wanted, and the pod's as wanted (or no pod to refer to).
  if (hasSet === wantSet && (podUid === undefined || hasPod === wantPod)) return undefined
  let out = refs.filter((r) => (r.uid !== setUid || wantSet) && (r.uid !== podUid || wantPod))
  // Same order as before: a removal keeps the others in place, an added reference goes last.
  if (wantSet && !hasSet) out = [...out, { apiVersion: 'apps/v1', kind: 'StatefulSet', name: sts.metadata.name!, uid: setUid }]
  if (wantPod && podUid !== undefined && !hasPod) out = [...out, { apiVersion: 'v1', kind: 'Pod', name: pod!.metadata.name!, uid: podUid }]
  return out
}

/** A claim still owned by an older pod of the same name (whenScaled: Delete) must go before the new pod is made. */
export function claimIsStale(claim: KObject, podName: string, podUid: string | undefined, policy: Policy): boolean {
  if (policy.whenScaled !== 'Delete') return false
  return !!claim.metadata.ownerReferences?.some((r) => r.kind === 'Pod' && r.name === podName && r.uid !== podUid)
}

// Stable identity of StatefulSet pods (fidelity §A1, §A7): `<sts>-<ordinal>` names, identity labels, hostname and
// subdomain, the per-ordinal claims `<template>-<sts>-<ordinal>`, and the would-be pod built from a revision.
import type { KObject, OwnerReference, Pod } from '../../api-types'

export const REVISION_LABEL = 'controller-revision-hash'
export const POD_NAME_LABEL = 'statefulset.kubernetes.io/pod-name'
export const POD_INDEX_LABEL = 'apps.kubernetes.io/pod-index'
const ORDINAL = /^(.*)-([0-9]+)$/

/** Parent name and ordinal parsed from a pod name the way upstream does; undefined when it doesn't parse. */
export function parseName(name: string | undefined): { parent: string; ordinal: number } | undefined {
  const m = ORDINAL.exec(name ?? '')
  if (!m) return undefined
  const ordinal = Number(m[2])
  return Number.isSafeInteger(ordinal) ? { parent: m[1], ordinal } : undefined
}

export function ordinalOf(sts: KObject, pod: KObject): number | undefined {
  const p = parseName(pod.metadata.name)
  return p && p.parent === sts.metadata.name ? p.ordinal : undefined
}

export function podName(sts: KObject, ord: number): string {
  return `${sts.metadata.name}-${ord}`
}

export function claimName(tmpl: any, sts: KObject, ord: number): string {
  return `${tmpl.metadata?.name}-${sts.metadata.name}-${ord}`
}

export function controllerRef(sts: KObject): OwnerReference {
  return { apiVersion: 'apps/v1', kind: 'StatefulSet', name: sts.metadata.name!, uid: sts.metadata.uid!, controller: true, blockOwnerDeletion: true }
}

export function controllerOf(o: KObject): OwnerReference | undefined {
  return o.metadata.ownerReferences?.find((r) => r.controller)
}

export const terminating = (p: KObject) => !!p.metadata.deletionTimestamp
export const finished = (p: KObject) => p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed'

export function spec(sts: KObject) {
  const s = sts.spec ?? {}
  const rolling = s.updateStrategy?.type !== 'OnDelete'
  return {
    replicas: (s.replicas ?? 1) as number,
    start: (s.ordinals?.start ?? 0) as number,
    monotonic: s.podManagementPolicy !== 'Parallel',
    rolling,
    partition: (rolling ? (s.updateStrategy?.rollingUpdate?.partition ?? 0) : 0) as number,
    minReadyMs: ((s.minReadySeconds ?? 0) as number) * 1000,
    whenDeleted: (s.persistentVolumeClaimRetentionPolicy?.whenDeleted ?? 'Retain') as string,
    whenScaled: (s.persistentVolumeClaimRetentionPolicy?.whenScaled ?? 'Retain') as string,
    templates: (s.volumeClaimTemplates ?? []) as any[],
  }
}

/** Would-be pod for ordinal `ord` from `template` (a revision's pod template), as the controller creates it. */
export function newPod(sts: KObject, ord: number, template: any, revision: string): Pod {
  const name = podName(sts, ord)
  // A shallow copy: only top-level fields are set below, and the store deep-copies what it is given on create.
  const podSpec = { ...(template?.spec ?? {}) }
  podSpec.hostname = name
  if (sts.spec.serviceName) podSpec.subdomain = sts.spec.serviceName
  const templates: any[] = sts.spec.volumeClaimTemplates ?? []
  // A claim template replaces any template volume of the same name.
  const volumes: any[] = (podSpec.volumes ?? []).filter((v: any) => !templates.some((t) => t.metadata?.name === v.name))
  for (const t of templates) volumes.push({ name: t.metadata.name, persistentVolumeClaim: { claimName: claimName(t, sts, ord) } })
  if (volumes.length) podSpec.volumes = volumes
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: sts.metadata.namespace,
      labels: { ...(template?.metadata?.labels ?? {}), [REVISION_LABEL]: revision, [POD_NAME_LABEL]: name, [POD_INDEX_LABEL]: String(ord) },
      ...(template?.metadata?.annotations ? { annotations: { ...template.metadata.annotations } } : {}),
      ownerReferences: [controllerRef(sts)],
    },
    spec: podSpec,
  } as Pod
}

/** The claims for ordinal `ord`: template labels plus the selector's matchLabels (so `-l app=nginx` finds them). */
export function newClaims(sts: KObject, ord: number): KObject[] {
  return (sts.spec.volumeClaimTemplates ?? []).map((t: any) => ({
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: {
      name: claimName(t, sts, ord),
      namespace: sts.metadata.namespace,
      labels: { ...(t.metadata?.labels ?? {}), ...(sts.spec.selector?.matchLabels ?? {}) },
      ...(t.metadata?.annotations ? { annotations: { ...t.metadata.annotations } } : {}),
    },
    spec: t.spec, // the store copies what it is given; nothing here writes into it
  }))
}

/** Name, labels and claim volumes a pod must carry; upstream repairs drift in place (identityMatches/storageMatches). */
export function identityMatches(sts: KObject, pod: KObject, ord: number): boolean {
  const l = pod.metadata.labels
  return !!l && l[POD_NAME_LABEL] === pod.metadata.name && l[POD_INDEX_LABEL] === String(ord)
}

export function storageMatches(sts: KObject, pod: KObject, ord: number): boolean {
  const vols: any[] = pod.spec?.volumes ?? []
  for (const t of sts.spec.volumeClaimTemplates ?? []) {
    const v = vols.find((x) => x.name === t.metadata?.name)
    if (v?.persistentVolumeClaim?.claimName !== claimName(t, sts, ord)) return false
  }
  return true
}

export function readySince(pod: KObject): number | undefined {
  if (pod.status?.phase !== 'Running') return undefined
  const c = pod.status?.conditions?.find((x: any) => x.type === 'Ready')
  if (c?.status !== 'True') return undefined
  return c.lastTransitionTime ? Date.parse(c.lastTransitionTime) : Number.NEGATIVE_INFINITY
}

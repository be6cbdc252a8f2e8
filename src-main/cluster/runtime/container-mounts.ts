// A container's mounts, in the kubelet's order: the managed files (/etc/hosts, /etc/hostname, /etc/resolv.conf), the
// service-account token, then each volumeMount (claim → its bound volume's data, emptyDir, hostPath, ConfigMap or
// Secret files). Split from container.ts, which uses it once per container start.
import type { Container } from '../api-types'
import { getRef } from '../store/refs'
import type { ContainerDeps, PodState } from './container'
import { type FileSource, fileSourceBackend, type Mount, staticBackend, volumeBackend } from './overlay-fs'
import { serviceAccountFiles } from './pod-files'

const PVCS = { group: '', version: 'v1', resource: 'persistentvolumeclaims' }
const CONFIGMAPS = { group: '', version: 'v1', resource: 'configmaps' }
const SECRETS = { group: '', version: 'v1', resource: 'secrets' }

/** The files the kubelet bind-mounts into every container, in mount order. */
export const MANAGED_FILES = ['/etc/hosts', '/etc/hostname', '/etc/resolv.conf'] as const
export type ManagedPath = (typeof MANAGED_FILES)[number]

/** A managed file's content: what was written into it (shared by the pod's containers, kept across restarts), else
 *  what the kubelet generates from the pod at the moment it is read. */
class ManagedFile implements FileSource {
  constructor(
    private readonly managed: Map<string, string>,
    private readonly path: ManagedPath,
    private readonly generate: (path: ManagedPath) => string,
  ) {}
  get(): string {
    return this.managed.get(this.path) ?? this.generate(this.path)
  }
  set(data: string): void {
    this.managed.set(this.path, data)
  }
}

export interface MountOptions {
  state: PodState
  spec: Container
  deps: Pick<ContainerDeps, 'store' | 'clock' | 'volumes'>
  /** The kubelet's text of a managed file, from the pod as it is when read. */
  managedText(path: ManagedPath): string
}

export function podMounts({ state, spec, deps: d, managedText }: MountOptions): Mount[] {
  const now = () => d.clock.now()
  const pod = state.pod
  const mounts: Mount[] = []
  for (const path of MANAGED_FILES) {
    mounts.push({ path, source: '/dev/vda1', fstype: 'ext4', backend: fileSourceBackend(new ManagedFile(state.managed, path, managedText), now) })
  }
  if (pod.spec.automountServiceAccountToken !== false) {
    mounts.push({ path: '/var/run/secrets/kubernetes.io/serviceaccount', source: 'tmpfs', fstype: 'tmpfs', backend: staticBackend(serviceAccountFiles(pod), now()) })
  }
  for (const vm of spec.volumeMounts ?? []) {
    const vol = (pod.spec.volumes ?? []).find((v) => v.name === vm.name)
    if (!vol) continue
    const ro = !!vm.readOnly
    const path = vm.mountPath.replace(/\/+$/, '') || '/'
    if (vol.persistentVolumeClaim) {
      // pod volume → PVC → bound PV: data lives under the PV's name, so it follows the claim to a new pod.
      const claim = vol.persistentVolumeClaim.claimName
      let key = `pvc-unbound-${state.namespace}-${claim}`
      // The kubelet only starts containers once claims are bound; keep a stable fallback anyway.
      const pvc = getRef(d.store, PVCS, state.namespace, claim)
      if (pvc?.spec?.volumeName) key = pvc.spec.volumeName
      mounts.push({ path, source: '/dev/vda1', fstype: 'ext4', backend: volumeBackend(d.volumes, key, ro || !!vol.persistentVolumeClaim.readOnly, now) })
    } else if (vol.emptyDir) {
      const key = `emptydir-${state.uid}-${vol.name}`
      state.emptyDirs.add(key)
      mounts.push({ path, source: '/dev/vda1', fstype: 'ext4', backend: volumeBackend(d.volumes, key, ro, now) })
    } else if (vol.hostPath) {
      const key = `hostpath-${pod.spec.nodeName ?? 'node'}${vol.hostPath.path}`
      mounts.push({ path, source: '/dev/vda1', fstype: 'ext4', backend: volumeBackend(d.volumes, key, ro, now) })
    } else if (vol.configMap || vol.secret) {
      let files: Record<string, string> = {}
      try {
        if (vol.configMap) files = { ...(d.store.get(CONFIGMAPS, state.namespace, vol.configMap.name).data ?? {}) }
        else {
          const sec = d.store.get(SECRETS, state.namespace, vol.secret.secretName)
          for (const [k, v] of Object.entries(sec.data ?? {})) files[k] = atob(String(v))
        }
      } catch {
        files = {}
      }
      mounts.push({ path, source: 'tmpfs', fstype: 'tmpfs', backend: staticBackend(files, now()) })
    }
  }
  return mounts
}

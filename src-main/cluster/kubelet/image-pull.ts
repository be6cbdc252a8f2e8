// Image pulls as the kubelet's image manager does them: per-node image cache and pull policy, `Pulling`/`Pulled`
// events, ErrImagePull on failure and ImagePullBackOff while the pod+image back-off (10s doubling to 5m) runs,
// InvalidImageName for references containerd cannot parse.
import type { Container } from '../api-types'
import { pullImage } from '../runtime/images'
import { cview, getPod, later, live, podEvent, writeStatus, type KubeletCore, type PodState } from './context'
import { goDuration, normalizeImage } from './format'

export type OnImage = (ref: string, digest: string) => void

/** Why a pull of `image` failed, in containerd's words (the registry's answer decides: an unknown tag of a known
 *  repository is NotFound, an unknown Docker Hub repository is an authorization error). The runtime's catalogue is
 *  the registry; a runtime that refused an image the catalogue has (a scripted one) still gets NotFound wording. */
function failureText(image: string, ref: string): string {
  const pulled = pullImage(image)
  if (!pulled.ok) return pulled.message
  return `rpc error: code = NotFound desc = failed to pull and unpack image "${ref}": failed to resolve reference "${ref}": ${ref}: not found`
}

/** Make sure `c`'s image is on the node, then call `ready`. Failures retry on their own after the back-off. */
export function ensureImage(k: KubeletCore, st: PodState, c: Container, init: boolean, ready: OnImage): void {
  const pod = getPod(k, st)
  if (!pod || st.terminating || !live(k, st)) return
  const image = c.image ?? ''
  const v = cview(st, c.name)
  const parsed = pullImage(image)
  if (!parsed.ok && parsed.reason === 'InvalidImageName') {
    const msg = parsed.message
    v.state = { waiting: { reason: 'InvalidImageName', message: msg } }
    writeStatus(k, st)
    podEvent(k, pod, 'Warning', 'InspectFailed', msg, c.name, init)
    podEvent(k, pod, 'Warning', 'Failed', 'Error: InvalidImageName', c.name, init)
    return
  }
  const info = k.runtime.resolveImage(image)
  let cache = k.imageCache.get(st.node)
  if (!cache) k.imageCache.set(st.node, (cache = new Set<string>()))
  const ref = info?.ref ?? normalizeImage(image)
  const policy = c.imagePullPolicy ?? 'IfNotPresent'
  if (policy !== 'Always' && cache.has(ref) && info) {
    podEvent(k, pod, 'Normal', 'Pulled', `Container image "${image}" already present on machine`, c.name, init)
    return ready(ref, info.digest)
  }
  if (policy === 'Never') {
    const msg = `Container image "${image}" is not present with pull policy of Never`
    v.state = { waiting: { reason: 'ErrImageNeverPull', message: msg } }
    writeStatus(k, st)
    podEvent(k, pod, 'Warning', 'ErrImageNeverPull', msg, c.name, init)
    return
  }
  const key = `${st.uid}/${image}`
  const wait = k.pullBackoff.remainingSinceUpdate(key, k.clock.now())
  if (wait > 0) {
    v.state = { waiting: { reason: 'ImagePullBackOff', message: `Back-off pulling image "${image}"` } }
    writeStatus(k, st)
    podEvent(k, pod, 'Normal', 'BackOff', `Back-off pulling image "${image}"`, c.name, init)
    podEvent(k, pod, 'Warning', 'Failed', 'Error: ImagePullBackOff', c.name, init)
    later(k, st, wait, () => ensureImage(k, st, c, init, ready), `pull backoff ${image}`)
    return
  }
  podEvent(k, pod, 'Normal', 'Pulling', `Pulling image "${image}"`, c.name, init)
  const ms = cache.has(ref) ? Math.round(200 + k.random() * 400) : Math.round(k.timing.pullMs * (0.5 + k.random()))
  later(
    k,
    st,
    ms,
    () => {
      const p = getPod(k, st)
      if (!p || st.terminating) return
      if (!info) {
        const why = failureText(image, ref)
        k.pullBackoff.next(key, k.clock.now())
        v.state = { waiting: { reason: 'ErrImagePull', message: why } }
        writeStatus(k, st)
        podEvent(k, p, 'Warning', 'Failed', `Failed to pull image "${image}": ${why}`, c.name, init)
        podEvent(k, p, 'Warning', 'Failed', 'Error: ErrImagePull', c.name, init)
        // The pod worker retries the sync soon; the back-off decides whether that is a pull or ImagePullBackOff.
        later(k, st, 1000, () => ensureImage(k, st, c, init, ready), `pull retry ${image}`)
        return
      }
      cache!.add(ref)
      const took = goDuration(ms)
      podEvent(k, p, 'Normal', 'Pulled', `Successfully pulled image "${image}" in ${took} (${took} including waiting). Image size: ${info.sizeBytes} bytes.`, c.name, init)
      ready(ref, info.digest)
    },
    `pull ${image}`,
  )
}

// Image pull failures through the real runtime's catalogue (pullImage): the kubelet's `Failed to pull image` event
// and the container's waiting reason/message carry containerd's wording for each kind of failure.
import { describe, expect, it } from 'vitest'
import { SimClock, seededRandom } from '../../src-main/cluster/clock'
import { createCluster } from '../../src-main/cluster/index'
import type { Container, ContainerStatus } from '../../src-main/cluster/api-types'
import { GVRS } from '../../src-main/cluster/store/registry'
import { events, pod } from './pod-helpers'

async function run(clock: SimClock, ms: number): Promise<void> {
  const end = clock.now() + ms
  while (clock.now() < end) {
    clock.advance(250)
    await new Promise<void>((r) => setImmediate(r))
  }
}

function boot() {
  const clock = new SimClock()
  const cluster = createCluster({ clock, random: seededRandom(3) })
  return { clock, cluster }
}

const waiting = (cluster: ReturnType<typeof createCluster>, name: string) =>
  cluster.store.get(GVRS.pods, 'default', name).status?.containerStatuses?.[0]?.state?.waiting

/** Every distinct waiting state pod `name` went through, as the pod's status recorded it. */
function waitings(cluster: ReturnType<typeof createCluster>, name: string): { reason: string; message?: string }[] {
  const seen: { reason: string; message?: string }[] = []
  cluster.store.watch(GVRS.pods, { fieldSelector: `metadata.name=${name}`, resourceVersion: cluster.store.resourceVersion() }, (e) => {
    const w = e.object.status?.containerStatuses?.[0]?.state?.waiting
    const last = seen[seen.length - 1]
    if (w && (!last || last.reason !== w.reason || last.message !== w.message)) seen.push({ reason: w.reason, message: w.message })
  })
  return seen
}

describe('image pull failures worded by the runtime', () => {
  it('unknown tag of a known repository: NotFound from the registry', async () => {
    const { clock, cluster } = boot()
    const seen = waitings(cluster, 'tag')
    cluster.store.create(GVRS.pods, 'default', pod('tag', {}, { image: 'nginx:nope' }))
    await run(clock, 8_000)
    const why = 'rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/library/nginx:nope": failed to resolve reference "docker.io/library/nginx:nope": docker.io/library/nginx:nope: not found'
    const pull = events(cluster.store, 'tag', 'Failed').find((e) => e.message.startsWith('Failed to pull image'))!
    expect(pull.message).toBe(`Failed to pull image "nginx:nope": ${why}`)
    expect(seen).toContainEqual({ reason: 'ErrImagePull', message: why })
    expect(seen).toContainEqual({ reason: 'ImagePullBackOff', message: 'Back-off pulling image "nginx:nope"' })
    cluster.dispose()
  })

  it('unknown Docker Hub repository: pull access denied', async () => {
    const { clock, cluster } = boot()
    const seen = waitings(cluster, 'repo')
    cluster.store.create(GVRS.pods, 'default', pod('repo', {}, { image: 'nosuchimage' }))
    await run(clock, 8_000)
    const why =
      'rpc error: code = Unknown desc = failed to pull and unpack image "docker.io/library/nosuchimage:latest": failed to resolve reference "docker.io/library/nosuchimage:latest": pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed'
    const pull = events(cluster.store, 'repo', 'Failed').find((e) => e.message.startsWith('Failed to pull image'))!
    expect(pull.message).toBe(`Failed to pull image "nosuchimage": ${why}`)
    expect(events(cluster.store, 'repo', 'Failed').map((e) => e.message)).toContain('Error: ErrImagePull')
    expect(seen).toContainEqual({ reason: 'ErrImagePull', message: why })
    cluster.dispose()
  })

  it('malformed reference: InvalidImageName, never pulled', async () => {
    const { clock, cluster } = boot()
    cluster.store.create(GVRS.pods, 'default', pod('bad', {}, { image: 'nginx:1.2:3' }))
    await run(clock, 8_000)
    const msg = 'Failed to apply default image tag "nginx:1.2:3": couldn\'t parse image name "nginx:1.2:3": invalid reference format'
    expect(events(cluster.store, 'bad', 'InspectFailed')[0].message).toBe(msg)
    expect(events(cluster.store, 'bad', 'Failed').map((e) => e.message)).toEqual(['Error: InvalidImageName'])
    expect(events(cluster.store, 'bad', 'Pulling')).toEqual([])
    expect(waiting(cluster, 'bad')).toEqual({ reason: 'InvalidImageName', message: msg })
    cluster.dispose()
  })
})

// The fields the kubelet reads are declared on the shared types, not reached through `any` casts: these lines stop
// type-checking (`npx tsc -p .`) if a declaration goes missing, and the runtime checks pin the status shape.
type Declared<T> = keyof { [K in keyof T as string extends K ? never : K]: 1 }
const containerFields: Declared<Container>[] = ['startupProbe', 'readinessProbe', 'livenessProbe', 'imagePullPolicy']
const terminatedFields: Declared<NonNullable<ContainerStatus['state']['terminated']>>[] = ['containerID', 'message']

describe('api-types declare what the kubelet uses', () => {
  it('Container and ContainerStatus fields', () => {
    expect(containerFields).toContain('startupProbe')
    expect(terminatedFields).toContain('containerID')
  })
})

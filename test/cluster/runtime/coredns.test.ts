// The CoreDNS add-on on the real runtime: a fresh cluster has the two coredns pods of kind Running and Ready behind
// kube-dns, their container logs CoreDNS's startup lines, serves /health and /ready to the kubelet's probes, has no
// shell (distroless), and goes lame-duck on SIGTERM. Steady probes are background chores: the clock goes idle.
import { createHash } from 'node:crypto'
import { afterEach, describe, expect, it } from 'vitest'
import type { Pod } from '../../../src-main/cluster/api-types'
import { COREFILE } from '../../../src-main/cluster/bootstrap-coredns'
import { SimClock, seededRandom } from '../../../src-main/cluster/clock'
import type { Cluster } from '../../../src-main/cluster/cluster-types'
import { podIsReady } from '../../../src-main/cluster/controllers/endpoints'
import { createCluster } from '../../../src-main/cluster/index'
import { corednsStartupLines } from '../../../src-main/cluster/runtime/coredns-server'
import { lookupImage, pullImage } from '../../../src-main/cluster/runtime/images'
import { sha512Hex } from '../../../src-main/cluster/runtime/sha512'
import { GVRS } from '../../../src-main/cluster/store/registry'

const flush = () => new Promise<void>((r) => setImmediate(r))

let cluster: Cluster | undefined
afterEach(() => {
  cluster?.dispose()
  cluster = undefined
})

/** Boot a cluster and fire timers (letting async work run between them) until only background chores are left. */
async function boot(): Promise<{ c: Cluster; clock: SimClock }> {
  const clock = new SimClock()
  const c = createCluster({ clock, random: seededRandom(5) })
  cluster = c
  for (let i = 0; i < 500 && clock.pending() > 0; i++) {
    clock.step()
    await flush()
  }
  return { c, clock }
}

const corednsPods = (c: Cluster) => c.store.list(GVRS.pods, { namespace: 'kube-system', labelSelector: 'k8s-app=kube-dns' }).items as Pod[]

async function exec(c: Cluster, pod: string, command: string[]) {
  const s = c.runtime.exec({ namespace: 'kube-system', pod, command, stdin: false, stdout: true, stderr: true, tty: false })
  let stdout = ''
  s.onStdout((d) => (stdout += d))
  return s.exited.then(
    (code) => ({ code, stdout, error: undefined as unknown }),
    (error) => ({ code: null, stdout, error }),
  )
}

describe('CoreDNS add-on on the real runtime', () => {
  it('the image is in the catalogue, pinned to the v1.11.3 digest, with no shell', () => {
    const img = lookupImage('registry.k8s.io/coredns/coredns:v1.11.3')
    expect(img).toMatchObject({ ref: 'registry.k8s.io/coredns/coredns:v1.11.3', digest: 'sha256:9caabbf6238b189a65d0d6e6ac138de60d6a1c419e5a341fbbb7c78382559c6e', entrypoint: ['/coredns'] })
    expect(img!.commands).toEqual({})
    // Another tag of the same repository is a plain NotFound from the registry.
    const other = pullImage('registry.k8s.io/coredns/coredns:v9.9.9')
    expect(other.ok).toBe(false)
  })

  it('boots two Ready coredns-<hash>-<suffix> pods on the control plane; kube-dns Endpoints list both on 53/UDP, 53/TCP, 9153/TCP', async () => {
    const { c, clock } = await boot()
    const pods = corednsPods(c)
    expect(pods).toHaveLength(2)
    for (const p of pods) {
      expect(p.metadata.name).toMatch(/^coredns-[bcdfghjklmnpqrstvwxz2456789]{1,10}-[bcdfghjklmnpqrstvwxz2456789]{5}$/)
      expect(podIsReady(p)).toBe(true)
      expect(p.spec.nodeName).toBe('ordinal-control-plane')
      expect(p.status!.containerStatuses![0]).toMatchObject({ ready: true, restartCount: 0, imageID: 'registry.k8s.io/coredns/coredns@sha256:9caabbf6238b189a65d0d6e6ac138de60d6a1c419e5a341fbbb7c78382559c6e' })
    }
    const ep = c.store.get(GVRS.endpoints, 'kube-system', 'kube-dns')
    expect(ep.subsets).toHaveLength(1)
    expect(ep.subsets[0].notReadyAddresses).toBeUndefined()
    expect(ep.subsets[0].addresses.map((a: any) => a.ip).sort()).toEqual(pods.map((p) => p.status!.podIP).sort())
    expect(ep.subsets[0].ports.map((p: any) => `${p.port}/${p.protocol}`).sort()).toEqual(['53/TCP', '53/UDP', '9153/TCP'])
    // kind preloads the image: no pull at boot.
    const pulled = c.store.list(GVRS.events, { namespace: 'kube-system' }).items.filter((e) => e.reason === 'Pulled' || e.reason === 'Pulling')
    expect(pulled.map((e) => e.message)).toEqual(['Container image "registry.k8s.io/coredns/coredns:v1.11.3" already present on machine', 'Container image "registry.k8s.io/coredns/coredns:v1.11.3" already present on machine'])
    // Ready within a couple of sim seconds, and only background chores (their probes) are left.
    expect(clock.now() - Date.UTC(2026, 0, 1, 9)).toBeLessThanOrEqual(5_000)
    expect(clock.pending()).toBe(0)
    expect(clock.nextAt()).toBeDefined()
    // Time passing keeps them Ready (the liveness probe starts at 60 s and passes): no restarts, no Unhealthy events.
    for (let i = 0; i < 12; i++) {
      clock.advance(10_000)
      await flush()
    }
    for (const p of corednsPods(c)) expect(p.status!.containerStatuses![0]).toMatchObject({ ready: true, restartCount: 0 })
    expect(c.store.list(GVRS.events, { namespace: 'kube-system' }).items.filter((e) => e.reason === 'Unhealthy')).toEqual([])
  })

  it('logs CoreDNS startup lines with the SHA-512 of the mounted Corefile', async () => {
    const { c } = await boot()
    const name = corednsPods(c)[0].metadata.name!
    const sha = createHash('sha512').update(COREFILE).digest('hex')
    expect(c.runtime.logs('kube-system', name, {}).initial).toBe(`.:53\n[INFO] plugin/reload: Running configuration SHA512 = ${sha}\nCoreDNS-1.11.3\nlinux/amd64, go1.21.11, a6338e9\n`)
    expect(corednsStartupLines('.:53 {\n    errors\n}\n')).toEqual(['.:53', 'CoreDNS-1.11.3', 'linux/amd64, go1.21.11, a6338e9'])
  })

  it('the pure SHA-512 matches node:crypto (padding edges, multi-block, UTF-8)', () => {
    for (const text of ['', 'abc', 'x'.repeat(111), 'x'.repeat(112), 'y'.repeat(300), COREFILE, 'héllo ✓']) {
      expect(sha512Hex(text)).toBe(createHash('sha512').update(text).digest('hex'))
    }
  })

  it('serves /health on 8080 and /ready on 8181 (what the probes ask), 404 elsewhere', async () => {
    const { c } = await boot()
    const p = corednsPods(c)[0]
    const probe = (path: string, port: number) => c.runtime.probeNow!(p, 'coredns', { httpGet: { path, port } })
    expect(probe('/health', 8080)).toEqual({ ok: true, message: '' })
    expect(probe('/ready', 8181)).toEqual({ ok: true, message: '' })
    expect(probe('/nope', 8080)).toEqual({ ok: false, message: 'HTTP probe failed with statuscode: 404' })
    expect(probe('/health', 8081)).toEqual({ ok: false, message: `Get "http://${p.status!.podIP}:8081/health": dial tcp ${p.status!.podIP}:8081: connect: connection refused` })
  })

  it('kubectl exec finds no shell: the OCI runtime error of a distroless image', async () => {
    const { c } = await boot()
    const name = corednsPods(c)[0].metadata.name!
    for (const cmd of ['sh', 'bash', 'ls']) {
      const r = await exec(c, name, [cmd])
      expect(r.code).toBeNull()
      expect((r.error as any).status.message).toMatch(
        new RegExp(`^Internal error occurred: error executing command in container: failed to exec in container: failed to start exec "[0-9a-f]{64}": OCI runtime exec failed: exec failed: unable to start container process: exec: "${cmd}": executable file not found in \\$PATH: unknown$`),
      )
    }
    const abs = await exec(c, name, ['/bin/sh'])
    expect((abs.error as any).status.message).toContain('exec: "/bin/sh": stat /bin/sh: no such file or directory: unknown')
  })

  it('SIGTERM: lame-duck for 5 s, /ready fails at once, then exit 0', async () => {
    const { c, clock } = await boot()
    const p = corednsPods(c)[0]
    const exits: number[] = []
    // Drive the container directly (as the kubelet does on deletion) and watch its exit.
    const uid = p.metadata.uid!
    c.runtime.stopContainer(uid, 'coredns', 'TERM')
    const logs = c.runtime.logs('kube-system', p.metadata.name!, { follow: false }).initial
    expect(logs.split('\n').slice(-3)).toEqual(['[INFO] SIGTERM: Shutting down servers then terminating', '[INFO] plugin/health: Going into lameduck mode for 5s', ''])
    expect(c.runtime.probeNow!(p, 'coredns', { httpGet: { path: '/ready', port: 8181 } })).toEqual({ ok: false, message: 'HTTP probe failed with statuscode: 503' })
    expect(c.runtime.probeNow!(p, 'coredns', { httpGet: { path: '/health', port: 8080 } })).toEqual({ ok: true, message: '' })
    clock.advance(4_900)
    await flush()
    const st = () => (c.store.get(GVRS.pods, 'kube-system', p.metadata.name!) as Pod).status!.containerStatuses![0]
    expect(st().state?.running).toBeDefined()
    clock.advance(200)
    await flush()
    exits.push(st().lastState?.terminated?.exitCode ?? st().state?.terminated?.exitCode ?? -1)
    expect(exits).toEqual([0])
  })
})

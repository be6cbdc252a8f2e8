// The in-process ClusterClient over a real simulated cluster (createCluster + SimClock).
import { readFileSync } from 'node:fs'
import { afterEach, describe, expect, it } from 'vitest'
import { parseAllDocuments } from 'yaml'
import { SimClock, seededRandom } from '../../src-main/cluster/clock'
import { createCluster } from '../../src-main/cluster/index'
import type { Cluster } from '../../src-main/cluster/cluster-types'
import { candidates, createInProcessClient, FactRecorder, nextSeq, nslookupUsesSearch, type ClusterClient } from '../../src-main/lessons/cluster-client'
import { LESSONS_DIR } from './helpers'

let cluster: Cluster | undefined
let client: ClusterClient | undefined
afterEach(() => {
  client?.dispose()
  cluster?.dispose()
})

function boot() {
  const clock = new SimClock()
  cluster = createCluster({ clock, random: seededRandom(3) })
  client = createInProcessClient(cluster)
  const docs = parseAllDocuments(readFileSync(`${LESSONS_DIR}/02-statefulset-basics/files/statefulset-demo.yaml`, 'utf8')).map((d) => d.toJS())
  cluster.store.create({ group: '', version: 'v1', resource: 'services' }, 'default', docs[0])
  cluster.store.create({ group: 'apps', version: 'v1', resource: 'statefulsets' }, 'default', docs[1])
  for (let i = 0; i < 600 && clock.nextAt() !== undefined; i++) clock.advance(1000)
  return { clock, cluster, client: client! }
}

describe('in-process ClusterClient', () => {
  it('keeps the newest facts and DNS questions, at most a quarter over its limit, with their sequence unbroken', () => {
    const rec = new FactRecorder(100)
    const pod = (i: number) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: `p-${i}`, namespace: 'default', uid: `u-${i}` } })
    for (let i = 0; i < 1000; i++) {
      rec.record('ADDED', pod(i), i)
      rec.recordQuery({ time: i, name: `q-${i}`, type: 'A', rcode: 'NOERROR', answers: [] } as never)
    }
    const facts = rec.all()
    expect(facts.length).toBeGreaterThanOrEqual(100)
    expect(facts.length).toBeLessThanOrEqual(125)
    expect(facts.at(-1)).toMatchObject({ name: 'p-999', what: 'Created' })
    for (let i = 1; i < facts.length; i++) expect(facts[i].seq).toBe(facts[i - 1].seq + 2) // a question between
    const queries = rec.dnsQueries()
    expect(queries.length).toBeGreaterThanOrEqual(100)
    expect(queries.length).toBeLessThanOrEqual(125)
    expect(queries.at(-1)).toMatchObject({ name: 'q-999', seq: rec.nextSeq() - 1 })
    // Dropped in chunks, not one per push (which moved every entry of a full list each time).
    const chunked = new FactRecorder(100)
    for (let i = 0; i < 125; i++) chunked.record('ADDED', pod(i), i)
    expect(chunked.all()).toHaveLength(125)
    chunked.record('ADDED', pod(125), 125)
    expect(chunked.all()).toHaveLength(100)
    expect(chunked.all()[0]).toMatchObject({ name: 'p-26' })
  })

  it('lists and gets by kind, plural or short name; null for a missing object', async () => {
    const { client } = boot()
    expect((await client.list('Pod', { namespace: 'default', labelSelector: 'app=nginx' })).map((p) => p.metadata.name).sort()).toEqual(['web-0', 'web-1'])
    expect((await client.get('sts', 'default', 'web'))?.spec.serviceName).toBe('nginx')
    expect(await client.get('statefulsets', 'default', 'nope')).toBeNull()
    expect((await client.list('PersistentVolume')).length).toBe(2) // cluster-scoped: namespace ignored
    await expect(client.list('Frobs')).rejects.toThrow(`the server doesn't have a resource type "Frobs"`)
  })

  it('records lifecycle facts: web-0 Ready before web-1 Created, claims Bound', () => {
    const { client } = boot()
    const t = client.events().map((f) => f.text)
    expect(t.indexOf('Pod/web-0 Ready')).toBeGreaterThan(-1)
    expect(t.indexOf('Pod/web-0 Ready')).toBeLessThan(t.indexOf('Pod/web-1 Created'))
    expect(t).toContain('PersistentVolumeClaim/www-web-1 Bound')
  })

  it('resolves DNS like the image would: busybox:1.28.4 uses the search list, newer nslookup does not', async () => {
    const { client } = boot()
    const old = await client.resolveDns({ image: 'busybox:1.28.4', namespace: 'default' }, 'web-0.nginx')
    expect(old.resolved).toBe(true)
    expect(old.addresses[0]).toMatch(/^10\.244\./)
    const latest = await client.resolveDns({ image: 'busybox', namespace: 'default' }, 'web-0.nginx')
    expect(latest).toEqual({ resolved: false, addresses: [], tried: ['web-0.nginx'] })
    expect((await client.resolveDns({ image: 'busybox', namespace: 'default' }, 'web-0.nginx', 'libc')).resolved).toBe(true)
    expect((await client.resolveDns({ image: 'busybox', namespace: 'default' }, 'web-0.nginx.default.svc.cluster.local')).addresses).toEqual(old.addresses)
    expect(nslookupUsesSearch('docker.io/library/busybox:1.28')).toBe(true)
    expect(nslookupUsesSearch('busybox:1.36.1')).toBe(false)
    expect(candidates('a.b.c.d.e.f', 'default', true)[0]).toBe('a.b.c.d.e.f') // ndots:5
  })

  it('reads files in a claim\'s volume; reports missing and unbound claims', async () => {
    const { client, cluster } = boot()
    const pvc = cluster.store.get({ group: '', version: 'v1', resource: 'persistentvolumeclaims' }, 'default', 'www-web-0')
    cluster.volumes.write(pvc.spec.volumeName, { path: '/index.html', type: 'file', data: 'hello web-0\n', mode: 0o644, mtimeMs: 0 })
    expect(await client.readVolumeFile('default', 'www-web-0', '/index.html')).toEqual({ claim: 'bound', volume: pvc.spec.volumeName, content: 'hello web-0\n' })
    expect((await client.readVolumeFile('default', 'www-web-0', '/nope')).content).toBeNull()
    expect((await client.readVolumeFile('default', 'www-web-9', '/index.html')).claim).toBe('missing')
  })

  it('execs in a pod and notifies on changes', async () => {
    const { client, clock } = boot()
    const r = client.exec('default', 'web-0', ['hostname'])
    for (let i = 0; i < 20; i++) {
      clock.advance(10)
      await new Promise((res) => setImmediate(res))
    }
    expect(await r).toMatchObject({ code: 0, stdout: 'web-0\n' })
    let n = 0
    const off = client.onChange(() => n++)
    cluster!.store.delete({ group: '', version: 'v1', resource: 'pods' }, 'default', 'web-1')
    expect(n).toBeGreaterThan(0)
    off()
  })

  /** Run a command in a pod to completion while the sim clock moves. */
  async function execIn(clock: SimClock, c: ClusterClient, pod: string, argv: string[]) {
    const r = c.exec('default', pod, argv)
    let done = false
    void r.then(() => (done = true))
    for (let i = 0; i < 200 && !done; i++) {
      clock.advance(10)
      await new Promise((res) => setImmediate(res))
    }
    return r
  }

  it('records the DNS questions pods ask, numbered with the facts; not the panel\'s or its own lookups', async () => {
    const { client, clock, cluster } = boot()
    cluster.store.create({ group: '', version: 'v1', resource: 'pods' }, 'default', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'nettest' },
      spec: { containers: [{ name: 'nettest', image: 'busybox:1.28.4', command: ['sleep', '86400'] }], restartPolicy: 'Never' },
    })
    for (let i = 0; i < 100; i++) clock.advance(1000)
    // The app's DNS panel and a check asking for itself go to the server directly: not a pod's lookup.
    cluster.dns.query('web-0.nginx.default.svc.cluster.local', 'A')
    await client.resolveDns({ image: 'busybox:1.28.4', namespace: 'default' }, 'web-0.nginx')
    expect(client.dnsQueries()).toEqual([])
    const lastFact = client.events().at(-1)!.seq
    const ip = cluster.store.get({ group: '', version: 'v1', resource: 'pods' }, 'default', 'web-0').status.podIP
    expect(await execIn(clock, client, 'nettest', ['nslookup', 'web-0.nginx'])).toMatchObject({ code: 0 })
    const a = client.dnsQueries().filter((q) => q.type === 'A')
    expect(a.map((q) => [q.name, q.rcode, q.answers])).toEqual([['web-0.nginx.default.svc.cluster.local', 'NOERROR', [ip]]])
    expect(a[0].seq).toBeGreaterThan(lastFact)
    // A name that does not exist: the libc resolver walks the whole search list, one question after another.
    expect(await execIn(clock, client, 'nettest', ['nslookup', 'web-9.nginx'])).toMatchObject({ code: 1 })
    const miss = client.dnsQueries().filter((q) => q.type === 'A').slice(1)
    expect(miss.map((q) => q.name)).toEqual(['web-9.nginx.default.svc.cluster.local', 'web-9.nginx.svc.cluster.local', 'web-9.nginx.cluster.local', 'web-9.nginx'])
    expect(miss.every((q, i) => i === 0 || q.seq === miss[i - 1].seq + 1)).toBe(true)
    expect(nextSeq(client)).toBe(client.dnsQueries().at(-1)!.seq + 1)
  })

  it('reads a file as a running container sees it: its own layer and its mounted volume', async () => {
    const { client, clock } = boot()
    expect(await execIn(clock, client, 'web-0', ['sh', '-c', 'echo in-layer > /tmp/x; echo in-volume > /usr/share/nginx/html/index.html'])).toMatchObject({ code: 0 })
    expect(await client.readContainerFile('default', 'web-0', '/tmp/x')).toEqual({ pod: 'running', container: 'nginx', content: 'in-layer\n' })
    expect((await client.readContainerFile('default', 'web-0', '/usr/share/nginx/html/index.html')).content).toBe('in-volume\n')
    expect((await client.readVolumeFile('default', 'www-web-0', '/index.html')).content).toBe('in-volume\n')
    expect(await client.readContainerFile('default', 'web-0', '/tmp/nope')).toEqual({ pod: 'running', container: 'nginx', content: null })
    expect(await client.readContainerFile('default', 'web-0', '/tmp')).toMatchObject({ content: null }) // a directory
    expect(await client.readContainerFile('default', 'web-0', '/tmp/x', 'sidecar')).toEqual({ pod: 'not-running', container: 'sidecar', content: null })
    expect(await client.readContainerFile('default', 'web-9', '/tmp/x')).toEqual({ pod: 'missing', container: null, content: null })
  })
})

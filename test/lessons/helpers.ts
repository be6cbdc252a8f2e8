// Test helpers for the lessons engine: a copy of a real lesson to break on purpose, and a tiny in-test ClusterClient.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { KObject } from '../../src-main/cluster/api-types'
import { FactRecorder, type ClusterClient, type ContainerFileRead, type DnsLookup, type VolumeRead } from '../../src-main/lessons/cluster-client'

export const LESSONS_DIR = new URL('../../lessons', import.meta.url).pathname
/** A frozen copy of the seed lesson (statefulset-basics) as lesson 1: engine tests must not change when the shipped
 *  curriculum is renumbered or extended. */
export const BASICS_DIR = new URL('./fixtures/basics', import.meta.url).pathname
/** Tiny lessons exercising one engine feature each (quiz, sandbox, selector facts). */
export const FIXTURES_DIR = new URL('./fixtures', import.meta.url).pathname

/** Copy lesson 1 to <tmp>/lessons/<name> and return helpers to edit its files. */
export function copyLesson(name = '02-x') {
  const root = mkdtempSync(join(tmpdir(), 'ordinal-lessons-'))
  const lessons = join(root, 'lessons')
  const dir = join(lessons, name)
  cpSync(join(BASICS_DIR, '01-statefulset-basics'), dir, { recursive: true })
  return {
    lessons,
    dir,
    read: (f: string) => readFileSync(join(dir, f), 'utf8'),
    write: (f: string, s: string) => writeFileSync(join(dir, f), s),
    edit: (f: string, fn: (s: string) => string) => writeFileSync(join(dir, f), fn(readFileSync(join(dir, f), 'utf8'))),
  }
}

/** Line (1-based) of the first occurrence of `needle` in `text`. */
export function lineOfText(text: string, needle: string): number {
  const i = text.indexOf(needle)
  if (i < 0) throw new Error(`"${needle}" not in text`)
  return text.slice(0, i).split('\n').length
}

function labelsMatch(o: KObject, selector?: string): boolean {
  if (!selector) return true
  return selector.split(',').every((p) => {
    const [k, v] = p.split('=')
    return o.metadata.labels?.[k] === v
  })
}

/** A ClusterClient over a plain object list, for unit tests of checks and the service. */
export class FakeClient implements ClusterClient {
  objects: KObject[] = []
  dns = new Map<string, string[]>() // fqdn → A records
  files = new Map<string, string>() // 'claim:path' → content
  podFiles = new Map<string, string>() // 'pod:container:path' → content (the pod must be Running)
  recorder = new FactRecorder()
  time = 0
  private listeners = new Set<() => void>()

  put(o: KObject): void {
    const i = this.objects.findIndex((x) => x.kind === o.kind && x.metadata.name === o.metadata.name)
    const type = i < 0 ? 'ADDED' : 'MODIFIED'
    if (i < 0) this.objects.push(o)
    else this.objects[i] = o
    this.recorder.record(type, o, this.time++)
    this.changed()
  }
  remove(kind: string, name: string): void {
    const i = this.objects.findIndex((x) => x.kind === kind && x.metadata.name === name)
    if (i >= 0) this.recorder.record('DELETED', this.objects.splice(i, 1)[0], this.time++)
    this.changed()
  }
  changed(): void {
    for (const l of [...this.listeners]) l()
  }
  async list(kind: string, opts: { namespace?: string; labelSelector?: string } = {}) {
    return this.objects.filter((o) => o.kind === kind && labelsMatch(o, opts.labelSelector))
  }
  async get(kind: string, _ns: string | undefined, name: string) {
    return this.objects.find((o) => o.kind === kind && o.metadata.name === name) ?? null
  }
  events() {
    return this.recorder.all()
  }
  async exec() {
    return { code: 0, stdout: '', stderr: '' }
  }
  async resolveDns(from: { image: string; namespace: string }, name: string, via: 'nslookup' | 'libc' = 'nslookup'): Promise<DnsLookup> {
    const search = via === 'libc' || from.image.includes(':1.28')
    const tried = search ? [`${name}.${from.namespace}.svc.cluster.local`, name] : [name]
    for (const t of tried) if (this.dns.has(t)) return { resolved: true, addresses: this.dns.get(t)!, tried }
    return { resolved: false, addresses: [], tried }
  }
  async readVolumeFile(_ns: string, claim: string, path: string): Promise<VolumeRead> {
    const pvc = this.objects.find((o) => o.kind === 'PersistentVolumeClaim' && o.metadata.name === claim)
    if (!pvc) return { claim: 'missing', volume: null, content: null }
    if (pvc.status?.phase !== 'Bound') return { claim: 'unbound', volume: null, content: null }
    return { claim: 'bound', volume: `pvc-${claim}`, content: this.files.get(`${claim}:${path}`) ?? null }
  }
  async readContainerFile(_ns: string, podName: string, path: string, container?: string): Promise<ContainerFileRead> {
    const p = this.objects.find((o) => o.kind === 'Pod' && o.metadata.name === podName)
    if (!p) return { pod: 'missing', container: null, content: null }
    const c = container ?? p.spec?.containers?.[0]?.name ?? null
    if (p.status?.phase !== 'Running') return { pod: 'not-running', container: c, content: null }
    return { pod: 'running', container: c, content: this.podFiles.get(`${podName}:${c}:${path}`) ?? null }
  }
  /** A pod's resolver asked these names in a row (each fqdn → its A answers; [] is NXDOMAIN). */
  lookup(...asked: [string, string[]][]): void {
    for (const [name, answers] of asked) this.recorder.recordQuery({ time: this.time++, name, type: 'A', rcode: answers.length ? 'NOERROR' : 'NXDOMAIN', answers })
    this.changed()
  }
  dnsQueries() {
    return this.recorder.dnsQueries()
  }
  onChange(cb: () => void) {
    this.listeners.add(cb)
    return () => this.listeners.delete(cb)
  }
  now() {
    return this.time
  }
  dispose() {}
}

export function pod(name: string, opts: { ready?: boolean; phase?: string; node?: string; labels?: Record<string, string>; terminating?: boolean } = {}): KObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', uid: `uid-${name}`, labels: opts.labels ?? { app: 'nginx' }, ...(opts.terminating ? { deletionTimestamp: 'x' } : {}) },
    spec: { containers: [{ name: 'nginx' }], ...(opts.node ? { nodeName: opts.node } : {}) },
    status: { phase: opts.phase ?? 'Pending', conditions: [{ type: 'Ready', status: opts.ready ? 'True' : 'False' }] },
  }
}

export function pvc(name: string, phase: string): KObject {
  return { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name, namespace: 'default', uid: `uid-${name}`, labels: { app: 'nginx' } }, spec: {}, status: { phase } }
}

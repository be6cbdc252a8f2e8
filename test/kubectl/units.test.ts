import { describe, it, expect } from 'vitest'
import { parseFlags, FlagError } from '../../src-main/kubectl/flags'
import { toYaml, sortKeys, resolvesToNonString } from '../../src-main/kubectl/yaml-output'
import { TabWriter, goTabwriter } from '../../src-main/kubectl/tabwriter'
import { threeWayPatch } from '../../src-main/kubectl/three-way-patch'
import { humanDuration } from '../../src-main/kubectl/describe-format'
import { splitDocuments, decodeChunk } from '../../src-main/kubectl/manifests'

const defs = [
  { name: 'namespace', short: 'n', type: 'string' as const, usage: '' },
  { name: 'stdin', short: 'i', type: 'bool' as const, usage: '' },
  { name: 'tty', short: 't', type: 'bool' as const, usage: '' },
  { name: 'replicas', type: 'int' as const, usage: '' },
  { name: 'filename', short: 'f', type: 'stringArray' as const, usage: '' },
]

describe('flags (pflag semantics)', () => {
  it('parses every form', () => {
    const p = parseFlags(['-it', '-nfoo', 'web-0', '--replicas=3', '-f', 'a', '--filename', 'b', '--', 'sh', '-c', 'x'], defs)
    expect(p.values.get('stdin')).toBe(true)
    expect(p.values.get('tty')).toBe(true)
    expect(p.values.get('namespace')).toBe('foo')
    expect(p.values.get('replicas')).toBe(3)
    expect(p.values.get('filename')).toEqual(['a', 'b'])
    expect(p.args).toEqual(['web-0', 'sh', '-c', 'x'])
    expect(p.dashAt).toBe(1)
  })
  it('words errors like pflag', () => {
    expect(() => parseFlags(['--foo'], defs)).toThrow(new FlagError('unknown flag: --foo'))
    expect(() => parseFlags(['-x'], defs)).toThrow("unknown shorthand flag: 'x' in -x")
    expect(() => parseFlags(['-n'], defs)).toThrow("flag needs an argument: 'n' in -n")
    expect(() => parseFlags(['--namespace'], defs)).toThrow('flag needs an argument: --namespace')
    expect(() => parseFlags(['--replicas=x'], defs)).toThrow('invalid argument "x" for "--replicas" flag: strconv.ParseInt: parsing "x": invalid syntax')
  })
})

describe('yaml output (go-yaml v2 style)', () => {
  it('quotes, sorts and folds like kubectl', () => {
    expect(toYaml({ b: '80', a: [{ y: 'yes', x: '*' }], t: '2024-01-01T00:00:00Z', m: 'a: b', e: {}, l: [] })).toBe(
      'a:\n- x: \'*\'\n  "y": "yes"\nb: "80"\ne: {}\nl: []\nm: \'a: b\'\nt: "2024-01-01T00:00:00Z"\n')
    expect(toYaml({ k: '{"a":1}\n' })).toBe('k: |\n  {"a":1}\n')
    expect(toYaml({ k: 'w '.repeat(50).trim() }).split('\n')[1]).toMatch(/^  w/)
    expect(sortKeys(['a10', 'a2', 'b', 'A', '1'])).toEqual(['1', 'A', 'a2', 'a10', 'b'])
    expect(resolvesToNonString('0.21')).toBe(true)
    expect(resolvesToNonString('10.244.1.6')).toBe(false)
  })
})

describe('tabwriters', () => {
  it('get tables: widest cell + 3, min 6, last column unpadded, widths only grow', () => {
    const tw = new TabWriter()
    expect(tw.format([['NAME', 'AGE'], ['web-0', '1s']])).toBe('NAME    AGE\nweb-0   1s\n')
    expect(tw.format([['a-much-longer-name', '2s']])).toBe('a-much-longer-name   2s\n')
    expect(tw.format([['x', '3s']])).toBe('x                    3s\n')
  })
  it('describe: column blocks end at lines without tabs', () => {
    expect(goTabwriter('Name:\tweb\nIP:\t1\nIPs:\n  IP:\t1\nControlled By:\tStatefulSet/web\n')).toBe(
      'Name:  web\nIP:    1\nIPs:\n  IP:           1\nControlled By:  StatefulSet/web\n')
  })
})

describe('three-way patch', () => {
  const live = { kind: 'Service', metadata: { name: 'n', uid: 'u' }, spec: { ports: [{ port: 80, protocol: 'TCP' }], clusterIP: 'None' } }
  it('is empty when nothing the user set changed', () => {
    expect(threeWayPatch({ kind: 'Service', spec: { ports: [{ port: 80 }] } }, { kind: 'Service', spec: { ports: [{ port: 80 }] } }, live)).toEqual({})
  })
  it('removes fields dropped from the file and merges keyed lists', () => {
    const p = threeWayPatch({ kind: 'Service', spec: { clusterIP: 'None', ports: [{ port: 80 }, { port: 81 }] } },
      { kind: 'Service', spec: { ports: [{ port: 80, name: 'web' }] } }, live)
    expect(p).toEqual({ spec: { clusterIP: null, ports: [{ $patch: 'delete', port: 81 }, { port: 80, name: 'web' }] } })
  })
})

describe('manifests', () => {
  it('splits documents and reports go-yaml wording with document-relative lines', () => {
    expect(splitDocuments('a: 1\n---\nb: 2\n')).toEqual(['a: 1\n', 'b: 2\n'])
    expect(decodeChunk('apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n   bad: 1\n', 'x.yaml'))
      .toBe('error parsing x.yaml: error converting YAML to JSON: yaml: line 5: mapping values are not allowed in this context')
  })
  it('durations like apimachinery', () => {
    expect([humanDuration(5_000), humanDuration(125_000), humanDuration(600_000), humanDuration(4 * 3600_000 + 60_000)]).toEqual(['5s', '2m5s', '10m', '4h1m'])
  })
})

// Unit tests of our kubectl's client-side printers: JSONPath, custom columns, --sort-by, go-template, Go value
// formatting, describe's smart labels and quantities. The golden suites compare them with the real kubectl; these
// pin edge cases and every error path without a cluster.
import { describe, it, expect } from 'vitest'
import { parseJsonPath, executeJsonPath, relaxedJsonPath, JsonPathParseError, JsonPathExecError } from '../../src-main/kubectl/printers/jsonpath'
import { columnsFromSpec, columnsFromFile, formatColumns, ColumnSpecError } from '../../src-main/kubectl/printers/custom-columns'
import { compileSortField, sortByField, naturalLess, SortError } from '../../src-main/kubectl/printers/sort'
import { parseGoTemplate, executeGoTemplate } from '../../src-main/kubectl/printers/go-template'
import { goV, goSharpV, goQuote } from '../../src-main/kubectl/printers/go-format'
import { smartLabel } from '../../src-main/kubectl/describe/generic'
import { formatQuantity, parseQuantity } from '../../src-main/kubectl/describe/quantity'
import { TabWriter } from '../../src-main/kubectl/tabwriter'

const list = {
  kind: 'List',
  items: [
    { metadata: { name: 'web-0', labels: { app: 'nginx', 'a.b/c': 'x' } }, spec: { n: 2 }, status: { phase: 'Running' } },
    { metadata: { name: 'web-1', labels: { app: 'nginx' } }, spec: { n: 10 }, status: { phase: 'Pending' } },
    { metadata: { name: 'db-0', labels: { app: 'db' } }, spec: { n: 1 }, status: { phase: 'Running' } },
  ],
}
const jp = (t: string, data: unknown = list, asJson = false) => executeJsonPath(parseJsonPath(t), data, asJson)

describe('JSONPath (kubectl dialect)', () => {
  it('selects, ranges, filters, slices and recurses', () => {
    expect(jp('{.items[*].metadata.name}')).toBe('web-0 web-1 db-0')
    expect(jp('{range .items[*]}{.metadata.name}{"\\t"}{.status.phase}{"\\n"}{end}')).toBe('web-0\tRunning\nweb-1\tPending\ndb-0\tRunning\n')
    expect(jp('{.items[?(@.status.phase=="Running")].metadata.name}')).toBe('web-0 db-0')
    expect(jp('{.items[?(@.spec.n>1)].metadata.name}')).toBe('web-0 web-1')
    expect(jp("{.items[?(@.metadata.labels.app!='nginx')].metadata.name}")).toBe('db-0')
    expect(jp('{.items[-1:].metadata.name}')).toBe('db-0')
    expect(jp('{.items[0:2].metadata.name}')).toBe('web-0 web-1')
    expect(jp('{.items[0,2].metadata.name}')).toBe('web-0 db-0')
    expect(jp('{.items[::2].metadata.name}')).toBe('web-0 db-0')
    expect(jp('{.items[0].metadata.labels.a\\.b/c}')).toBe('x')
    expect(jp("{.items[0].metadata.labels['app']}")).toBe('nginx')
    expect(jp('{..phase}')).toBe('Running Pending Running')
    expect(jp('{.items[0].metadata.labels}')).toBe('{"a.b/c":"x","app":"nginx"}')
    expect(jp('{.items[0].nope}')).toBe('')
    expect(jp('kind: {.kind}')).toBe('kind: List')
    expect(jp('{.x}', { x: null })).toBe('null')
    expect(jp('{.x}', { x: '<&>' })).toBe('<&>')
    expect(jp('{.x}', { x: { y: '<&>' } })).toBe('{"y":"\\u003c\\u0026\\u003e"}')
    expect(jp('{.items[*].metadata.name}', list, true)).toBe('[\n    "web-0",\n    "web-1",\n    "db-0"\n]\n')
  })
  it('words parse errors like kubectl', () => {
    const err = (t: string) => { try { parseJsonPath(t); return '' } catch (e) { expect(e).toBeInstanceOf(JsonPathParseError); return (e as Error).message } }
    expect(err('{.items')).toBe('unclosed action')
    expect(err('{.a[0}')).toBe('unterminated array')
    expect(err('{.a["x"]}')).toBe('invalid array index "x"')
    expect(err('{#}')).toBe("unrecognized character in action: U+0023 '#'")
    expect(err('{.a[?(@.x=="y"]}')).toBe('unterminated filter')
    expect(err('{....a}')).toBe('invalid multiple recursive descent')
  })
  it('words execution errors like kubectl', () => {
    const err = (t: string, data: unknown = list) => { try { jp(t, data); return '' } catch (e) { expect(e).toBeInstanceOf(JsonPathExecError); return (e as Error).message } }
    expect(err('{.items[5]}')).toBe('array index out of bounds: index 5, length 3')
    expect(err('{.items[1:9]}')).toBe('array index out of bounds: index 8, length 3')
    expect(err('{.items[2:1]}')).toBe('starting index 2 is greater than ending index 1')
    expect(err('{.kind[0]}')).toBe('string is not array or slice')
    expect(err('{.items[0].metadata[0]}')).toBe('map[string]interface {} is not array or slice')
    expect(err('{.items}{end}')).toBe('not in range, nothing to end')
    expect(err('{.items[?(@.spec.n=="x")]}')).toBe('incompatible types for comparison')
  })
  it('relaxes paths for custom-columns and --sort-by', () => {
    expect(relaxedJsonPath('.a.b')).toBe('{.a.b}')
    expect(relaxedJsonPath('a.b')).toBe('{.a.b}')
    expect(relaxedJsonPath('{.a.b}')).toBe('{.a.b}')
    expect(() => relaxedJsonPath('{.a')).toThrow("unexpected path string, expected a 'name1.name2'")
  })
})

describe('custom columns', () => {
  it('prints Go %v cells and <none>', () => {
    const cols = columnsFromSpec('NAME:.metadata.name,L:.metadata.labels,N:.nope')
    expect(formatColumns(cols, list.items.slice(0, 1), false)).toBe(`NAME    ${'L'.padEnd(25)}N\nweb-0   map[a.b/c:x app:nginx]   <none>\n`)
    expect(formatColumns(columnsFromFile('A B\n.metadata.name .spec.n\n'), list.items.slice(2), true)).toBe('db-0   1\n')
  })
  it('rejects bad specs', () => {
    expect(() => columnsFromSpec('')).toThrow('custom-columns format specified but no custom columns given')
    expect(() => columnsFromSpec('NAME')).toThrow(new ColumnSpecError('unexpected custom-columns spec: NAME, expected <header>:<json-path-expr>'))
    expect(() => columnsFromFile('A B\n.x\n')).toThrow("number of headers (2) and field specifications (1) don't match")
    expect(() => columnsFromFile('A\n')).toThrow('unexpected template, expected two lines, got 1')
  })
})

describe('--sort-by', () => {
  it('sorts numbers, natural strings and timestamps', () => {
    const by = (f: string) => sortByField(list.items, compileSortField(f), (o) => o).map((o) => o.metadata.name)
    expect(by('.spec.n')).toEqual(['db-0', 'web-0', 'web-1'])
    expect(by('{.metadata.name}')).toEqual(['db-0', 'web-0', 'web-1'])
    expect(naturalLess('web-2', 'web-10')).toBe(true)
    expect(naturalLess('web-10', 'web-2')).toBe(false)
    const ts = [{ t: '2024-01-02T00:00:00Z' }, { t: '2024-01-01T00:00:00Z' }]
    expect(sortByField(ts, compileSortField('.t'), (o) => o)[0].t).toBe('2024-01-01T00:00:00Z')
  })
  it('errors when no object has the field, or it cannot be sorted', () => {
    expect(() => sortByField(list.items, compileSortField('.nope'), (o) => o)).toThrow(new SortError('couldn\'t find any field with path "{.nope}" in the list of objects'))
    expect(() => sortByField(list.items, compileSortField('.metadata.labels'), (o) => o)).toThrow('unsortable type')
    expect(() => compileSortField('{.a')).toThrow('unexpected path string')
  })
})

describe('go-template subset', () => {
  it('renders fields, range, if, index and len', () => {
    const t = parseGoTemplate('{{range .items}}{{.metadata.name}}{{if .spec.n}}+{{else}}-{{end}} {{end}}{{len .items}} {{index .items 0 "kind"}} {{.nope}}')
    expect(executeGoTemplate(t, list)).toBe('web-0+ web-1+ db-0+ 3 <no value> <no value>')
  })
  it('rejects unknown functions and unbalanced blocks', () => {
    expect(() => parseGoTemplate('{{printf "x"}}')).toThrow('template: output:1: function "printf" not defined')
    expect(() => parseGoTemplate('{{range .items}}')).toThrow('unexpected EOF')
    expect(() => parseGoTemplate('{{end}}')).toThrow('unexpected {{end}}')
  })
})

describe('Go value formatting', () => {
  it('prints %v, %#v and quoted strings like Go', () => {
    expect(goV({ b: [1, 'x'], a: null })).toBe('map[a:<nil> b:[1 x]]')
    expect(goSharpV({ b: [1, true], a: null, s: 'q"\n' })).toBe('map[string]interface {}{"a":interface {}(nil), "b":[]interface {}{1, true}, "s":"q\\"\\n"}')
    expect(goQuote('\u0001\t')).toBe('"\\x01\\t"')
  })
})

describe('describe helpers', () => {
  it('makes smart labels like kubectl', () => {
    expect(smartLabel('apiVersion')).toBe('API Version')
    expect(smartLabel('containerPort')).toBe('Container Port')
    expect(smartLabel('uid')).toBe('UID')
    expect(smartLabel('terminationGracePeriodSeconds')).toBe('Termination Grace Period Seconds')
    expect(smartLabel('$patch')).toBe('$patch')
  })
  it('sums quantities in Go form', () => {
    expect(formatQuantity({ value: parseQuantity('100m').value + parseQuantity('1').value, binary: false })).toBe('1100m')
    expect(formatQuantity(parseQuantity('128Mi'))).toBe('128Mi')
    expect(formatQuantity(parseQuantity('2'))).toBe('2')
    expect(formatQuantity({ value: 0, binary: true })).toBe('0')
  })
  it('keeps watch EVENT columns wide enough for MODIFIED', () => {
    const tw = new TabWriter()
    tw.ensureWidth(0, 11)
    expect(tw.format([['EVENT', 'NAME'], ['ADDED', 'x']])).toBe('EVENT      NAME\nADDED      x\n')
  })
})

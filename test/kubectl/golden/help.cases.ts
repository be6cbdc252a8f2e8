// The help suite: root help, command help (--help, -h, `kubectl help X`), `kubectl options`, and the usage errors
// around them. Help text is ours, so those cases compare STRUCTURE with the real kubectl (compare: 'structure');
// errors and the read-only commands' outputs are byte-compared as everywhere else.
import type { GoldenCase } from './harness'

const help = (args: string[]): GoldenCase => ({ args, compare: 'structure' })

export const CASES: GoldenCase[] = [
  help([]),
  help(['--help']),
  help(['-h']),
  help(['help']),
  help(['help', 'get']),
  help(['help', 'nope']),
  help(['options']),
  help(['get', '--help']),
  help(['get', '-h']),
  help(['get', 'pods', '--help']),
  help(['describe', '--help']),
  help(['api-resources', '--help']),
  help(['version', '--help']),
  help(['-n', 'x', 'get', '-h']),
  // Usage errors: byte-compared.
  { args: ['--foo'] },
  { args: ['get', '--help', '--foo'] },
  { args: ['get', '--foo'] },
  { args: ['get', '-x'] },
  { args: ['get', 'pods', '--output'] },
  { args: ['get', 'pods', '--chunk-size=x'] },
  { args: ['get', 'pods', '--watch=maybe'] },
  { args: ['describe', '--foo'] },
  { args: ['describe'] },
  { args: ['get'] },
  { args: ['getx'] },
  { args: ['descibe'] },
  { args: ['api-resources', '--foo'] },
  { args: ['version', '--foo'] },
  { args: ['version', 'extra'] },
  { args: ['version', '-o', 'foo'] },
  { args: ['version', '--client'] },
  { args: ['api-resources', 'extra'] },
  { args: ['api-resources', '-o', 'foo'] },
  { args: ['api-resources', '--sort-by=foo'] },
  // api-resources, byte-compared.
  { args: ['api-resources'] },
  { args: ['api-resources', '-o', 'wide'] },
  { args: ['api-resources', '-o', 'name'] },
  { args: ['api-resources', '--namespaced=false'] },
  { args: ['api-resources', '--api-group=apps', '--no-headers'] },
  { args: ['api-resources', '--api-group='] },
  { args: ['api-resources', '--sort-by=kind'] },
  { args: ['api-resources', '--verbs=list,watch', '--sort-by=name', '-o', 'name'] },
  { args: ['api-resources', '--verbs=nope'] },
]

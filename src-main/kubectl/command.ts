// The command table's row type and what a running command gets: parsed flags, lazily-created REST client and
// discovery (so client-side errors never need a server), namespace resolution and output helpers.
import type { CommandContext } from '../shell/io'
import type { FlagDef, Flags } from './flags'
import { RestClient } from './client'
import { Discovery } from './discovery'
import { loadRestConfig, type RestConfig } from './kubeconfig'

export interface KubectlCommand {
  name: string
  aliases?: string[]
  /** Help group, as in `kubectl` with no arguments. */
  group: string
  summary: string
  usage: string
  description?: string
  examples?: string
  flags: FlagDef[]
  /**
   * For a command that groups subcommands (`config view`, `config set-cluster`…): which of `flags` each
   * subcommand accepts. Flags are then parsed per subcommand, so an unknown one is rejected and errors name it
   * (`See 'kubectl config view --help' for usage.`), as cobra does for nested commands.
   */
  subcommands?: Record<string, string[]>
  run(inv: Invocation): Promise<number>
}

export const GLOBAL_FLAGS: FlagDef[] = [
  { name: 'namespace', short: 'n', type: 'string', usage: 'If present, the namespace scope for this CLI request' },
  { name: 'kubeconfig', type: 'string', usage: 'Path to the kubeconfig file to use for CLI requests.' },
  { name: 'context', type: 'string', usage: 'The name of the kubeconfig context to use' },
  { name: 'v', short: 'v', type: 'int', usage: 'number for the log level verbosity' },
  { name: 'request-timeout', type: 'string', default: '0', usage: 'How long to wait for a single server request; 0 means no timeout.' },
  { name: 'help', short: 'h', type: 'bool', usage: 'help for this command' },
]

export class Invocation {
  private _config: RestConfig | null = null
  private _client: RestClient | null = null
  private _discovery: Discovery | null = null

  constructor(
    readonly ctx: CommandContext,
    readonly command: KubectlCommand,
    readonly flags: Flags,
  ) {}

  get args(): string[] { return this.flags.args }
  get signal(): AbortSignal { return this.ctx.signal }

  out(s: string): void { this.ctx.stdout.write(s) }
  err(s: string): void { this.ctx.stderr.write(s) }

  get config(): RestConfig {
    if (!this._config) {
      this._config = loadRestConfig(this.ctx.env, {
        kubeconfig: this.flags.str('kubeconfig') || undefined,
        context: this.flags.str('context') || undefined,
        namespace: this.flags.str('namespace') || undefined,
      })
    }
    return this._config
  }

  get client(): RestClient {
    return (this._client ??= new RestClient(this.config))
  }

  get discovery(): Discovery {
    return (this._discovery ??= new Discovery(this.client))
  }

  /** The namespace for this request: `-n`, else the context's, else `default`. */
  get namespace(): string { return this.config.namespace }

  /** True when the user passed `-n` (kubectl then rejects manifests naming another namespace). */
  get explicitNamespace(): boolean { return this.flags.changed('namespace') }
}

// Connects the contract's terminal events to the one xterm instance, which may mount after output arrives.
export type TerminalSink = { write(data: string): void; focus(): void }

const MAX_BUFFER = 256 * 1024

export class TerminalBridge {
  private sink: TerminalSink | null = null
  private pending: string[] = []
  private pendingSize = 0
  exitNotice = $state<number | null>(null)

  attach(sink: TerminalSink): () => void {
    this.sink = sink
    for (const chunk of this.pending) sink.write(chunk)
    this.pending = []
    this.pendingSize = 0
    return () => {
      if (this.sink === sink) this.sink = null
    }
  }

  write(data: string): void {
    if (this.exitNotice !== null) this.exitNotice = null // the new shell is talking
    if (this.sink) return this.sink.write(data)
    // Before xterm exists, keep the newest output (the prompt matters, an old screenful does not). A full reset
    // (a replay of the screen, a new shell) makes everything before it moot.
    if (data.startsWith('\x1bc')) {
      this.pending = []
      this.pendingSize = 0
    }
    this.pending.push(data)
    this.pendingSize += data.length
    while (this.pendingSize > MAX_BUFFER && this.pending.length > 1) this.pendingSize -= this.pending.shift()!.length
  }

  focus(): void {
    this.sink?.focus()
  }
}

// Which `code` snippets in a lesson body are commands the learner can click to type. Pure, unit-tested.

/** Programs a lesson command can start with; other code (YAML keys, file names) is not typeable. */
const COMMAND_WORDS = new Set([
  'kubectl', 'cat', 'ls', 'cd', 'echo', 'nslookup', 'ping', 'wget', 'curl', 'hostname', 'grep', 'head', 'tail',
  'wc', 'sh', 'bash', 'exit', 'clear', 'pwd', 'vi', 'touch', 'mkdir', 'rm', 'cp', 'mv', 'sleep', 'for', 'watch',
])

/**
 * The command a clicked `code` element stands for, or null when it is not a single command line.
 * A leading shell prompt (`$ `) is dropped, since learners copy examples that way.
 */
export function commandFromCode(text: string): string | null {
  let line = text.trim()
  if (line === '' || line.includes('\n')) return null
  if (line.startsWith('$ ')) line = line.slice(2).trim()
  const first = line.split(/\s+/)[0] ?? ''
  return COMMAND_WORDS.has(first) ? line : null
}

/**
 * What to send to the terminal so the command is TYPED, not run: the text itself, without a newline.
 * Control characters are dropped so a lesson can never press Enter or Ctrl-C on the learner's behalf.
 */
export function typedInput(command: string): string {
  return command.replace(/[\u0000-\u001f\u007f]/g, '')
}

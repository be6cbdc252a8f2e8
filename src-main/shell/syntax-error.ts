// The parser's error, worded per shell flavour: bash (`syntax error near unexpected token `fi'`) or busybox ash
// (`syntax error: unexpected "fi"`).

/** A syntax error, worded per shell flavour by `lines(shellName)`. `incomplete` means more input could fix it
 *  (unterminated quote, `if` without `fi`, trailing `|`): an interactive shell then asks for a continuation line. */
export class ShellSyntaxError extends Error {
  constructor(
    readonly kind: 'token' | 'eof' | 'quote' | 'bad-subst',
    /** The offending token (`fi`, `;;`, `newline`), the quote character, or the bad `${…}` text. */
    readonly token: string,
    readonly incomplete: boolean,
    /** What the parser was waiting for (`fi`, `done`…), for ash's `(expecting "fi")`. */
    readonly expecting?: string,
  ) {
    super('')
    this.message = this.lines('bash').join('\n')
  }

  /** The message lines without the `bash: ` prefix. */
  lines(shellName: string): string[] {
    const ash = shellName !== 'bash'
    switch (this.kind) {
      case 'token':
        return [ash ? `syntax error: unexpected ${this.token === 'newline' ? 'newline' : `"${this.token}"`}` : `syntax error near unexpected token \`${this.token}'`]
      case 'eof':
        return [ash ? `syntax error: unexpected end of file${this.expecting ? ` (expecting "${this.expecting}")` : ''}` : 'syntax error: unexpected end of file']
      case 'quote':
        return ash
          ? ['syntax error: unterminated quoted string']
          : [`unexpected EOF while looking for matching \`${this.token}'`] // bash 5.2 no longer adds "syntax error: unexpected end of file"
      case 'bad-subst':
        return [ash ? 'syntax error: bad substitution' : `${this.token}: bad substitution`]
    }
  }
}

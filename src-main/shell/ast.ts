// The shell's syntax tree. Words keep their quoting per part, because quoting decides field splitting and globbing
// at run time, not at parse time.

export type WordPart =
  | { type: 'lit'; value: string; quoted: boolean }
  | { type: 'param'; name: string; quoted: boolean; op?: ParamOp; arg?: Word; length?: boolean }
  | { type: 'cmdsub'; script: Script; quoted: boolean }
  | { type: 'arith'; expr: Word; quoted: boolean }

export type ParamOp = ':-' | '-' | ':=' | '=' | ':+' | '+' | ':?' | '?' | '#' | '##' | '%' | '%%'

export interface Word {
  parts: WordPart[]
  /** Source text, used for reserved words, here-doc delimiters and messages. */
  raw: string
}

export interface Redirect {
  /** The fd being redirected; null means the operator's default (0 for `<`, 1 for `>`). */
  fd: number | null
  op: '>' | '>>' | '>|' | '<' | '<>' | '>&' | '<&' | '&>' | '&>>' | '<<' | '<<-' | '<<<'
  target: Word
  /** Here-documents: the body (expanded at run time unless the delimiter was quoted). */
  heredoc?: { body: Word; quoted: boolean; delimiter: string }
}

export interface Assignment {
  name: string
  value: Word
}

export interface SimpleCommand {
  type: 'simple'
  assigns: Assignment[]
  words: Word[]
  redirects: Redirect[]
}

export interface IfClause {
  type: 'if'
  branches: { cond: List; body: List }[]
  elseBody: List | null
  redirects: Redirect[]
}

export interface ForClause {
  type: 'for'
  name: string
  /** null: `for x; do` iterates over "$@". */
  items: Word[] | null
  body: List
  redirects: Redirect[]
}

export interface WhileClause {
  type: 'while'
  until: boolean
  cond: List
  body: List
  redirects: Redirect[]
}

export interface Group {
  type: 'group' | 'subshell'
  body: List
  redirects: Redirect[]
}

export interface CaseItem {
  patterns: Word[]
  body: List
}

export interface CaseClause {
  type: 'case'
  word: Word
  items: CaseItem[]
  redirects: Redirect[]
}

export interface FunctionDef {
  type: 'function'
  name: string
  body: Command
}

export type Command = SimpleCommand | IfClause | ForClause | WhileClause | CaseClause | Group | FunctionDef

export interface Pipeline {
  negated: boolean
  commands: Command[]
}

export interface AndOr {
  first: Pipeline
  rest: { op: '&&' | '||'; pipeline: Pipeline }[]
  background: boolean
  /** The item's source text (for job notices: `[1]+  Done    sleep 1`). */
  text?: string
}

export type List = AndOr[]

export interface Script {
  body: List
}

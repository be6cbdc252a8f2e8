// The shell package's public face (brief APIs #4 and #5).
export type * from './ast'
export { parse, needsMore, ShellSyntaxError } from './parser'
export { Interpreter, INTRINSICS, type InterpreterOptions, type RunIo } from './interpreter'
export { LineEditor, type LineEditorOptions } from './line-editor'
export { Pipe, StringInput, CaptureOutput, emptyInput, nullOutput, readAll, readOrAbort, LineReader } from './pipe'
export { coreBuiltins, formatPrintf } from './core-builtins'
export { resolvePath, basename, dirname, fsErrorText, errorText } from './path'
export { displayWidth, charWidth } from './width'

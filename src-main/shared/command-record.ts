// One command line the learner's workstation shell ran. The shell posts it to the API server
// (POST /ordinal/v1/commands), the app logs it in SQLite, and lesson checks read it. Pure data.
export interface CommandRecord {
  line: string
  cwd: string
  exitCode: number
  startedAt: number
  endedAt: number
}

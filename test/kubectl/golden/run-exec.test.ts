import { goldenSuite } from './harness'
import { CASES, FILES } from './run-exec.cases'

goldenSuite('run-exec', CASES, FILES)

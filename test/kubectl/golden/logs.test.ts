import { goldenSuite } from './harness'
import { CASES, FILES } from './logs.cases'

goldenSuite('logs', CASES, FILES)

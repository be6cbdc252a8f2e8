import { goldenSuite } from './harness'
import { CASES, FILES } from './describe.cases'

goldenSuite('describe', CASES, FILES)

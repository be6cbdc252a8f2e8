import { goldenSuite } from './harness'
import { CASES, FILES } from './basics.cases'

goldenSuite('basics', CASES, FILES)

import { goldenSuite } from './harness'
import { CASES, FILES } from './misc.cases'

goldenSuite('misc', CASES, FILES)

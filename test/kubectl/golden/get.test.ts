import { goldenSuite } from './harness'
import { CASES, FILES } from './get.cases'

goldenSuite('get', CASES, FILES)

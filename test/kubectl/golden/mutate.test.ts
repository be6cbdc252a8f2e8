import { goldenSuite } from './harness'
import { CASES, FILES } from './mutate.cases'

goldenSuite('mutate', CASES, FILES)

import { goldenSuite } from './harness'
import { CASES } from './help.cases'

goldenSuite('help', CASES)

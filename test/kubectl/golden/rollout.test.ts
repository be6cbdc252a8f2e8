import { goldenSuite } from './harness'
import { CASES, FILES } from './rollout.cases'

goldenSuite('rollout', CASES, FILES)

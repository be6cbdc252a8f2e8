// The command table, in the order help lists them. Help and completion are generated from these rows.
import type { KubectlCommand } from '../command'
import { createCommand, applyCommand } from './apply'
import { runCommand } from './run'
import { getCommand } from './get'
import { deleteCommand } from './delete'
import { scaleCommand } from './scale'
import { describeCommand } from './describe'
import { execCommand } from './exec'
import { apiResourcesCommand } from './api-resources'
import { versionCommand } from './version'
import { logsCommand } from './logs'
import { patchCommand } from './patch'
import { labelCommand, annotateCommand } from './label'
import { rolloutCommand } from './rollout'
import { waitCommand } from './wait'
import { configCommand } from './config'
import { clusterInfoCommand, apiVersionsCommand } from './cluster-info'
import { cordonCommand, uncordonCommand, drainCommand } from './drain'
import { replaceCommand } from './replace'
import { attachCommand } from './attach'
import { diffCommand } from './diff'
import { explainCommand } from './explain'

export const COMMANDS: KubectlCommand[] = [
  createCommand, runCommand, getCommand, deleteCommand, scaleCommand, describeCommand, execCommand, applyCommand,
  apiResourcesCommand, versionCommand,
  // Added for issue 4 (verbs): listed after the original rows so the edits stay additive.
  logsCommand, patchCommand, labelCommand, annotateCommand, rolloutCommand, waitCommand,
  configCommand, clusterInfoCommand, apiVersionsCommand, cordonCommand, uncordonCommand, drainCommand, replaceCommand,
  attachCommand, diffCommand, explainCommand,
]

// The workstation shell (pure part). node adapters: ./node-fs (createWorkspaceFs), ./node-kubectl (kubectlBuiltin).
export { WorkstationSession, type WorkstationSessionOptions, type CommandRecord } from './session'
export { createCompleter, type KubectlVerb, type CompletionDeps } from './completion'
export { fileTools, lsColumns } from './file-tools'
export { textTools } from './text-tools'

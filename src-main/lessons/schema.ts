// The language-neutral logic of a lesson (lesson.yaml) and the per-locale strings (front matter of zh-CN.md / en.md).
// Checks are objects with exactly one "kind" key; combinators nest checks without ids or labels.
import { z } from 'zod'

const scalar = z.union([z.string(), z.number(), z.boolean(), z.null()])

/** A condition on one JSON path: a plain value means equality. */
export const whereValueSchema = z.union([
  scalar,
  z.strictObject({
    equals: scalar.optional(),
    ne: scalar.optional(),
    in: z.array(scalar).optional(),
    exists: z.boolean().optional(),
    gte: z.number().optional(),
    lte: z.number().optional(),
  }),
])
export type WhereValue = z.infer<typeof whereValueSchema>

export const stateCheckSchema = z.strictObject({
  kind: z.string().min(1),
  namespace: z.string().optional(), // default: the lesson namespace ('default')
  name: z.string().optional(),
  names: z.array(z.string()).optional(),
  selector: z.string().optional(), // label selector: 'app=nginx'
  where: z.record(z.string(), whereValueSchema).optional(),
  count: z.union([z.number().int().min(0), z.strictObject({ min: z.number().int().min(0).optional(), max: z.number().int().min(0).optional() })]).optional(),
})
export type StateCheck = z.infer<typeof stateCheckSchema>

export const eventsCheckSchema = z
  .strictObject({
    inOrder: z.array(z.string().min(1)).optional(), // 'Pod/web-0 Ready'
    all: z.array(z.string().min(1)).optional(), // unordered
    since: z.enum(['lesson', 'step']).optional(),
  })
  .refine((v) => !!v.inOrder !== !!v.all, { message: 'exactly one of inOrder or all is required' })
export type EventsCheck = z.infer<typeof eventsCheckSchema>

export const dnsCheckSchema = z.strictObject({
  name: z.string().min(1),
  image: z.string().min(1), // the image of the pod the lookup runs from
  namespace: z.string().optional(),
  via: z.enum(['nslookup', 'libc']).optional(), // nslookup's own client, or the libc resolver (ping, wget)
  expect: z.enum(['resolves', 'fails']).optional(),
})
export type DnsCheck = z.infer<typeof dnsCheckSchema>

export const volumeCheckSchema = z.strictObject({
  claim: z.string().min(1),
  namespace: z.string().optional(),
  path: z.string().min(1),
  exists: z.boolean().optional(),
  equals: z.string().optional(),
  contains: z.string().optional(),
})
export type VolumeCheck = z.infer<typeof volumeCheckSchema>

const flagValue = z.union([z.string(), z.number(), z.boolean(), z.strictObject({ re: z.string() })])
export const commandCheckSchema = z
  .strictObject({
    kubectl: z.array(z.string()).min(1).optional(), // [verb, resource?, name?] – aliases are normalized
    flags: z.record(z.string(), flagValue).optional(),
    args: z.array(z.string()).optional(), // argv after `--` (or the command of `kubectl run NAME CMD`)
    exactNames: z.boolean().optional(), // the names must be exactly those in `kubectl` (none: a plain list)
    shell: z.string().optional(), // regex over the raw line, for non-kubectl commands
    exitCode: z.union([z.number().int(), z.literal('any')]).optional(), // default 0
    since: z.enum(['lesson', 'step']).optional(), // default step
  })
  .refine((v) => !!v.kubectl || v.shell !== undefined, { message: 'kubectl or shell is required' })
export type CommandCheck = z.infer<typeof commandCheckSchema>

export const auditCheckSchema = z.strictObject({
  verb: z.string().optional(), // get | list | watch | create | update | patch | delete
  resource: z.string().min(1), // plural or alias: pods, sts
  subresource: z.string().optional(), // attach, exec, log, scale
  namespace: z.string().optional(),
  name: z.string().optional(),
  query: z.record(z.string(), z.string()).optional(), // labelSelector: app=nginx
  since: z.enum(['lesson', 'step']).optional(),
})
export type AuditCheck = z.infer<typeof auditCheckSchema>

export const CHECK_KINDS = ['state', 'events', 'dns', 'volume', 'command', 'audit', 'allOf', 'anyOf', 'not'] as const
export type CheckKind = (typeof CHECK_KINDS)[number]

export interface CheckDef {
  id?: string
  state?: StateCheck
  events?: EventsCheck
  dns?: DnsCheck
  volume?: VolumeCheck
  command?: CommandCheck
  audit?: AuditCheck
  allOf?: CheckDef[]
  anyOf?: CheckDef[]
  not?: CheckDef
}

function checkShape(requireId: boolean): z.ZodType<CheckDef> {
  return z
    .strictObject({
      id: requireId ? z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'ids are lower-case words joined by -') : z.string().optional(),
      state: stateCheckSchema.optional(),
      events: eventsCheckSchema.optional(),
      dns: dnsCheckSchema.optional(),
      volume: volumeCheckSchema.optional(),
      command: commandCheckSchema.optional(),
      audit: auditCheckSchema.optional(),
      allOf: z.lazy(() => z.array(nestedCheckSchema).min(1)).optional(),
      anyOf: z.lazy(() => z.array(nestedCheckSchema).min(1)).optional(),
      not: z.lazy(() => nestedCheckSchema).optional(),
    })
    .superRefine((v, ctx) => {
      const kinds = CHECK_KINDS.filter((k) => (v as Record<string, unknown>)[k] !== undefined)
      if (kinds.length !== 1)
        ctx.addIssue({
          code: 'custom',
          message: kinds.length === 0 ? `a check needs one of: ${CHECK_KINDS.join(', ')}` : `a check has exactly one kind, found ${kinds.join(', ')}`,
        })
    }) as z.ZodType<CheckDef>
}
export const nestedCheckSchema: z.ZodType<CheckDef> = checkShape(false)
export const checkSchema: z.ZodType<CheckDef> = checkShape(true)

const stepId = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'ids are lower-case words joined by -')

export const stepSchema = z.strictObject({
  id: stepId,
  checks: z.array(checkSchema).min(1),
  /** Lines typed into the terminal in order; `^C` sends Ctrl-C once the output is quiet. */
  solution: z.array(z.string().min(1)).min(1),
  /** Each attempt is a list of lines, typed like a solution; each must leave at least one check unpassed. */
  wrongAttempts: z.array(z.array(z.string().min(1)).min(1)).min(2, 'at least 2 wrong attempts per step'),
})
export type StepDef = z.infer<typeof stepSchema>

export const lessonSchema = z.strictObject({
  id: stepId,
  locales: z.array(z.enum(['zh-CN', 'en'])).min(1),
  namespace: z.string().optional(),
  setup: z
    .strictObject({
      workspace: z.array(z.string().min(1)).optional(), // paths under files/, copied into the workspace
      apply: z.array(z.string().min(1)).optional(), // manifests under files/, applied before the first step
      clock: z.strictObject({ speed: z.union([z.number().positive(), z.literal('instant')]).optional() }).optional(),
    })
    .optional(),
  steps: z.array(stepSchema).min(1),
})
export type LessonDef = z.infer<typeof lessonSchema>

// ---- locale front matter ----
const checkStrings = z.strictObject({ label: z.string().optional(), fail: z.string().optional() })
export const localeSchema = z.strictObject({
  title: z.string().optional(),
  steps: z
    .record(
      z.string(),
      z.strictObject({
        title: z.string().optional(),
        hints: z.array(z.string()).optional(),
        checks: z.record(z.string(), checkStrings).optional(),
      }),
    )
    .optional(),
})
export type LocaleStrings = z.infer<typeof localeSchema>

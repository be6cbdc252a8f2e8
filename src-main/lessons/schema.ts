// The language-neutral logic of a lesson (lesson.yaml) and the per-locale strings (front matter of zh-CN.md / en.md).
// Checks are objects with exactly one "kind" key; combinators nest checks without ids or labels.
import { z } from 'zod'
import { validateFactList } from './checks/facts'

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
  .superRefine((v, ctx) => {
    // Fact syntax is checked here so `lessons lint` reports a typo with its line, not a check that never passes.
    for (const key of ['inOrder', 'all'] as const) {
      const list = v[key]
      if (!list) continue
      const bad = validateFactList(list, key === 'inOrder')
      if (bad) {
        const i = Number(/^\[(\d+)\]/.exec(bad)?.[1] ?? 0)
        ctx.addIssue({ code: 'custom', path: [key, i], message: bad.replace(/^\[\d+\]: /, '') })
      }
    }
  })
export type EventsCheck = z.infer<typeof eventsCheckSchema>

/** With `seen`, a `dns` check judges the lookups pods actually made (the learner's own nslookup, ping or wget), in
 *  a window of lifecycle facts, instead of asking the DNS server itself now. */
export const dnsSeenSchema = z
  .strictObject({
    after: z.string().min(1).optional(), // a fact pattern: only lookups after it ('Pod/web-1 Deleted')
    before: z.string().min(1).optional(), // …and before the next such fact after that ('Pod/web-1 Ready')
    which: z.enum(['first', 'last', 'any']).optional(), // which lookup in the window decides (default first)
  })
  .superRefine((v, ctx) => {
    for (const key of ['after', 'before'] as const) {
      const t = v[key]
      if (t === undefined) continue
      const bad = validateFactList([t], false)
      if (bad) ctx.addIssue({ code: 'custom', path: [key], message: bad.replace(/^\[\d+\]: /, '') })
    }
  })
export type DnsSeen = z.infer<typeof dnsSeenSchema>

export const dnsCheckSchema = z
  .strictObject({
    name: z.string().min(1),
    /** The image of the pod the lookup runs from. Required when the check asks itself; with `seen`, optional: only
     *  lookups shaped like that image's resolver count (busybox:1.28.4 applies the search list, busybox does not). */
    image: z.string().min(1).optional(),
    namespace: z.string().optional(),
    via: z.enum(['nslookup', 'libc']).optional(), // nslookup's own client, or the libc resolver (ping, wget)
    expect: z.enum(['resolves', 'fails']).optional(),
    seen: dnsSeenSchema.optional(),
    /** With expect: resolves, the answer must be this pod's IP (as it is now): "the name follows the new pod". */
    ipOf: z.string().min(1).optional(),
  })
  .superRefine((v, ctx) => {
    if (!v.seen && v.image === undefined) ctx.addIssue({ code: 'custom', path: ['image'], message: 'image is required (the pod the lookup runs from), unless the check judges lookups pods made (seen)' })
    if (v.ipOf !== undefined && v.expect === 'fails') ctx.addIssue({ code: 'custom', path: ['ipOf'], message: 'ipOf needs expect: resolves (a failed lookup has no address)' })
    if (v.via === 'libc' && v.image === undefined && v.seen) ctx.addIssue({ code: 'custom', path: ['via'], message: 'via needs image (the resolver of which image)' })
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

/** A file as a running container sees it (its own writable layer, or a volume mounted there). */
export const fileCheckSchema = z
  .strictObject({
    pod: z.string().min(1),
    container: z.string().optional(), // default: the pod's first container
    namespace: z.string().optional(),
    path: z.string().regex(/^\//, 'path must be absolute (as the container sees it)'),
    exists: z.boolean().optional(),
    equals: z.string().optional(),
    contains: z.string().optional(),
  })
  .refine((v) => !(v.exists === false && (v.equals !== undefined || v.contains !== undefined)), { message: 'exists: false cannot be combined with equals or contains' })
export type FileCheck = z.infer<typeof fileCheckSchema>

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

export const CHECK_KINDS = ['state', 'events', 'dns', 'volume', 'file', 'command', 'audit', 'allOf', 'anyOf', 'not'] as const
export type CheckKind = (typeof CHECK_KINDS)[number]

export interface CheckDef {
  id?: string
  state?: StateCheck
  events?: EventsCheck
  dns?: DnsCheck
  volume?: VolumeCheck
  file?: FileCheck
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
      file: fileCheckSchema.optional(),
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

/** A solution / wrong-attempt line that picks a quiz answer instead of being typed: `#answer web-2`. The shell would
 *  read it as a comment anyway, but the replay tool and "Show me" never send it to the terminal. */
export const ANSWER_LINE = /^#answer\s+(\S+)\s*$/
export function answerOf(line: string): string | null {
  return ANSWER_LINE.exec(line)?.[1] ?? null
}

/** Where the right answer comes from: the first entry whose check passes (in list order), or the name of the
 *  first object a fact pattern matches since the step started (`Pod[app=nginx] Created` → `web-2`). */
export const quizSourceSchema = z.union([
  z.strictObject({ choice: z.string().min(1), check: nestedCheckSchema }),
  z.strictObject({ firstFact: z.string().min(1) }).superRefine((v, ctx) => {
    const bad = validateFactList([v.firstFact], false)
    if (bad) ctx.addIssue({ code: 'custom', path: ['firstFact'], message: bad.replace(/^\[\d+\]: /, '') })
  }),
])
export type QuizSource = z.infer<typeof quizSourceSchema>

/** Predict, then watch: the learner picks a choice in the panel before running the command; the cluster decides. */
export const quizSchema = z.strictObject({
  choices: z.array(stepId).min(2, 'a quiz needs at least 2 choices'),
  answerFrom: z.array(quizSourceSchema).min(1),
  /** The step passes only when the prediction was right (default: when the observation is made, right or wrong). */
  requireCorrect: z.boolean().optional(),
})
export type QuizDef = z.infer<typeof quizSchema>

const line = z.string().min(1)
export const stepSchema = z
  .strictObject({
    id: stepId,
    /** ≥1, except in a quiz step (its prediction and observation are checks of their own) or a sandbox lesson. */
    checks: z.array(checkSchema).default([]),
    quiz: quizSchema.optional(),
    /** Lines typed into the terminal in order; `^C` sends Ctrl-C once the output is quiet; `#answer ID` picks. */
    solution: z.array(line).default([]),
    /** Each attempt is a list of lines, typed like a solution; each must leave at least one check unpassed. */
    wrongAttempts: z.array(z.array(line).min(1)).default([]),
  })
  .superRefine((s, ctx) => {
    const ids = new Set(s.quiz?.choices ?? [])
    if (s.quiz) {
      s.quiz.answerFrom.forEach((a, i) => {
        if ('choice' in a && !ids.has(a.choice)) ctx.addIssue({ code: 'custom', path: ['quiz', 'answerFrom', i, 'choice'], message: `"${a.choice}" is not one of the choices (${[...ids].join(', ')})` })
      })
    }
    const lines: [PropertyKey[], string][] = [
      ...s.solution.map((l, i): [PropertyKey[], string] => [['solution', i], l]),
      ...s.wrongAttempts.flatMap((a, i) => a.map((l, j): [PropertyKey[], string] => [['wrongAttempts', i, j], l])),
    ]
    for (const [path, l] of lines) {
      if (!l.startsWith('#answer')) continue
      const pick = answerOf(l)
      if (!s.quiz) ctx.addIssue({ code: 'custom', path, message: `"${l}": #answer lines are only for quiz steps` })
      else if (!pick || !ids.has(pick)) ctx.addIssue({ code: 'custom', path, message: `"${l}": expected #answer followed by one of ${[...ids].join(', ')}` })
    }
    if (s.quiz && !s.solution.some((l) => answerOf(l))) ctx.addIssue({ code: 'custom', path: ['solution'], message: 'a quiz step\'s solution picks the right answer first (#answer ID)' })
  })
export type StepDef = z.infer<typeof stepSchema>

/** Requirements a graded lesson has and a sandbox does not (checked after parsing, with lines). */
export function stepProblems(step: StepDef, sandbox: boolean): { path: PropertyKey[]; message: string }[] {
  const out: { path: PropertyKey[]; message: string }[] = []
  if (sandbox) {
    if (step.checks.length || step.quiz) out.push({ path: ['checks'], message: 'a sandbox lesson has no checks or quizzes' })
    return out
  }
  if (!step.checks.length && !step.quiz) out.push({ path: ['checks'], message: 'at least 1 check (or a quiz)' })
  if (!step.solution.some((l) => !answerOf(l))) out.push({ path: ['solution'], message: 'at least 1 line to type' })
  if (step.wrongAttempts.length < 2) out.push({ path: ['wrongAttempts'], message: 'at least 2 wrong attempts per step' })
  return out
}

export const lessonSchema = z.strictObject({
  id: stepId,
  /** Free play: no checks, steps optional; the panel shows the intro text and "Reset" (cluster + workspace). */
  sandbox: z.boolean().optional(),
  locales: z.array(z.enum(['zh-CN', 'en'])).min(1),
  namespace: z.string().optional(),
  setup: z
    .strictObject({
      workspace: z.array(z.string().min(1)).optional(), // paths under files/, copied into the workspace
      apply: z.array(z.string().min(1)).optional(), // manifests under files/, applied before the first step
      clock: z.strictObject({ speed: z.union([z.number().positive(), z.literal('instant')]).optional() }).optional(),
    })
    .optional(),
  steps: z.array(stepSchema).default([]),
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
        quiz: z
          .strictObject({
            question: z.string().optional(),
            choices: z.record(z.string(), z.string()).optional(),
            /** Shown once the cluster has answered: why that is what happens. */
            why: z.string().optional(),
          })
          .optional(),
      }),
    )
    .optional(),
})
export type LocaleStrings = z.infer<typeof localeSchema>

// The lesson runner: opens a lesson (workspace files, setup manifests, step checkpoint), re-evaluates the current
// step's checks after each command, API request and cluster change (debounced), keeps passed checks passed, moves on
// when every check passed, and emits LessonViews. Progress is persisted through the injected ProgressStore.
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { dirname, join } from 'node:path'
import type { CheckView, LessonSummary, LessonView, Locale, StepView } from '../shared/view-models'
import { cleanNotice, type RemovedObject } from './applier'
import { evaluateCheck, type CheckResult } from './checks'
import { fillTemplate } from './checks/messages'
import { nextSeq, type ClusterClient } from './cluster-client'
import { SOURCE_LOCALE, type AvailableLesson, type LessonLocale, type LoadedLesson } from './loader'
import type { AuditSource, Checkpoints, CommandLog, LessonProgress, Markers, ProgressStore, StepProgress } from './progress'
import { buildExport, parseImport } from './progress-file'
import { evaluateQuiz, quizLabel, quizView, stepCheckIds } from './quiz'
import { answerOf } from './schema'
import type { ProgressExport } from '../shared/view-models'

export interface ManifestApplier {
  /** Create the objects of a multi-document YAML manifest (the lesson's silent setup). */
  apply(manifestYaml: string, namespace: string): Promise<void>
  /** Empty the namespace of the learner's objects and resolve once the cluster is done with them (a lesson's clean
   *  start). Without it a lesson starts on whatever the cluster holds. */
  clean?(namespace: string): Promise<RemovedObject[]>
}

export interface LessonServiceOptions {
  lessons: LoadedLesson[]
  client: ClusterClient
  commands: CommandLog
  progress: ProgressStore
  workspaceRoot: string
  locale: Locale
  /** API requests (the ApiServer itself fits). Needed by `audit` checks. */
  audit?: AuditSource
  /** Cluster checkpoints for "Reset step"; without it reset only clears the step's progress. */
  checkpoints?: Checkpoints
  /** Needed for lessons with `setup.apply`. */
  applier?: ManifestApplier
  /** Re-evaluation delay after a burst of changes (ms of real time). Default 30. */
  debounceMs?: number
}

export interface LessonService {
  list(): LessonSummary[]
  open(lessonId: string): Promise<LessonView>
  /** The open lesson's view, or null. */
  view(): LessonView | null
  /** Evaluate the current step now (also happens by itself on changes). */
  evaluate(): Promise<LessonView | null>
  goto(lessonId: string, step: number): Promise<void>
  /** The lines to type for the step (the host types and runs them); marks the step assisted. */
  showMe(lessonId: string, stepId: string): string[]
  resetStep(lessonId: string, stepId: string): Promise<void>
  /** Back to the lesson's start: cluster (its start checkpoint), workspace files (only the setup's) and progress. */
  resetLesson(lessonId: string): Promise<void>
  /** A quiz step's prediction. Refused once the cluster has answered (it would no longer be a prediction). */
  answer(lessonId: string, stepId: string, choice: string): Promise<LessonView>
  /** Every lesson's progress, for a JSON file. */
  exportProgress(): ProgressExport
  /** Replace the progress of the lessons in `json` (a progress file's text). Validated first: on any error nothing
   *  changes and the error says what is wrong. */
  importProgress(json: string): Promise<{ imported: string[]; skipped: string[] }>
  setLocale(locale: Locale): void
  onChange(cb: (view: LessonView) => void): () => void
  dispose(): void
}

interface Active {
  lesson: AvailableLesson
  progress: LessonProgress
  results: Map<string, CheckResult> // current step's latest results
  /** What each check of the current step found when the step started (its first evaluation): the state the learner
   *  inherited. A failed check still finding exactly that is "not yet", never ✗ (nothing was done to it). */
  baseline: Map<string, Set<string>>
  /** The first step of a lesson whose setup applies manifests: until the learner acts, what happens is the setup
   *  converging (web-0 Created, Ready…), not theirs, so the step's fact window keeps starting at "now". */
  settling: boolean
  /** What the clean start removed when this lesson was (re)started here, for the panel's notice. */
  cleaned: RemovedObject[] | null
}

/** The checkpoint taken right after a lesson's setup ('@' cannot start a step id). */
export const START_CHECKPOINT = '@start'

export function checkpointKey(lessonId: string, stepId: string): string {
  return `lesson/${lessonId}/${stepId}`
}

export function lessonWorkspace(workspaceRoot: string, lesson: { number: number }): string {
  return join(workspaceRoot, `lesson-${lesson.number}`)
}

export function createLessonService(opts: LessonServiceOptions): LessonService {
  let locale = opts.locale
  let active: Active | null = null
  const listeners = new Set<(v: LessonView) => void>()
  const debounceMs = opts.debounceMs ?? 30
  let timer: ReturnType<typeof setTimeout> | null = null
  let running: Promise<LessonView | null> | null = null
  let dirty = false
  let disposed = false

  const find = (id: string): LoadedLesson => {
    const l = opts.lessons.find((x) => x.id === id || x.dirName === id)
    if (!l) throw new Error(`lesson "${id}" not found`)
    return l
  }
  const available = (id: string): AvailableLesson => {
    const l = find(id)
    if (!l.available) throw new Error(`lesson "${id}" is unavailable: ${l.error}`)
    return l
  }
  const markers = (): Markers => {
    return { command: opts.commands.list().length, audit: opts.audit?.audit.length ?? 0, factSeq: nextSeq(opts.client) }
  }
  const stepProgress = (p: LessonProgress, id: string): StepProgress => (p.steps[id] ??= { done: false, assisted: false, passed: [] })
  const namespace = (l: AvailableLesson) => l.def.namespace ?? 'default'
  const strings = (l: AvailableLesson): { loc: LessonLocale; src: LessonLocale; untranslated: boolean } => {
    const src = l.locales[SOURCE_LOCALE]!
    const loc = l.locales[locale]
    return { loc: loc ?? src, src, untranslated: !loc }
  }

  function save(): void {
    if (active) opts.progress.save(active.lesson.id, active.progress)
  }

  function startStep(a: Active, index: number): void {
    a.progress.currentStep = index
    a.progress.stepStart = markers()
    a.results.clear()
    a.baseline.clear()
    a.settling = index === 0 && !!a.lesson.def.setup?.apply?.length
    const step = a.lesson.def.steps[index]
    if (step) {
      const sp = stepProgress(a.progress, step.id)
      sp.passed = []
      sp.done = false
      delete sp.answer
      delete sp.observed
      delete sp.answerAt
      delete sp.late
      opts.checkpoints?.save(checkpointKey(a.lesson.id, step.id))
    }
    save()
  }

  /** The lesson's start state: its namespace emptied of what earlier lessons or play left (the wait included), then
   *  its setup. The lesson window starts in between, so the clean-up is nobody's action and the setup's convergence
   *  is the lesson's own, as on a fresh cluster. */
  async function start(a: Active): Promise<void> {
    const removed = opts.applier?.clean ? await opts.applier.clean(namespace(a.lesson)) : []
    if (active !== a) return
    a.cleaned = removed
    a.progress.lessonStart = markers()
    await setup(a.lesson)
  }

  async function setup(l: AvailableLesson): Promise<void> {
    await setupWorkspace(l)
    const manifests = l.def.setup?.apply ?? []
    if (manifests.length && !opts.applier) throw new Error(`lesson "${l.id}" applies manifests but no applier was given`)
    for (const f of manifests) await opts.applier!.apply(readFileSync(join(l.dir, 'files', f), 'utf8'), namespace(l))
  }

  async function setupWorkspace(l: AvailableLesson): Promise<void> {
    const ws = lessonWorkspace(opts.workspaceRoot, l)
    mkdirSync(ws, { recursive: true })
    for (const f of l.def.setup?.workspace ?? []) {
      const to = join(ws, f)
      mkdirSync(dirname(to), { recursive: true })
      if (!existsSync(to)) copyFileSync(join(l.dir, 'files', f), to) // never overwrite the learner's edits
    }
  }

  async function evaluateNow(): Promise<LessonView | null> {
    const a = active
    if (!a) return null
    if (a.lesson.def.sandbox) return emit() // free play: nothing to check
    // Bounded loop: a step whose checks already pass completes at once and the next one is evaluated.
    for (let guard = 0; guard <= a.lesson.def.steps.length; guard++) {
      const step = a.lesson.def.steps[a.progress.currentStep]
      if (!step) break
      const sp = stepProgress(a.progress, step.id)
      if (a.settling) {
        const acted = opts.commands.list().length > a.progress.stepStart.command || (opts.audit?.audit.length ?? 0) > a.progress.stepStart.audit
        if (acted || a.progress.currentStep !== 0) a.settling = false
        else a.progress.stepStart = { ...a.progress.stepStart, factSeq: nextSeq(opts.client) }
      }
      const ctx = {
        client: opts.client,
        locale,
        namespace: namespace(a.lesson),
        commands: opts.commands.list(),
        audit: opts.audit?.audit ?? [],
        stepStart: a.progress.stepStart,
        lessonStart: a.progress.lessonStart ?? { command: 0, audit: 0, factSeq: 0 }, // progress saved before lesson windows: the whole log
      }
      let changed = false
      if (step.quiz) {
        const before = `${sp.answer}/${sp.observed}`
        const quiz = await evaluateQuiz(step.quiz, sp, ctx)
        if (active !== a) return buildView()
        if (`${sp.answer}/${sp.observed}` !== before) changed = true
        for (const [id, r] of quiz) {
          if (sp.passed.includes(id)) continue
          a.results.set(id, r)
          if (r.state === 'passed') {
            sp.passed.push(id)
            changed = true
          }
        }
      }
      for (const c of step.checks) {
        const id = c.id!
        if (sp.passed.includes(id)) continue // a passed check stays passed
        let r: CheckResult
        try {
          r = await evaluateCheck(c, ctx)
        } catch (e) {
          r = { state: 'failed', explanation: (e as Error).message, expected: '', actual: (e as Error).message, contradicted: true }
        }
        if (active !== a) return buildView() // the lesson changed while we awaited
        a.results.set(id, r)
        if (!a.baseline.has(id)) a.baseline.set(id, new Set([...findingsOf(r), ...(r.known ?? [])]))
        if (r.state === 'passed') {
          sp.passed.push(id)
          changed = true
        }
      }
      if (!stepCheckIds(step).every((id) => sp.passed.includes(id))) {
        if (changed) save()
        break
      }
      sp.done = true
      startStep(a, a.progress.currentStep + 1)
    }
    return emit()
  }

  function evaluate(): Promise<LessonView | null> {
    if (running) {
      dirty = true
      return running
    }
    running = evaluateNow().finally(() => {
      running = null
      if (dirty && !disposed) {
        dirty = false
        schedule()
      }
    })
    return running
  }

  function schedule(): void {
    if (disposed || !active || timer) return
    timer = setTimeout(() => {
      timer = null
      void evaluate()
    }, debounceMs)
  }

  const unsubs = [opts.client.onChange(schedule), opts.commands.onAppend(schedule), ...(opts.audit ? [opts.audit.onAudit(schedule)] : [])]

  function checkView(a: Active, stepIdx: number, c: { id?: string }, loc: LessonLocale, src: LessonLocale): CheckView {
    const step = a.lesson.def.steps[stepIdx]
    const id = c.id!
    const s = loc.strings.steps?.[step.id]?.checks?.[id]
    const label = quizLabel(id, locale) ?? s?.label ?? src.strings.steps?.[step.id]?.checks?.[id]?.label ?? id
    const sp = a.progress.steps[step.id]
    if (sp?.done || sp?.passed.includes(id)) return { id, label, state: 'passed', explanation: null }
    const r = stepIdx === a.progress.currentStep ? a.results.get(id) : undefined
    if (!r) return { id, label, state: 'failed', explanation: null } // not evaluated yet (a later step)
    const tpl = s?.fail
    const explanation = tpl ? fillTemplate(tpl, { expected: r.expected, actual: r.actual }) : r.explanation
    // ui.md: ✗ only when the learner's action went the wrong way. A step that just opened shows the state it
    // inherited (e.g. the Deployment the clean-up step asks to delete is still there): that has not happened yet,
    // and it stays "not yet" while everything the check finds wrong was already so at the step's start, whatever
    // else the learner does meanwhile (`kubectl get pods`, the patch before the scale, deleting hello before web, the
    // partition set before the image): only something wrong that is new (a value the learner set, an object made
    // again) is ✗. Quiz answers and event order keep their own contradiction logic (an
    // answer is an action; order is history).
    const def = step.checks.find((d) => d.id === id)
    const acted = !def || !!def.events || (opts.commands.list().length > a.progress.stepStart.command && findingsOf(r).some((f) => !a.baseline.get(id)?.has(f)))
    return { id, label, state: r.state, explanation, ...(r.state === 'failed' && r.contradicted && acted ? { contradicted: true } : {}) }
  }

  function buildView(): LessonView | null {
    const a = active
    if (!a) return null
    const { loc, src, untranslated } = strings(a.lesson)
    const steps: StepView[] = a.lesson.def.steps.map((step, i) => {
      const ss = loc.strings.steps?.[step.id]
      const sp = a.progress.steps[step.id]
      return {
        id: step.id,
        title: ss?.title ?? src.strings.steps?.[step.id]?.title ?? step.id,
        body: loc.stepHtml.get(step.id) ?? src.stepHtml.get(step.id) ?? '',
        checks: stepCheckIds(step).map((id) => checkView(a, i, { id }, loc, src)),
        hints: ss?.hints ?? src.strings.steps?.[step.id]?.hints ?? [],
        solution: step.solution.filter((l) => answerOf(l) === null), // what "Show me" types
        done: !!sp?.done,
        assisted: !!sp?.assisted,
        ...(step.quiz ? { quiz: quizView(step, sp, loc, src) } : {}),
      }
    })
    return {
      id: a.lesson.id,
      number: a.lesson.number,
      title: loc.strings.title ?? src.strings.title ?? a.lesson.id,
      intro: loc.introHtml,
      locale,
      untranslated,
      steps,
      currentStep: a.progress.currentStep,
      workspace: lessonWorkspace(opts.workspaceRoot, a.lesson),
      ...(a.lesson.def.sandbox ? { sandbox: true } : {}),
      ...(a.cleaned ? { notice: cleanNotice(a.lesson.number, a.cleaned, locale) } : {}),
    }
  }

  async function answer(lessonId: string, stepId: string, choice: string): Promise<LessonView> {
    const lesson = available(lessonId)
    const step = lesson.def.steps.find((s) => s.id === stepId)
    if (!step) throw new Error(`lesson "${lessonId}" has no step "${stepId}"`)
    if (!step.quiz) throw new Error(`step "${stepId}" is not a quiz`)
    if (!step.quiz.choices.includes(choice)) throw new Error(`"${choice}" is not a choice of step "${stepId}" (${step.quiz.choices.join(', ')})`)
    if (active?.lesson.id !== lesson.id) await open(lessonId)
    const a = active!
    const idx = lesson.def.steps.indexOf(step)
    if (a.progress.currentStep !== idx) throw new Error(`step "${stepId}" is not the current step`)
    // See first whether the cluster has answered already (the command may have run a moment ago).
    await evaluate()
    const sp = stepProgress(a.progress, step.id)
    if (sp.observed !== undefined) throw new Error(`the cluster has already answered (${sp.observed}): reset the step to predict again`)
    if (sp.late) throw new Error('the command already ran before a prediction: reset the step to predict again')
    a.settling = false // a prediction is the learner acting: what happens from now on is theirs
    sp.answer = choice
    sp.answerAt = markers().factSeq
    // A prediction re-picked before the answer: the prediction check re-evaluates (it may not stay passed as is).
    sp.passed = sp.passed.filter((id) => id !== 'quiz-prediction')
    save()
    return (await evaluate()) ?? buildView()!
  }

  async function open(lessonId: string): Promise<LessonView> {
    const lesson = available(lessonId)
    if (active?.lesson.id === lesson.id) return (await evaluate()) ?? buildView()!
    const stored = opts.progress.load(lesson.id)
    const a: Active = {
      lesson,
      progress: stored ?? { currentStep: 0, steps: {}, stepStart: markers(), setupDone: false },
      results: new Map(),
      baseline: new Map(),
      settling: false,
      cleaned: null,
    }
    active = a
    if (!a.progress.setupDone) {
      await start(a)
      a.progress.setupDone = true
      opts.checkpoints?.save(checkpointKey(lesson.id, START_CHECKPOINT))
      // Imported progress (set up on another machine) keeps its place; a first start begins at step 1.
      startStep(a, stored ? a.progress.currentStep : 0)
    } else if (stored) {
      // Reopened (e.g. after a restart): the audit log and fact history are new; don't point past their ends.
      const clamp = (m: Markers): Markers => ({ ...m, audit: Math.min(m.audit, opts.audit?.audit.length ?? 0), factSeq: Math.min(m.factSeq, markers().factSeq) })
      a.progress.stepStart = clamp(a.progress.stepStart)
      if (a.progress.lessonStart) a.progress.lessonStart = clamp(a.progress.lessonStart)
    }
    return (await evaluate()) ?? buildView()!
  }

  function emit(): LessonView | null {
    const v = buildView()
    if (v) for (const l of [...listeners]) l(v)
    return v
  }

  return {
    list() {
      return opts.lessons.map((l) => {
        const p = opts.progress.load(l.id)
        const total = l.available ? l.def.steps.length : 0
        const title = l.available ? ((l.locales[locale] ?? l.locales[SOURCE_LOCALE])!.strings.title ?? l.id) : l.dirName
        return {
          id: l.id,
          number: l.number,
          title,
          available: l.available,
          error: l.available ? null : l.error,
          completedSteps: p ? Object.values(p.steps).filter((s) => s.done).length : 0,
          totalSteps: total,
        }
      })
    },
    open,
    view: buildView,
    evaluate,
    async goto(lessonId, step) {
      const lesson = available(lessonId)
      if (active?.lesson.id !== lesson.id) await this.open(lessonId)
      if (!Number.isInteger(step) || step < 0 || step >= lesson.def.steps.length) throw new Error(`lesson "${lessonId}" has no step ${step}`)
      startStep(active!, step)
      await evaluate()
    },
    showMe(lessonId, stepId) {
      const lesson = available(lessonId)
      const step = lesson.def.steps.find((s) => s.id === stepId)
      if (!step) throw new Error(`lesson "${lessonId}" has no step "${stepId}"`)
      if (active?.lesson.id === lesson.id) active.settling = false // the solution is about to be typed
      const p = active?.lesson.id === lesson.id ? active.progress : opts.progress.load(lesson.id)
      if (p) {
        const sp = stepProgress(p, stepId)
        sp.assisted = true
        // A quiz: "Show me" also makes the reference prediction, while it can still be one.
        const pick = step.solution.map(answerOf).find((x) => x !== null)
        if (step.quiz && pick && sp.observed === undefined && sp.answer === undefined && !sp.late) {
          sp.answer = pick
          sp.answerAt = markers().factSeq
        }
        opts.progress.save(lesson.id, p)
      }
      emit()
      return step.solution.filter((l) => answerOf(l) === null)
    },
    async resetStep(lessonId, stepId) {
      const lesson = available(lessonId)
      if (active?.lesson.id !== lesson.id) await this.open(lessonId)
      const idx = lesson.def.steps.findIndex((s) => s.id === stepId)
      if (idx < 0) throw new Error(`lesson "${lessonId}" has no step "${stepId}"`)
      opts.checkpoints?.restore(checkpointKey(lesson.id, stepId))
      const a = active!
      for (const s of lesson.def.steps.slice(idx)) {
        const sp = stepProgress(a.progress, s.id)
        sp.done = false
        sp.passed = []
        delete sp.answer
        delete sp.observed
        delete sp.answerAt
        delete sp.late
      }
      a.progress.currentStep = idx
      a.progress.stepStart = markers()
      a.results.clear()
      a.baseline.clear()
      // Step 1 restored to its checkpoint: the setup may still be converging there.
      a.settling = idx === 0 && !!lesson.def.setup?.apply?.length
      save()
      await evaluate()
    },
    async resetLesson(lessonId) {
      const lesson = available(lessonId)
      if (active?.lesson.id !== lesson.id) await open(lessonId)
      const a = active!
      // The workspace as the lesson hands it out: the learner's own files there go too (the dialog says so).
      const ws = lessonWorkspace(opts.workspaceRoot, lesson)
      if (existsSync(ws)) for (const f of readdirSync(ws)) rmSync(join(ws, f), { recursive: true, force: true })
      a.progress = { currentStep: 0, steps: {}, stepStart: markers(), setupDone: true }
      if (opts.applier?.clean) {
        // The same start as the first time: clean namespace, then the setup (a fresh start checkpoint for it).
        await start(a)
        opts.checkpoints?.save(checkpointKey(lesson.id, START_CHECKPOINT))
      } else {
        // Lessons opened before start checkpoints existed fall back to their first step's.
        const key = opts.checkpoints && lesson.def.steps.length && !opts.checkpoints.has?.(checkpointKey(lesson.id, START_CHECKPOINT))
          ? checkpointKey(lesson.id, lesson.def.steps[0].id)
          : checkpointKey(lesson.id, START_CHECKPOINT)
        opts.checkpoints?.restore(key)
        await setupWorkspace(lesson)
        a.progress.lessonStart = markers()
      }
      if (active !== a) return
      startStep(a, 0)
      await evaluate()
    },
    answer,
    exportProgress() {
      return buildExport(opts.lessons, (id) => (active?.lesson.id === id ? active.progress : opts.progress.load(id)))
    },
    async importProgress(json) {
      const res = parseImport(json, opts.lessons, (id) => opts.progress.load(id))
      // Validated whole: only now is anything written.
      for (const [id, p] of res.progress) {
        p.stepStart = markers()
        p.lessonStart = markers() // this run's logs: the file's positions were about another
        opts.progress.save(id, p)
        if (active?.lesson.id === id) {
          active.progress = p
          active.results.clear()
          active.baseline.clear()
        }
      }
      if (active && res.progress.has(active.lesson.id)) await evaluate()
      return { imported: [...res.progress.keys()], skipped: res.skipped }
    },
    setLocale(l) {
      locale = l
      // Explanations are worded per locale: evaluate again (passed checks stay passed).
      if (active) void evaluate()
    },
    onChange(cb) {
      listeners.add(cb)
      return () => listeners.delete(cb)
    },
    dispose() {
      disposed = true
      if (timer) clearTimeout(timer)
      for (const u of unsubs) u()
      listeners.clear()
      active = null
    },
  }
}

/** What a check found wrong, to compare with what it found at the step's start (its `actual` when it does not say). */
const findingsOf = (r: CheckResult): string[] => r.findings ?? [r.actual]

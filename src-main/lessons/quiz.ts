// Predict-then-watch quiz steps. The learner picks a choice in the panel (`answer`), then runs the command; the
// cluster decides which choice was right (`quiz.answerFrom`). The step gets two checks of its own: the prediction
// (made before the cluster answered; with `requireCorrect`, also right) and the observation. What the cluster did is
// frozen the first time it is seen, so a later change (web-3 after web-2) cannot rewrite the answer.
import type { LessonLocale } from './loader'
import { evaluateCheck, type CheckContext, type CheckResult } from './checks'
import { factMatches, parseFact } from './checks/facts'
import { QUIZ_WORDS } from './checks/messages'
import { renderInline } from './markdown'
import type { StepProgress } from './progress'
import type { QuizDef, StepDef } from './schema'
import type { QuizView } from '../shared/view-models'

export const PREDICTION = 'quiz-prediction'
export const OBSERVATION = 'quiz-observation'
export const QUIZ_CHECK_IDS = [PREDICTION, OBSERVATION] as const

/** The check ids of a step, quiz checks last. */
export function stepCheckIds(step: StepDef): string[] {
  return [...step.checks.map((c) => c.id!), ...(step.quiz ? QUIZ_CHECK_IDS : [])]
}

/** What the cluster answered so far, or null. Sources are tried in order; the first that answers wins. */
export async function observe(quiz: QuizDef, ctx: CheckContext): Promise<string | null> {
  for (const src of quiz.answerFrom) {
    if ('firstFact' in src) {
      const p = parseFact(src.firstFact)
      const f = ctx.client.events().find((x) => x.seq >= ctx.stepStart.factSeq && (x.namespace === ctx.namespace || x.namespace === '') && factMatches(p, x, undefined))
      if (f) return f.name
    } else if ((await evaluateCheck(src.check, ctx)).state === 'passed') return src.choice
  }
  return null
}

/** Update the step's observation (once) and return the results of its two quiz checks. The cluster's answer is
 *  looked for from the prediction on (what the cluster did before, e.g. the setup converging, is not the answer); with
 *  no prediction yet, only once the learner has run a command in this step (then it is too late to predict). */
export async function evaluateQuiz(quiz: QuizDef, sp: StepProgress, ctx: CheckContext): Promise<Map<string, CheckResult>> {
  const w = QUIZ_WORDS[ctx.locale]
  if (sp.observed === undefined) {
    const ranCommand = ctx.commands.length > ctx.stepStart.command
    const from = sp.answer !== undefined ? Math.max(ctx.stepStart.factSeq, sp.answerAt ?? 0) : ranCommand ? ctx.stepStart.factSeq : null
    const seen = from === null ? null : await observe(quiz, { ...ctx, stepStart: { ...ctx.stepStart, factSeq: from } })
    // Frozen from now on; a pick made after this is refused (it would not be a prediction). Without a pick the
    // value is not kept: from the step's start it may include what the cluster did before the command.
    if (seen !== null && sp.answer !== undefined) sp.observed = seen
    else if (seen !== null) sp.late = true
  }
  const out = new Map<string, CheckResult>()
  let notYet: string = w.notYet
  if (sp.observed === undefined && !sp.late && ctx.commands.length > ctx.stepStart.command) {
    // The learner did run something: say what the cluster has seen so far (e.g. the lookup came too late).
    const src = quiz.answerFrom.find((a) => 'check' in a)
    const from = sp.answer !== undefined ? Math.max(ctx.stepStart.factSeq, sp.answerAt ?? 0) : ctx.stepStart.factSeq
    if (src && 'check' in src) {
      const r = await evaluateCheck(src.check, { ...ctx, stepStart: { ...ctx.stepStart, factSeq: from } })
      if (r.state !== 'passed' && r.actual) notYet = w.notYetBecause(r.actual)
    }
  }
  const seen = sp.observed
  const picked = sp.answer
  let prediction: CheckResult
  if (picked === undefined) {
    prediction = sp.late
      ? { state: 'failed', explanation: w.tooLate, expected: 'a prediction', actual: 'none', contradicted: true }
      : { state: 'failed', explanation: w.pickFirst, expected: 'a prediction', actual: 'none' }
  } else if (quiz.requireCorrect && seen === undefined) {
    prediction = { state: 'waiting', explanation: notYet, expected: 'the right prediction', actual: picked }
  } else if (quiz.requireCorrect && seen !== picked) {
    prediction = { state: 'failed', explanation: w.wrong(picked, seen!), expected: seen!, actual: picked, contradicted: true }
  } else prediction = { state: 'passed', explanation: null, expected: picked, actual: picked }
  out.set(PREDICTION, prediction)
  out.set(
    OBSERVATION,
    seen === undefined
      ? { state: 'failed', explanation: sp.late ? w.tooLate : notYet, expected: 'the cluster answers', actual: 'not yet' }
      : { state: 'passed', explanation: null, expected: seen, actual: seen },
  )
  return out
}

export function quizView(step: StepDef, sp: StepProgress | undefined, loc: LessonLocale, src: LessonLocale): QuizView {
  const q = loc.strings.steps?.[step.id]?.quiz
  const qs = src.strings.steps?.[step.id]?.quiz
  const picked = sp?.answer ?? null
  const observed = sp?.observed ?? null
  const why = q?.why ?? qs?.why
  return {
    question: renderInline(q?.question ?? qs?.question ?? step.id),
    choices: step.quiz!.choices.map((id) => ({ id, label: renderInline(q?.choices?.[id] ?? qs?.choices?.[id] ?? id) })),
    picked,
    observed,
    correct: observed === null ? null : picked === observed,
    why: observed !== null && why ? renderInline(why) : null,
    locked: observed !== null || !!sp?.late,
  }
}

export function quizLabel(id: string, locale: keyof typeof QUIZ_WORDS): string | null {
  if (id === PREDICTION) return QUIZ_WORDS[locale].predictionLabel
  if (id === OBSERVATION) return QUIZ_WORDS[locale].observationLabel
  return null
}

// The few words checks put into explanations, per locale. Object names, fields and kubectl text stay English (as
// kubectl prints them); the sentence around them follows the learner's language.
import type { Locale } from '../../shared/view-models'

const EN = {
  explain: (e: string, a: string) => `expected ${e}; found ${a}`,
  none: 'none',
  missing: 'does not exist',
  is: (path: string, v: string) => `${path} is ${v}`,
  with: 'with',
  and: 'and',
  noCommands: 'no command since this step started',
  last: (line: string, code: number) => `last: \`${line}\` (exit ${code})`,
  exited: (line: string, code: number) => `\`${line}\` exited with ${code}`,
  anyExit: 'any exit code',
  inOrder: 'in order',
  seen: 'seen',
  notYet: 'not yet',
  before: (a: string, b: string) => `${b} happened before ${a}`,
  resolves: (n: string, img: string) => `${n} resolves from ${img}`,
  fails: (n: string, img: string) => `${n} fails to resolve from ${img}`,
  resolvedTo: (ips: string) => `resolves to ${ips}`,
  nxdomain: (tried: string) => `NXDOMAIN (asked ${tried})`,
  podNotReady: (p: string) => `${p} is not Ready yet`,
  fileIn: (path: string, claim: string) => `${path} in the volume of claim ${claim}`,
  claimMissing: (c: string) => `claim ${c} does not exist`,
  claimUnbound: (c: string) => `claim ${c} is not Bound yet`,
  noFile: 'no such file',
  contains: (s: string) => `containing "${s}"`,
  apiRequest: 'an API request',
  requestsSince: (n: number) => `${n} API request(s) since this step started, none matching`,
  not: (e: string) => `not (${e})`,
  oneOf: 'one of',
}
type Words = typeof EN

const ZH: Words = {
  explain: (e, a) => `应为：${e}；实际：${a}`,
  none: '没有',
  missing: '不存在',
  is: (path, v) => `${path} 是 ${v}`,
  with: '且',
  and: '和',
  noCommands: '本步骤开始后还没有运行过命令',
  last: (line, code) => `最近一条：\`${line}\`（退出码 ${code}）`,
  exited: (line, code) => `\`${line}\` 的退出码是 ${code}`,
  anyExit: '任意退出码',
  inOrder: '依次发生',
  seen: '已发生',
  notYet: '尚未发生',
  before: (a, b) => `${b} 发生在 ${a} 之前`,
  resolves: (n, img) => `从 ${img} 能解析 ${n}`,
  fails: (n, img) => `从 ${img} 解析 ${n} 会失败`,
  resolvedTo: (ips) => `解析到了 ${ips}`,
  nxdomain: (tried) => `NXDOMAIN（查询了 ${tried}）`,
  podNotReady: (p) => `${p} 还没有 Ready`,
  fileIn: (path, claim) => `PVC ${claim} 的卷里的 ${path}`,
  claimMissing: (c) => `PVC ${c} 不存在`,
  claimUnbound: (c) => `PVC ${c} 还没有 Bound`,
  noFile: '文件不存在',
  contains: (s) => `包含 "${s}"`,
  apiRequest: 'API 请求',
  requestsSince: (n) => `本步骤开始后有 ${n} 个 API 请求，没有一个符合`,
  not: (e) => `不满足（${e}）`,
  oneOf: '以下之一',
}

export function words(locale: Locale): Words {
  return locale === 'zh-CN' ? ZH : EN
}

/** Fill `{{name}}` placeholders; unknown names stay visible so a lint/test can spot them. */
export function fillTemplate(tpl: string, params: Record<string, string>): string {
  return tpl.replace(/\{\{\s*([a-zA-Z]+)\s*\}\}/g, (m, k: string) => (k in params ? params[k] : m))
}

/** The two checks every quiz step has, worded per locale (the lesson files only word the question and choices). */
export const QUIZ_WORDS = {
  en: {
    predictionLabel: 'Predict: pick an answer before you run the command',
    observationLabel: 'Watch: the cluster shows the answer',
    pickFirst: 'no answer picked yet: pick one in the panel, then run the command',
    tooLate: 'the command ran and the cluster answered before you picked: reset the step to predict again',
    wrong: (picked: string, seen: string) => `you predicted ${picked}; the cluster did ${seen}`,
    notYet: 'the cluster has not shown the answer yet: run the command',
  },
  'zh-CN': {
    predictionLabel: '预测：先选一个答案，再运行命令',
    observationLabel: '观察：集群给出答案',
    pickFirst: '还没有选择答案：先在面板里选一个，再运行命令',
    tooLate: '在你选择之前已经运行了命令、集群已经给出了答案：重置本步骤后再预测',
    wrong: (picked: string, seen: string) => `你预测的是 ${picked}；集群实际是 ${seen}`,
    notYet: '集群还没有给出答案：运行命令看看',
  },
} satisfies Record<Locale, unknown>

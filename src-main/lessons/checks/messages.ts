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
  lookupOf: (n: string, img?: string) => `a pod's lookup of ${n}${img ? ` from ${img}` : ''}`,
  afterFact: (f: string) => `after ${f}`,
  beforeFact: (f: string) => `before ${f}`,
  ipOfPod: (p: string, ip?: string) => `${p}'s IP${ip ? ` ${ip}` : ''}`,
  got: (what: string, asked: string) => `got ${what} (asked ${asked})`,
  which: { first: 'the first one', last: 'the last one', any: 'none matched; the last one' } as Record<'first' | 'last' | 'any', string>,
  noLookup: (n: string) => `no pod looked up ${n} then`,
  lookupsSeen: (list: string) => `lookups seen: ${list}`,
  asTyped: 'as typed, no search list',
  anAddress: 'an address',
  sep: '; ',
  fileInPod: (path: string, pod: string, c: string | null) => `${path} in ${pod}${c ? ` (container ${c})` : ''}`,
  podMissing: (p: string) => `pod ${p} does not exist`,
  podNotRunning: (p: string) => `pod ${p} is not running`,
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
  lookupOf: (n, img) => `${img ? `${img} 的 ` : ''}Pod 对 ${n} 的查询`,
  afterFact: (f) => `在 ${f} 之后`,
  beforeFact: (f) => `在 ${f} 之前`,
  ipOfPod: (p, ip) => `${p} 的 IP${ip ? ` ${ip}` : ''}`,
  got: (what, asked) => `得到 ${what}（查询了 ${asked}）`,
  which: { first: '第一次查询', last: '最后一次查询', any: '没有一次符合；最后一次查询' },
  noLookup: (n) => `这段时间里没有 Pod 查询过 ${n}`,
  lookupsSeen: (list) => `看到的查询：${list}`,
  asTyped: '原样发出，没有用搜索域',
  anAddress: '某个地址',
  sep: '；',
  fileInPod: (path, pod, c) => `${pod}${c ? `（容器 ${c}）` : ''} 里的 ${path}`,
  podMissing: (p) => `Pod ${p} 不存在`,
  podNotRunning: (p) => `Pod ${p} 没有在运行`,
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
    notYetBecause: (seen: string) => `the cluster has not shown the answer yet (so far: ${seen})`,
  },
  'zh-CN': {
    predictionLabel: '预测：先选一个答案，再运行命令',
    observationLabel: '观察：集群给出答案',
    pickFirst: '还没有选择答案：先在面板里选一个，再运行命令',
    tooLate: '在你选择之前已经运行了命令、集群已经给出了答案：重置本步骤后再预测',
    wrong: (picked: string, seen: string) => `你预测的是 ${picked}；集群实际是 ${seen}`,
    notYet: '集群还没有给出答案：运行命令看看',
    notYetBecause: (seen: string) => `集群还没有给出答案（目前：${seen}）`,
  },
} satisfies Record<Locale, unknown>

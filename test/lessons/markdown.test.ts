import { describe, expect, it } from 'vitest'
import { isCommand, renderInline, renderMarkdown, splitSections } from '../../src-main/lessons/markdown'

describe('renderMarkdown', () => {
  it('drops <script> and event handlers', () => {
    const html = renderMarkdown('hello <script>alert(1)</script> <img src=x onerror="alert(2)"> <b onclick="x()">b</b>')
    expect(html).not.toMatch(/<script|alert\(1\)|onerror|onclick|<img/)
    expect(html).toContain('hello')
  })

  it('makes javascript: links inert but keeps https links', () => {
    const html = renderMarkdown('[click](javascript:alert(1)) and [k8s](https://kubernetes.io/) <a href="JaVaScRiPt:alert(3)">x</a>')
    expect(html).not.toMatch(/javascript:/i)
    expect(html).toContain('href="https://kubernetes.io/"')
  })

  it('marks inline commands with data-command, escaped, and leaves other code alone', () => {
    const html = renderMarkdown('Run `kubectl get pods -l "app=nginx"` and look at `clusterIP`.')
    expect(html).toContain('<code data-command="kubectl get pods -l &quot;app=nginx&quot;">kubectl get pods -l "app=nginx"</code>')
    expect(html).toContain('<code>clusterIP</code>')
    expect(isCommand('nslookup web-0.nginx')).toBe(true)
    expect(isCommand('web-0.nginx')).toBe(false)
  })

  it('marks a one-line fenced command block, not multi-line output', () => {
    expect(renderMarkdown('```\nkubectl create -f a.yaml\n```')).toContain('<code data-command="kubectl create -f a.yaml">')
    expect(renderMarkdown('```\nNAME  TYPE\nnginx ClusterIP\n```')).not.toContain('data-command')
  })

  it('a data-command attribute cannot smuggle markup', () => {
    const html = renderMarkdown('`kubectl get "><script>alert(1)</script>`')
    expect(html).not.toContain('<script')
  })
})

describe('hostile lesson Markdown renders inert', () => {
  // Everything a lesson file could use to run code in the window: none of it may survive, in blocks or inline
  // (hints, quiz questions and choices go through renderInline).
  const vectors = [
    '<script>alert(1)</script>',
    '<SCRIPT SRC=//x.example/x.js></SCRIPT>',
    '<img src=x onerror=alert(1)>',
    '<svg onload=alert(1)><circle /></svg>',
    '<iframe src="javascript:alert(1)"></iframe>',
    '<object data="javascript:alert(1)"></object>',
    '<style>body{display:none}</style>',
    '<a href="jav&#x61;script:alert(1)">entity</a>',
    '<a href="javascript&colon;alert(1)">colon</a>',
    '<a href=" javascript:alert(1)">space</a>',
    '<a href="data:text/html,<script>alert(1)</script>">data</a>',
    '<a href="vbscript:msgbox(1)">vb</a>',
    '[md](javascript:alert(1))',
    '[ref][r]\n\n[r]: javascript:alert(1)',
    '<javascript:alert(1)>',
    '![img](javascript:alert(1))',
    '<div onmouseover="alert(1)">hover</div>',
    '<form action="javascript:alert(1)"><button>go</button></form>',
    '<code data-command="x" onclick="alert(1)">x</code>',
  ]
  const inert = (html: string) => {
    expect(html).not.toMatch(/<(script|iframe|object|embed|svg|style|img|form|button|div)\b/i)
    expect(html).not.toMatch(/\son[a-z]+\s*=/i)
    expect(html).not.toMatch(/(href|src|action|data)\s*=\s*"\s*(javascript|vbscript|data):/i)
    // Only web and mail links survive; the text of a dropped link may stay, as text.
    expect(html).not.toMatch(/\b(href|src)\s*=\s*"(?!https?:\/\/|mailto:)/i)
  }
  for (const v of vectors) {
    it(`block: ${v.slice(0, 40)}`, () => inert(renderMarkdown(`text ${v} more`)))
    it(`inline: ${v.slice(0, 40)}`, () => inert(renderInline(`text ${v} more`)))
  }
  it('keeps the harmless text around them', () => {
    expect(renderMarkdown('before <script>alert(1)</script> after')).toBe('<p>before  after</p>')
    expect(renderInline('**bold** <img src=x onerror=alert(1)>`kubectl get pods`')).toBe('<strong>bold</strong> <code data-command="kubectl get pods">kubectl get pods</code>')
  })
})

describe('splitSections', () => {
  it('splits on ## step-id headings outside code fences', () => {
    const s = splitSections('intro\n## a\nA text\n```\n## b\n```\n## b\nB text\n## other\nstill B', new Set(['a', 'b']))
    expect(s.intro).toBe('intro')
    expect(s.steps.get('a')!.markdown).toBe('A text\n```\n## b\n```')
    expect(s.steps.get('b')!.markdown).toBe('B text\n## other\nstill B')
  })
})

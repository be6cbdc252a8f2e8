import { describe, expect, it } from 'vitest'
import { isCommand, renderMarkdown, splitSections } from '../../src-main/lessons/markdown'

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

describe('splitSections', () => {
  it('splits on ## step-id headings outside code fences', () => {
    const s = splitSections('intro\n## a\nA text\n```\n## b\n```\n## b\nB text\n## other\nstill B', new Set(['a', 'b']))
    expect(s.intro).toBe('intro')
    expect(s.steps.get('a')!.markdown).toBe('A text\n```\n## b\n```')
    expect(s.steps.get('b')!.markdown).toBe('B text\n## other\nstill B')
  })
})

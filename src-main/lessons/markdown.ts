// Lesson Markdown → sanitized HTML. Lesson files are data from disk (and later from others), so the HTML is
// sanitized: no scripts, no event handlers, links only to http(s)/mailto. Inline code that starts with a command the
// learner can run gets `data-command`, so the renderer can make it click-to-type.
import { Marked } from 'marked'
import sanitizeHtml from 'sanitize-html'

const COMMAND_WORDS = ['kubectl', 'nslookup', 'ping', 'exit', 'cat', 'ls', 'hostname', 'curl', 'wget', 'echo', 'cd', 'for', 'sh', 'clear']
const COMMAND_RE = new RegExp(`^(${COMMAND_WORDS.join('|')})(\\s|$)`)

/** True when inline code reads as a command line (and not, say, a field name like `clusterIP`). */
export function isCommand(text: string): boolean {
  return COMMAND_RE.test(text.trim())
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;')
}

const marked = new Marked({
  gfm: true,
  renderer: {
    codespan({ text }) {
      const body = escapeHtml(text)
      return isCommand(text) ? `<code data-command="${escapeHtml(text.trim())}">${body}</code>` : `<code>${body}</code>`
    },
    // A fenced block holding one command line (no language) is clickable too.
    code({ text, lang }) {
      const body = escapeHtml(text.replace(/\n$/, ''))
      const one = !lang && !text.trim().includes('\n') && isCommand(text)
      return one ? `<pre><code data-command="${escapeHtml(text.trim())}">${body}</code></pre>\n` : `<pre><code>${body}</code></pre>\n`
    },
  },
})

const SANITIZE: sanitizeHtml.IOptions = {
  // `pre` keeps data-command off it; only `code` carries it.
  allowedTags: [
    'h1', 'h2', 'h3', 'h4', 'p', 'br', 'hr', 'strong', 'em', 'del', 'code', 'pre', 'blockquote',
    'ul', 'ol', 'li', 'a', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'span', 'kbd',
  ],
  allowedAttributes: { a: ['href', 'title'], code: ['data-command', 'class'], th: ['align'], td: ['align'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowProtocolRelative: false,
  // Offline app: links open outside the window (the host enforces it); mark them so.
  transformTags: { a: sanitizeHtml.simpleTransform('a', { rel: 'noopener noreferrer', target: '_blank' }) },
  disallowedTagsMode: 'discard',
}
SANITIZE.allowedAttributes = { ...SANITIZE.allowedAttributes, a: ['href', 'title', 'rel', 'target'] }

export function renderMarkdown(md: string): string {
  const html = marked.parse(md, { async: false }) as string
  return sanitizeHtml(html, SANITIZE).trim()
}

/** Also for short strings (hints, labels): inline Markdown only. */
export function renderInline(md: string): string {
  const html = marked.parseInline(md, { async: false }) as string
  return sanitizeHtml(html, SANITIZE).trim()
}

export interface MarkdownSections {
  intro: string // Markdown before the first step section
  steps: Map<string, { markdown: string; line: number }> // by step id; line of its `## id` heading (1-based, in the body)
}

/** Split a locale body into the intro and one section per step: a level-2 heading whose text is exactly a step id
 *  starts that step's section (the heading itself is not shown; the step title comes from the front matter). */
export function splitSections(body: string, stepIds: Set<string>): MarkdownSections {
  const lines = body.split('\n')
  const steps = new Map<string, { markdown: string; line: number }>()
  let current: { id: string; lines: string[]; line: number } | null = null
  const intro: string[] = []
  let inFence = false
  lines.forEach((line, i) => {
    if (/^(```|~~~)/.test(line)) inFence = !inFence
    const m = !inFence ? /^##\s+([a-z0-9][a-z0-9-]*)\s*$/.exec(line) : null
    if (m && stepIds.has(m[1])) {
      if (current) steps.set(current.id, { markdown: current.lines.join('\n').trim(), line: current.line })
      current = { id: m[1], lines: [], line: i + 1 }
      return
    }
    if (current) current.lines.push(line)
    else intro.push(line)
  })
  if (current) {
    const c = current as { id: string; lines: string[]; line: number }
    steps.set(c.id, { markdown: c.lines.join('\n').trim(), line: c.line })
  }
  return { intro: intro.join('\n').trim(), steps }
}

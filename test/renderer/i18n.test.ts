import { describe, expect, it } from 'vitest'
import { TABLES, LOCALES } from '../../src-renderer/i18n'

// Both languages everywhere (ui.md): every key present, same kind, nothing left empty or untranslated.
describe('locale tables', () => {
  const zh = TABLES['zh-CN'] as Record<string, unknown>
  it('has a table per locale with exactly the source keys', () => {
    for (const loc of LOCALES) expect(Object.keys(TABLES[loc]).sort()).toEqual(Object.keys(zh).sort())
  })
  it('has no empty strings, and functions that use their arguments', () => {
    for (const loc of LOCALES) {
      for (const [key, value] of Object.entries(TABLES[loc] as Record<string, unknown>)) {
        if (typeof value === 'string') expect(value.trim(), `${loc}.${key}`).not.toBe('')
        else if (typeof value === 'function') {
          const out = (value as (...a: unknown[]) => string)('ARG1', 'ARG2', 'ARG3', 'ARG4')
          expect(out, `${loc}.${key}`).toContain('ARG1')
        } else expect(Object.keys(value as object).sort(), `${loc}.${key}`).toEqual(Object.keys(zh[key] as object).sort())
      }
    }
  })
  it('really translates: English strings are not the Chinese ones', () => {
    expect(TABLES.en.checkWaiting).toBe('waiting…')
    expect(TABLES['zh-CN'].checkWaiting).not.toBe(TABLES.en.checkWaiting)
    // The scale-down note and the way on from a finished lesson or step exist in both languages.
    expect(TABLES.en.pvcKept('www-web-2', 'Retain')).toBe('PVC www-web-2 kept after scale-down (Retain)')
    expect(TABLES['zh-CN'].pvcKept('www-web-2', 'Retain')).not.toContain('kept after')
    expect(TABLES['zh-CN'].nextLesson).not.toBe(TABLES.en.nextLesson)
    expect(TABLES['zh-CN'].stepCompleteNext).not.toBe(TABLES.en.stepCompleteNext)
  })
})

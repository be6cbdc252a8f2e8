// Window-level UI state: locale, theme, scale, the active cluster tab. Theme and scale are remembered locally;
// the locale belongs to the app (main), which also localises lessons.
import { TABLES } from '../i18n'
import { clampScale } from '../lib/format'
import type { Locale } from '../../src-main/shared/view-models'

export type ThemeChoice = 'auto' | 'light' | 'dark'
export type Tab = 'graph' | 'volumes' | 'dns' | 'events'
export const TABS: readonly Tab[] = ['graph', 'volumes', 'dns', 'events']

const PREFS_KEY = 'ordinal.ui'

export class UiState {
  locale = $state<Locale>('zh-CN')
  theme = $state<ThemeChoice>('auto')
  scale = $state(1)
  tab = $state<Tab>('graph')
  graphAsTable = $state(false)
  presenter = $state(false)
  readonly t = $derived(TABLES[this.locale])

  constructor() {
    try {
      const saved = JSON.parse(localStorage.getItem(PREFS_KEY) ?? '{}') as { theme?: ThemeChoice; scale?: number }
      if (saved.theme === 'light' || saved.theme === 'dark' || saved.theme === 'auto') this.theme = saved.theme
      if (typeof saved.scale === 'number') this.scale = clampScale(saved.scale)
    } catch {
      // A corrupt or unavailable localStorage only loses preferences.
    }
  }

  zoom(direction: 1 | -1): void {
    this.scale = clampScale(this.scale + direction * 0.1)
    this.save()
  }

  cycleTheme(): void {
    this.theme = this.theme === 'auto' ? 'dark' : this.theme === 'dark' ? 'light' : 'auto'
    this.save()
  }

  private save(): void {
    try {
      localStorage.setItem(PREFS_KEY, JSON.stringify({ theme: this.theme, scale: this.scale }))
    } catch {
      // Not fatal: preferences are a convenience.
    }
  }
}

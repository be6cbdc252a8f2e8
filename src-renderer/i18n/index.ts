// One table per locale; the app picks one live (see state/ui.svelte.ts).
import type { Locale } from '../../src-main/shared/view-models'
import { en } from './en'
import { zhCN, type Strings } from './zh-CN'

export type { Strings }
export const TABLES: Record<Locale, Strings> = { 'zh-CN': zhCN, en }
export const LOCALES: readonly Locale[] = ['zh-CN', 'en']

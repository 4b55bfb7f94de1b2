/**
 * Keyboard shortcuts: which key does what (listed in the help overlay), and the one document
 * listener that runs them. Single-key shortcuts never fire while typing in a field and can be
 * turned off in the help overlay (WCAG 2.1.4); Ctrl+Enter (submit) and Escape always work.
 */
import { create } from 'zustand'
import { persist } from 'zustand/middleware'
import { persistStorage } from '../../lib/persist-storage'
import type { Route } from './nav-store'

/** What a shortcut does. */
export type ShortcutAction =
  | { kind: 'help' }
  | { kind: 'search' }
  | { kind: 'notifications' }
  | { kind: 'submit' }
  | { kind: 'go'; route: Route; focus?: string }

/** One documented shortcut. */
export type Shortcut = { keys: string; label: string; action: ShortcutAction; singleKey: boolean }

/** Every shortcut, in the order the help overlay lists them. */
export const SHORTCUTS: readonly Shortcut[] = [
  {
    keys: 'p',
    label: 'Paste tokens (focus the paste box)',
    action: { kind: 'go', route: { screen: 'tokens' }, focus: '#paste-text' },
    singleKey: true,
  },
  { keys: '/', label: 'Search on this screen', action: { kind: 'search' }, singleKey: true },
  {
    keys: 'Ctrl+Enter',
    label: 'Submit (paste tokens, a form, the dialog)',
    action: { kind: 'submit' },
    singleKey: false,
  },
  { keys: 'e', label: 'Entities', action: { kind: 'go', route: { screen: 'entities' } }, singleKey: true },
  { keys: 't', label: 'Today', action: { kind: 'go', route: { screen: 'overview' } }, singleKey: true },
  { keys: 'l', label: 'Sync log', action: { kind: 'go', route: { screen: 'log' } }, singleKey: true },
  { keys: 'n', label: 'Notifications (history)', action: { kind: 'notifications' }, singleKey: true },
  { keys: '?', label: 'This help', action: { kind: 'help' }, singleKey: true },
]

/** Keys that also work everywhere, listed for completeness. */
export const STANDARD_KEYS: ReadonlyArray<{ keys: string; label: string }> = [
  { keys: 'Escape', label: 'Close a dialog, cancel an inline confirmation' },
  { keys: '↑ ↓ Home End', label: 'Move between table rows' },
  { keys: 'Tab / Shift+Tab', label: 'Next / previous control' },
]

type KeyLike = Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey'>

/**
 * The shortcut a key press means, or null. `isTyping`: focus is in a text field (single keys are
 * then text). `singleKeysOn`: the user's choice in the help overlay.
 */
export function shortcutFor(e: KeyLike, isTyping: boolean, singleKeysOn: boolean): ShortcutAction | null {
  if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && !e.altKey) return { kind: 'submit' }
  if (e.ctrlKey || e.metaKey || e.altKey || isTyping || !singleKeysOn) return null
  const hit = SHORTCUTS.find((s) => s.singleKey && s.keys === e.key)
  return hit ? hit.action : null
}

/** The user's shortcut preferences (kept in localStorage). */
export const useShortcutPrefs = create<{ singleKeys: boolean; setSingleKeys: (on: boolean) => void }>()(
  persist((set) => ({ singleKeys: true, setSingleKeys: (singleKeys) => set({ singleKeys }) }), {
    name: 'faces-concur-desk.shortcuts.v1',
    storage: persistStorage<{ singleKeys: boolean }>(),
  }),
)

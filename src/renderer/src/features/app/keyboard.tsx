/**
 * The keyboard layer of the shell: one document listener for the shortcuts (shortcuts.ts), the
 * help overlay (`?`), and focus after navigation (the new screen's heading, or the field the
 * shortcut asked for), so focus is never left on the page body.
 */
import { useEffect, useRef, type ReactNode } from 'react'
import { create } from 'zustand'
import { Modal } from '../../lib/modal'
import { openNotifications } from '../notifications/notification-history'
import { useNavStore, type Route } from './nav-store'
import { shortcutFor, SHORTCUTS, STANDARD_KEYS, useShortcutPrefs, type ShortcutAction } from './shortcuts'

/** Whether the help overlay is open, and a field to focus after the next navigation. */
export const useKeyboardStore = create<{ isHelpOpen: boolean; focusAfterNav: string | null }>(() => ({
  isHelpOpen: false,
  focusAfterNav: null,
}))

const TEXT_INPUTS = new Set([
  'text',
  'search',
  'email',
  'number',
  'password',
  'url',
  'tel',
  'datetime-local',
  'date',
  'time',
])

/** True when keys typed now are text (a text field, a text area, a select, an editable element). */
export function isTypingIn(el: Element | null): boolean {
  if (!el) return false
  if (el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement) return true
  if (el instanceof HTMLInputElement) return TEXT_INPUTS.has(el.type)
  return el instanceof HTMLElement && el.isContentEditable
}

const visible = (el: HTMLElement): boolean => el.offsetParent !== null || el.getClientRects().length > 0

/** Ctrl+Enter: the active form, else the marked submit button, else the screen's primary button. */
function submit(): void {
  const active = document.activeElement as HTMLElement | null
  const form = active?.closest('form')
  if (form) return form.requestSubmit()
  const scope =
    active?.closest<HTMLElement>('[role=dialog], .screen') ?? document.querySelector<HTMLElement>('main')
  const marked = [...(scope?.querySelectorAll<HTMLButtonElement>('[data-shortcut=submit]') ?? [])].find(
    visible,
  )
  const primary = isTypingIn(active)
    ? [...(scope?.querySelectorAll<HTMLButtonElement>('button.primary') ?? [])].find(visible)
    : undefined
  const button = marked ?? primary
  if (button && !button.disabled) button.click()
}

function focusSearch(): void {
  const main = document.querySelector('main')
  const field =
    [...(main?.querySelectorAll<HTMLInputElement>('[data-shortcut=search], input[type=search]') ?? [])].find(
      visible,
    ) ?? null
  field?.focus()
  field?.select?.()
}

function run(action: ShortcutAction): void {
  switch (action.kind) {
    case 'help':
      return useKeyboardStore.setState({ isHelpOpen: true })
    case 'search':
      return focusSearch()
    case 'notifications':
      return openNotifications(true)
    case 'submit':
      return submit()
    case 'go':
      // Already there: no navigation happens, so focus the target now.
      if (JSON.stringify(useNavStore.getState().route) === JSON.stringify(action.route))
        return focusAfterNav(action.focus ?? null)
      useKeyboardStore.setState({ focusAfterNav: action.focus ?? null })
      useNavStore.getState().go(action.route)
  }
}

/** Installs the document listener (once, in the shell). */
export function useGlobalShortcuts(): void {
  useEffect(() => {
    function onKey(e: KeyboardEvent): void {
      if (e.defaultPrevented) return
      const action = shortcutFor(
        e,
        isTypingIn(document.activeElement),
        useShortcutPrefs.getState().singleKeys,
      )
      if (!action) return
      // With a dialog open only Ctrl+Enter applies (inside it); the page behind stays put.
      if (action.kind !== 'submit' && document.querySelector('[role=dialog][aria-modal=true]')) return
      e.preventDefault()
      run(action)
    }
    document.addEventListener('keydown', onKey)
    return () => document.removeEventListener('keydown', onKey)
  }, [])
}

/** Focuses `selector`, else the screen's heading, else the main area. */
function focusAfterNav(selector: string | null): void {
  const target =
    (selector ? document.querySelector<HTMLElement>(selector) : null) ??
    document.querySelector<HTMLElement>('main h1') ??
    document.querySelector<HTMLElement>('main')
  if (!target) return
  if (target.tagName === 'H1' && !target.hasAttribute('tabindex')) target.setAttribute('tabindex', '-1')
  target.focus()
}

/** After each navigation: focus the field a shortcut asked for, else the new screen's heading. */
export function useFocusAfterNavigation(route: Route): void {
  const key = JSON.stringify(route)
  const first = useRef(true)
  useEffect(() => {
    if (first.current) {
      first.current = false
      return
    }
    const frame = requestAnimationFrame(() => {
      const wanted = useKeyboardStore.getState().focusAfterNav
      useKeyboardStore.setState({ focusAfterNav: null })
      focusAfterNav(wanted)
    })
    return () => cancelAnimationFrame(frame)
  }, [key])
}

/** The help overlay listing every shortcut. */
export function HelpOverlay(): ReactNode {
  const isOpen = useKeyboardStore((s) => s.isHelpOpen)
  const singleKeys = useShortcutPrefs((s) => s.singleKeys)
  if (!isOpen) return null
  const close = (): void => useKeyboardStore.setState({ isHelpOpen: false })
  return (
    <Modal title="Keyboard shortcuts" onClose={close}>
      <table className="shortcuts">
        <caption className="sr-only">Keyboard shortcuts</caption>
        <thead>
          <tr>
            <th scope="col">Keys</th>
            <th scope="col">Does</th>
          </tr>
        </thead>
        <tbody>
          {[...SHORTCUTS, ...STANDARD_KEYS].map((s) => (
            <tr key={s.keys} className={'singleKey' in s && s.singleKey && !singleKeys ? 'off' : undefined}>
              <td>
                <kbd>{s.keys}</kbd>
              </td>
              <td>{s.label}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <label className="inline-check">
        <input
          type="checkbox"
          checked={singleKeys}
          onChange={(e) => useShortcutPrefs.getState().setSingleKeys(e.target.checked)}
        />{' '}
        Single-key shortcuts (p, /, e, t, l, n, ?); they never fire while you type in a field
      </label>
    </Modal>
  )
}

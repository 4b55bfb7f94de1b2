import { beforeEach, describe, expect, it } from 'vitest'
import { useNowStore } from '../../lib/now-store'
import { notifyFailure, notifyResult, notifySuccess } from './notify'
import {
  HISTORY_STORAGE_KEY,
  MAX_HISTORY,
  MAX_TOASTS,
  unreadCount,
  useToastsStore,
  type Toast,
} from './toasts-store'

const toast = (key: string, over: Partial<Toast> = {}): Toast => ({
  key,
  id: key,
  level: 'warning',
  title: `Title ${key}`,
  body: '',
  entityId: null,
  atMs: 1,
  ...over,
})

beforeEach(() => {
  useToastsStore.setState({ toasts: [], seen: new Set(), history: [] })
  useNowStore.setState({ nowMs: Date.UTC(2026, 10, 27, 9) })
})

describe('toasts store', () => {
  it('shows a key once, keeps dismissed toasts in the history, and counts unread ones', () => {
    const s = useToastsStore.getState()
    s.show(toast('a'))
    s.show(toast('a'))
    s.show(toast('b'))
    expect(useToastsStore.getState().toasts.map((t) => t.key)).toEqual(['a', 'b'])
    useToastsStore.getState().dismiss('a')
    expect(useToastsStore.getState().toasts.map((t) => t.key)).toEqual(['b'])
    expect(useToastsStore.getState().history.map((h) => h.key)).toEqual(['b', 'a'])
    expect(unreadCount(useToastsStore.getState().history)).toBe(2)
    useToastsStore.getState().markAllRead()
    expect(unreadCount(useToastsStore.getState().history)).toBe(0)
  })

  it('keeps at most MAX_TOASTS on screen and MAX_HISTORY in the history', () => {
    for (let i = 0; i < MAX_HISTORY + 10; i++) useToastsStore.getState().show(toast(`k${i}`))
    expect(useToastsStore.getState().toasts).toHaveLength(MAX_TOASTS)
    expect(useToastsStore.getState().history).toHaveLength(MAX_HISTORY)
    expect(useToastsStore.getState().history[0]?.key).toBe(`k${MAX_HISTORY + 9}`)
  })

  it('keeps the history across a reload of the page and does not raise remembered keys again', async () => {
    useToastsStore.getState().show(toast('kept'))
    const storage = useToastsStore.persist.getOptions().storage!
    const saved = await storage.getItem(HISTORY_STORAGE_KEY)
    // A new page: empty memory, the storage as the last page left it.
    useToastsStore.setState({ toasts: [], seen: new Set(), history: [] })
    await storage.setItem(HISTORY_STORAGE_KEY, saved!)
    await useToastsStore.persist.rehydrate()
    expect(useToastsStore.getState().history.map((h) => h.key)).toEqual(['kept'])
    useToastsStore.getState().show(toast('kept'))
    expect(useToastsStore.getState().toasts).toEqual([])
  })
})

describe('action toasts', () => {
  it('toasts every occurrence of an action, success and failure, with the problem in words', () => {
    notifySuccess('Polling on for Umbrella', 'Next poll 10:05')
    notifySuccess('Polling on for Umbrella', 'Next poll 10:05')
    notifyFailure('Could not archive Umbrella', { kind: 'offline', message: '', correlationId: 'c-1' })
    const toasts = useToastsStore.getState().toasts
    expect(toasts.map((t) => t.level)).toEqual(['success', 'success', 'error'])
    expect(toasts[2]?.body).toMatch(/^Can't reach the desk service.*\(correlation id c-1\)$/)
    expect(toasts[0]?.atMs).toBe(Date.UTC(2026, 10, 27, 9))
  })

  it('toasts a desk Result by its outcome and returns it unchanged', () => {
    const ok = notifyResult(
      { ok: true, value: 3 },
      { success: (n) => `Imported ${n}`, failure: 'Import failed' },
    )
    const bad = notifyResult(
      { ok: false, problem: { kind: 'conflict', message: 'Changed meanwhile.' } },
      { success: () => 'never', failure: 'Import failed' },
    )
    expect(ok).toEqual({ ok: true, value: 3 })
    expect(bad.ok).toBe(false)
    expect(useToastsStore.getState().toasts.map((t) => [t.title, t.body])).toEqual([
      ['Imported 3', ''],
      ['Import failed', 'Changed meanwhile.'],
    ])
  })
})

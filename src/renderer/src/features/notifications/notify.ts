/**
 * Toasts for user actions: every action says whether it worked. Screens call `notifySuccess` /
 * `notifyFailure` (or `notifyResult` with a desk Result) instead of building toasts by hand, so
 * each occurrence gets its own key (the same action twice shows twice) and lands in the history.
 */
import type { Problem, Result } from '../../../../shared/result'
import { problemText } from '../../lib/problem-text'
import { useNowStore } from '../../lib/now-store'
import { useToastsStore, type Toast } from './toasts-store'

let occurrence = 0

/** Where a toast points: its entity and an optional extra screen. */
export type NotifyTarget = { entityId?: string | null; action?: Toast['action'] }

function push(level: Toast['level'], title: string, body: string, target: NotifyTarget): string {
  const atMs = useNowStore.getState().nowMs
  const key = `action:${atMs}:${++occurrence}`
  useToastsStore.getState().show({
    key,
    id: key,
    level,
    title,
    body,
    entityId: target.entityId ?? null,
    atMs,
    ...(target.action ? { action: target.action } : {}),
  })
  return key
}

/** A user action worked: says what happened. Returns the toast key. */
export function notifySuccess(title: string, body = '', target: NotifyTarget = {}): string {
  return push('success', title, body, target)
}

/** A user action did not work: the problem in words and what to do. Returns the toast key. */
export function notifyFailure(title: string, problem: Problem, target: NotifyTarget = {}): string {
  const ref = problem.correlationId ? ` (correlation id ${problem.correlationId})` : ''
  return push('error', title, `${problemText(problem)}${ref}`, target)
}

/** Something worth knowing that is neither success nor failure (e.g. "already running"). */
export function notifyInfo(title: string, body = '', target: NotifyTarget = {}): string {
  return push('info', title, body, target)
}

/**
 * Toasts the outcome of a desk call: `success(value)` gives the title (and body) when it worked,
 * `failure` the title when it did not. Returns the result unchanged, so callers can chain.
 */
export function notifyResult<T>(
  result: Result<T>,
  texts: { success: (value: T) => string | { title: string; body?: string }; failure: string },
  target: NotifyTarget = {},
): Result<T> {
  if (!result.ok) {
    notifyFailure(texts.failure, result.problem, target)
    return result
  }
  const s = texts.success(result.value)
  if (typeof s === 'string') notifySuccess(s, '', target)
  else notifySuccess(s.title, s.body ?? '', target)
  return result
}

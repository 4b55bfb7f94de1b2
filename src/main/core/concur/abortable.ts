import { ConcurError } from './concur-error'

/** Lets one caller stop waiting on a shared promise without cancelling it for the others. */
export function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise
  if (signal.aborted) return Promise.reject(new ConcurError('cancelled', 'The Concur call was cancelled.'))
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(new ConcurError('cancelled', 'The Concur call was cancelled.'))
    signal.addEventListener('abort', onAbort, { once: true })
    promise.then(
      (v) => {
        signal.removeEventListener('abort', onAbort)
        resolve(v)
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort)
        reject(e instanceof Error ? e : new Error(String(e)))
      },
    )
  })
}

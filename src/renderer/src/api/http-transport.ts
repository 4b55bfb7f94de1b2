/**
 * Service-mode transport: `POST /rpc/<channel>` with a JSON body, pushes over one SSE stream at
 * `/events`. The session token arrives once in the printed URL; the server swaps it for an
 * HttpOnly SameSite=Strict cookie, so the page never holds it.
 */
import type { PushChannel, RequestChannel } from '../../../shared/channels'
import type { PushMessage, PushPayloads, RequestInput, RequestOutputs } from '../../../shared/contract'
import type { DeskApi } from '../../../shared/desk-api'
import type { Result } from '../../../shared/result'

type Listener = (payload: unknown) => void

/** Creates the HTTP transport against the page's own origin. */
export function createHttpTransport(opts: { baseUrl?: string; fetchFn?: typeof fetch } = {}): DeskApi {
  const baseUrl = opts.baseUrl ?? ''
  const fetchFn = opts.fetchFn ?? ((...args: Parameters<typeof fetch>) => fetch(...args))
  const listeners = new Map<string, Set<Listener>>()
  let source: EventSource | null = null

  function ensureStream(): void {
    if (source || typeof EventSource === 'undefined') return
    source = new EventSource(`${baseUrl}/events`)
    source.onmessage = (ev: MessageEvent) => {
      let message: PushMessage
      try {
        message = JSON.parse(String(ev.data)) as PushMessage
      } catch {
        return
      }
      for (const l of listeners.get(message.channel) ?? []) l(message.payload)
    }
  }

  return {
    transport: 'service',
    async call<C extends RequestChannel>(
      channel: C,
      input: RequestInput<C>,
    ): Promise<Result<RequestOutputs[C]>> {
      let response: Response
      try {
        response = await fetchFn(`${baseUrl}/rpc/${channel}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(input ?? {}),
          credentials: 'same-origin',
        })
      } catch {
        return {
          ok: false,
          problem: {
            kind: 'offline',
            message:
              'The desk service is not reachable. Check that it is still running, then reload this page.',
          },
        }
      }
      if (response.status === 401) {
        return {
          ok: false,
          problem: {
            kind: 'offline',
            message:
              'This browser session is not signed in to the desk service. Open the address the desk printed when it started (it carries a one-time key).',
          },
        }
      }
      try {
        return (await response.json()) as Result<RequestOutputs[C]>
      } catch {
        return {
          ok: false,
          problem: {
            kind: 'bug',
            message: `The desk service sent an unreadable answer (HTTP ${response.status}).`,
          },
        }
      }
    },
    subscribe<P extends PushChannel>(channel: P, listener: (payload: PushPayloads[P]) => void): () => void {
      ensureStream()
      let set = listeners.get(channel)
      if (!set) listeners.set(channel, (set = new Set()))
      set.add(listener as Listener)
      return () => set.delete(listener as Listener)
    },
  }
}

/**
 * Service-mode transport: `POST /rpc/<channel>` with a JSON body, pushes over one SSE stream at
 * `/events`. A single-use sign-in token arrives in the printed link; the server swaps it for a
 * session in an HttpOnly SameSite=Strict cookie, so the page never holds a credential.
 *
 * The stream is kept alive: when it drops, the transport reconnects with exponential back-off and
 * then asks the page to resync (pushes sent meanwhile are lost). An EventSource cannot see HTTP
 * statuses, so before each reconnect one cheap call tells "the service is down" (keep trying)
 * from "this page's session is no longer valid" (signed out: say what to do, keep probing slowly,
 * since signing in again in another tab restores the cookie).
 *
 * Shared: the page in a browser runs it over the browser's fetch and EventSource; the Electron
 * app's team-desk client runs the same code in main over undici (pinned TLS, its own credentials).
 */
import type { PushChannel, RequestChannel } from './channels'
import type { PushMessage, PushPayloads, RequestInput, RequestOutputs } from './contract'
import type { DeskApi } from './desk-api'
import type { Problem, Result } from './result'
import { readResultEnvelope } from './result-envelope'

/** The push stream's state, for the connection banner. */
export type ConnectionState = 'connecting' | 'live' | 'reconnecting' | 'signed-out'

/** The part of EventSource the transport uses (the browser's, or undici's in Node tests). */
export interface PushStream {
  onopen: ((event: Event) => void) | null
  onmessage: ((event: MessageEvent) => void) | null
  onerror: ((event: Event) => void) | null
  close(): void
}

/** Options of the HTTP transport; everything has a browser default. */
export type HttpTransportOptions = {
  /** @default '' (the page's own origin) */
  baseUrl?: string
  fetchFn?: typeof fetch
  /** Opens the push stream. @default the browser's EventSource */
  openStream?: (url: string) => PushStream
  /** Every change of the stream's state. */
  onConnectionChange?: (state: ConnectionState) => void
  /** The stream is back after a failure: pushes may have been missed, reload what the page shows. */
  onResync?: () => void
  /** Wait before reconnect attempt `attempt` (1, 2, …). @default 1 s doubling up to 30 s, ±20 % jitter */
  reconnectDelayMs?: (attempt: number) => number
  /** The answer while signed out (the Electron client says how to sign in there). @default the browser's */
  signedOutProblem?: Problem
  /** The answer when the desk is not reachable. @default the browser's */
  offlineProblem?: Problem
}

/** The HTTP transport: the desk API plus its connection state. */
export interface HttpTransport extends DeskApi {
  connection(): ConnectionState
  /** Closes the stream and stops reconnecting (tests, page unload). */
  close(): void
}

const OFFLINE: Problem = {
  kind: 'offline',
  message:
    'The desk service is not reachable. Check that it is still running; the page reconnects by itself.',
}
const SIGNED_OUT: Problem = {
  kind: 'signed-out',
  message:
    'This page is no longer signed in to the desk service (it restarted, or the session ended). Open a new sign-in link (each works once): on the machine the desk runs on, run ./desk serve --new-link.',
}

/** 1 s, 2 s, 4 s … capped at 30 s, each ±20 % so many pages do not reconnect in step. */
export function defaultReconnectDelayMs(attempt: number, random: () => number = Math.random): number {
  const baseMs = Math.min(30_000, 1_000 * 2 ** Math.max(0, attempt - 1))
  return Math.round(baseMs * (0.8 + random() * 0.4))
}

/** Creates the HTTP transport against the page's own origin. */
export function createHttpTransport(opts: HttpTransportOptions = {}): HttpTransport {
  const baseUrl = opts.baseUrl ?? ''
  const fetchFn = opts.fetchFn ?? ((...args: Parameters<typeof fetch>) => fetch(...args))
  const openStream =
    opts.openStream ?? ((url: string): PushStream => new EventSource(url) as unknown as PushStream)
  const delayOf = opts.reconnectDelayMs ?? ((attempt: number) => defaultReconnectDelayMs(attempt))
  const signedOut = opts.signedOutProblem ?? SIGNED_OUT
  const offline = opts.offlineProblem ?? OFFLINE
  const listeners = new Map<string, Set<(payload: unknown) => void>>()
  let stream: PushStream | null = null
  let state: ConnectionState = 'connecting'
  let attempt = 0
  let retryTimer: ReturnType<typeof setTimeout> | null = null
  let missedPushes = false
  let isClosed = false

  function setState(next: ConnectionState): void {
    if (state === next) return
    state = next
    opts.onConnectionChange?.(next)
  }

  function connect(): void {
    // While a reconnect is scheduled, a new subscriber waits for it (the back-off holds).
    if (isClosed || stream || retryTimer) return
    let s: PushStream
    try {
      s = openStream(`${baseUrl}/events`)
    } catch {
      return scheduleReconnect()
    }
    stream = s
    s.onopen = () => {
      if (stream !== s) return
      attempt = 0
      setState('live')
      if (missedPushes) {
        missedPushes = false
        opts.onResync?.()
      }
    }
    s.onmessage = (ev: MessageEvent) => {
      let message: PushMessage
      try {
        message = JSON.parse(String(ev.data)) as PushMessage
      } catch {
        return
      }
      for (const l of listeners.get(message.channel) ?? []) l(message.payload)
    }
    s.onerror = () => {
      if (stream !== s) return
      // Our own back-off replaces EventSource's fixed retry, which also gives up on any non-200.
      s.close()
      stream = null
      missedPushes = true
      scheduleReconnect()
    }
  }

  function scheduleReconnect(): void {
    if (isClosed || retryTimer) return
    if (state !== 'signed-out') setState('reconnecting')
    attempt++
    retryTimer = setTimeout(() => {
      retryTimer = null
      void probeThenConnect()
    }, delayOf(attempt))
  }

  async function probeThenConnect(): Promise<void> {
    const probe = await post('app:info', {})
    if (isClosed) return
    if (!probe.ok && (probe.problem.kind === 'offline' || probe.problem.kind === 'signed-out'))
      return scheduleReconnect()
    connect()
  }

  async function post(channel: string, input: unknown): Promise<Result<unknown>> {
    let response: Response
    try {
      response = await fetchFn(`${baseUrl}/rpc/${channel}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(input ?? {}),
        credentials: 'same-origin',
      })
    } catch {
      return { ok: false, problem: offline }
    }
    if (response.status === 401) {
      setState('signed-out')
      if (!stream) scheduleReconnect()
      return { ok: false, problem: signedOut }
    }
    // Any other answer means the session is valid: a signed-out page recovers at once.
    if (state === 'signed-out') recoverNow()
    let body: unknown
    try {
      body = await response.json()
    } catch {
      return malformed(response.status, 'is not JSON')
    }
    return readResultEnvelope(body) ?? malformed(response.status, 'is not a result')
  }

  function recoverNow(): void {
    if (retryTimer) clearTimeout(retryTimer)
    retryTimer = null
    attempt = 0
    if (stream) setState('live')
    else {
      setState('reconnecting')
      connect()
    }
  }

  return {
    transport: 'service',
    connection: () => state,
    async call<C extends RequestChannel>(
      channel: C,
      input: RequestInput<C>,
    ): Promise<Result<RequestOutputs[C]>> {
      return (await post(channel, input)) as Result<RequestOutputs[C]>
    },
    subscribe<P extends PushChannel>(channel: P, listener: (payload: PushPayloads[P]) => void): () => void {
      if (typeof EventSource !== 'undefined' || opts.openStream) connect()
      let set = listeners.get(channel)
      if (!set) listeners.set(channel, (set = new Set()))
      const l = listener as (payload: unknown) => void
      set.add(l)
      return () => set.delete(l)
    },
    close() {
      isClosed = true
      if (retryTimer) clearTimeout(retryTimer)
      retryTimer = null
      stream?.close()
      stream = null
    },
  }
}

function malformed(status: number, what: string): Result<never> {
  return {
    ok: false,
    problem: {
      kind: 'bug',
      message: `The desk service sent an answer that ${what} (HTTP ${status}). Reload the page; if it happens again, export the log for the developers.`,
    },
  }
}

/**
 * The Electron app's client of a team desk, in main: the same HTTP transport the page uses in a
 * browser (shared/http-transport.ts: POST /rpc/<channel>, pushes over /events with back-off and
 * resync), run over undici through the pinned Agent with the session's headers. The preload's
 * calls are relayed here unchanged; the desk's pushes come back to the window.
 */
import { EventSource, fetch as undiciFetch, type Agent, type Dispatcher } from 'undici'
import { PUSH_CHANNELS, type PushChannel } from '../../../shared/channels'
import type { PushMessage } from '../../../shared/contract'
import { createHttpTransport, type ConnectionState, type PushStream } from '../../../shared/http-transport'
import type { Problem, Result } from '../../../shared/result'
import type { Dispatch } from '../../core/ports'
import { pinFailureOf, type CertificateChangedError } from './pinned-agent'
import type { TeamSession } from './team-sign-in'

/** A connected client. */
export interface TeamDeskClient {
  readonly dispatch: Dispatch
  /** Every push the desk sends (team:changed excepted: that one is the app's own). */
  onPush(listener: (message: PushMessage) => void): () => void
  connection(): ConnectionState
  /** The pin failure that stopped the last call, if any. */
  pinFailure(): CertificateChangedError | null
  close(): Promise<void>
}

/** Options of the client. */
export type TeamDeskClientOptions = {
  origin: string
  agent: Agent
  session: TeamSession
  onConnectionChange?: (state: ConnectionState) => void
  /** The stream is back after a gap: the window reloads what it shows. */
  onResync?: () => void
  reconnectDelayMs?: (attempt: number) => number
  /** The desk presented another certificate (every retry is refused the same way until re-pinned). */
  onPinFailure?: (failure: CertificateChangedError) => void
}

const SIGNED_OUT: Problem = {
  kind: 'signed-out',
  message:
    'This app is no longer signed in to the team desk (its session ended, or the desk restarted). Sign in again in Settings → Team desk.',
}
const OFFLINE: Problem = {
  kind: 'offline',
  message:
    'The team desk is not reachable. Check the network and that the desk is running; the app reconnects by itself.',
}

/** Adds the session's headers to every request a dispatcher sends (the push stream's included). */
function withHeaders(headers: Record<string, string>): Dispatcher.DispatcherComposeInterceptor {
  return (dispatch) => (opts, handler) => {
    const own = opts.headers
    const merged: Record<string, string | string[]> = {}
    if (Array.isArray(own))
      for (let i = 0; i + 1 < own.length; i += 2) merged[String(own[i])] = String(own[i + 1])
    else if (own && typeof (own as Iterable<unknown>)[Symbol.iterator] === 'function')
      for (const [k, v] of own as Iterable<[string, string | string[] | undefined]>) {
        if (v !== undefined) merged[k] = v
      }
    else if (own)
      for (const [k, v] of Object.entries(own as Record<string, string | string[] | undefined>))
        if (v !== undefined) merged[k] = v
    return dispatch({ ...opts, headers: { ...merged, ...headers } }, handler)
  }
}

/** Opens the client (the push stream starts at once). */
export function openTeamDeskClient(o: TeamDeskClientOptions): TeamDeskClient {
  const dispatcher = o.agent.compose(withHeaders(o.session.headers))
  let lastPinFailure: CertificateChangedError | null = null
  const listeners = new Set<(message: PushMessage) => void>()

  const fetchFn = (async (input: string, init: RequestInit) => {
    try {
      const res = await undiciFetch(input, { ...(init as object), redirect: 'manual', dispatcher })
      lastPinFailure = null
      return res
    } catch (err) {
      const failure = pinFailureOf(err)
      if (failure) {
        lastPinFailure = failure
        o.onPinFailure?.(failure)
      }
      throw err
    }
  }) as unknown as typeof fetch

  const transport = createHttpTransport({
    baseUrl: o.origin,
    fetchFn,
    openStream: (url) => new EventSource(url, { node: { dispatcher } }) as unknown as PushStream,
    signedOutProblem: SIGNED_OUT,
    offlineProblem: OFFLINE,
    ...(o.onConnectionChange ? { onConnectionChange: o.onConnectionChange } : {}),
    ...(o.onResync ? { onResync: o.onResync } : {}),
    ...(o.reconnectDelayMs ? { reconnectDelayMs: o.reconnectDelayMs } : {}),
  })
  const unsubscribers = PUSH_CHANNELS.filter(
    (c): c is Exclude<PushChannel, 'team:changed'> => c !== 'team:changed',
  ).map((channel) =>
    transport.subscribe(channel, (payload) => {
      const message = { channel, payload } as PushMessage
      for (const l of listeners) l(message)
    }),
  )

  const dispatch: Dispatch = async (channel, input) => {
    const r = (await transport.call(channel as never, input as never)) as Result<unknown>
    if (!r.ok && r.problem.kind === 'offline' && lastPinFailure)
      return { ok: false, problem: { kind: 'offline', message: lastPinFailure.message } }
    return r
  }

  return {
    dispatch,
    onPush(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    connection: () => transport.connection(),
    pinFailure: () => lastPinFailure,
    async close() {
      for (const u of unsubscribers) u()
      transport.close()
      await o.agent.close().catch(() => {})
    },
  }
}

/**
 * The desk the Electron shell runs: this computer's own desk (solo), or a client of a team desk.
 * The shell sees one dispatch and one bus either way. The team:* channels are answered here;
 * every other call goes to the local desk, or, when connected, to the team desk over HTTPS
 * (team-desk-client.ts). Connected, no local desk runs: no scheduler, no store, no secrets here.
 *
 * Connecting: the desk's certificate is read and shown; the user confirms it and it is pinned
 * (team-link-store.ts); a later connect whose certificate differs is refused until re-pinned.
 * Signed in, a session the desk ends (expiry, sign-out, a disabled or reset user) turns the link
 * 'signed-out': every call answers "not signed in" (how to sign in) until the user signs in again.
 */
import type { RequestInput } from '../../../shared/contract'
import type { ConnectionState } from '../../../shared/http-transport'
import { checkRequest } from '../../../shared/request-check'
import type { Result } from '../../../shared/result'
import type { CertificateFacts, TeamConnectOutcome, TeamDeskStatus } from '../../../shared/team-link-model'
import { DeskError } from '../../core/errors/desk-error'
import { isUnexpected, toProblem } from '../../core/errors/to-problem'
import type { Dispatch, PushBus } from '../../core/ports'
import type { Logger } from '../../logging/logger'
import { createPinnedAgent } from './pinned-agent'
import { probeServerCertificate } from './server-certificate'
import { openTeamDeskClient, type TeamDeskClient } from './team-desk-client'
import type { TeamLinkStore } from './team-link-store'
import { signInToTeamDesk, type TeamSignIn } from './team-sign-in'

/** The local desk, as the shell uses it (app/desk.ts's Desk fits). */
export interface LocalDesk {
  readonly dispatch: Dispatch
  readonly bus: PushBus
  info(): { businessTimeZone: string }
  onResume(): void
  takeOverQuit(): boolean
  stop(): Promise<void>
}

/** What the team-link desk needs. */
export type TeamLinkDeskDeps = {
  startLocal(): Promise<LocalDesk>
  store: TeamLinkStore
  /** The bus the shell listens on (pushes of whichever desk is current, and team:changed). */
  bus: PushBus
  log: Logger
  /** Business time zone while connected (the tray's countdown). */
  fallbackTimeZone: () => string
  version: string
  probe?: (url: URL) => Promise<CertificateFacts>
  reconnectDelayMs?: (attempt: number) => number
}

/** The running desk plus its link state (for tests). */
export interface TeamLinkDesk extends LocalDesk {
  status(): TeamDeskStatus
}

type Client = {
  url: string
  certificate: CertificateFacts
  client: TeamDeskClient | null
  userName: string | null
  state: Exclude<TeamDeskStatus, { mode: 'solo' }>['state']
  message: string | null
}

const NOT_SIGNED_IN =
  'This app is set to work with the team desk but is not signed in: sign in in Settings → Team desk (or disconnect to work on this computer alone).'
const UPDATES_WHILE_CONNECTED =
  'The app checks for its own updates when it runs its own desk. Disconnect from the team desk to update it.'

/** Starts the desk the shell runs: the team desk's client when the saved link is active, else the local desk. */
export async function startTeamLinkDesk(deps: TeamLinkDeskDeps): Promise<TeamLinkDesk> {
  const log = deps.log.child('team-link')
  const probe = deps.probe ?? ((url: URL) => probeServerCertificate(url))
  let local: LocalDesk | null = null
  let unforwardLocal: (() => void) | null = null
  let remote: Client | null = null
  let pending: { url: string; certificate: CertificateFacts; signIn: TeamSignIn } | null = null
  let switching: Promise<unknown> = Promise.resolve()

  const status = (): TeamDeskStatus =>
    remote
      ? {
          mode: 'client',
          url: remote.url,
          host: new URL(remote.url).host,
          state: remote.state,
          userName: remote.userName,
          certificate: remote.certificate,
          message: remote.message,
        }
      : { mode: 'solo' }
  const announce = (): void => deps.bus.emit('team:changed', status())

  async function startLocal(): Promise<void> {
    const desk = await deps.startLocal()
    local = desk
    unforwardLocal = desk.bus.subscribe((m) => deps.bus.emit(m.channel as never, m.payload as never))
  }

  async function stopLocal(): Promise<void> {
    const desk = local
    local = null
    unforwardLocal?.()
    unforwardLocal = null
    await desk?.stop()
  }

  function onConnection(target: Client, state: ConnectionState): void {
    if (remote !== target) return
    const failure = target.client?.pinFailure()
    if (failure) {
      target.state = 'certificate-changed'
      target.message = failure.message
    } else if (state === 'signed-out') {
      target.state = 'signed-out'
      target.message = NOT_SIGNED_IN
    } else if (state === 'reconnecting' || state === 'connecting') {
      target.state = 'reconnecting'
      target.message = 'The team desk is not reachable right now; the app reconnects by itself.'
    } else {
      target.state = 'connected'
      target.message = null
    }
    announce()
  }

  async function signInAndSwitch(
    url: string,
    certificate: CertificateFacts,
    signIn: TeamSignIn,
  ): Promise<TeamConnectOutcome> {
    const agent = createPinnedAgent(certificate.fingerprint256)
    let session
    try {
      session = await signInToTeamDesk(url, agent, signIn)
    } catch (err) {
      await agent.close().catch(() => {})
      throw err
    }
    await remote?.client?.close()
    await stopLocal()
    const target: Client = {
      url,
      certificate,
      client: null,
      userName: session.userName,
      state: 'connected',
      message: null,
    }
    remote = target
    target.client = openTeamDeskClient({
      origin: url,
      agent,
      session,
      onConnectionChange: (s) => onConnection(target, s),
      onResync: () => announce(),
      onPinFailure: () => {
        if (target.state !== 'certificate-changed') onConnection(target, 'reconnecting')
      },
      ...(deps.reconnectDelayMs ? { reconnectDelayMs: deps.reconnectDelayMs } : {}),
    })
    target.client.onPush((m) => deps.bus.emit(m.channel as never, m.payload as never))
    deps.store.write({ url, certificate, active: true })
    log.info('connected to a team desk', { host: new URL(url).host, fingerprint: certificate.fingerprint256 })
    announce()
    return { step: 'connected', status: status() }
  }

  async function connect(input: RequestInput<'team:connect'>): Promise<TeamConnectOutcome> {
    const url = new URL(input.url).origin
    const certificate = await probe(new URL(url))
    const saved = deps.store.read()
    const pinned = saved && saved.url === url ? saved.certificate : null
    if (pinned && pinned.fingerprint256 === certificate.fingerprint256) {
      pending = null
      return signInAndSwitch(url, certificate, input.signIn)
    }
    pending = { url, certificate, signIn: input.signIn }
    if (pinned)
      log.warn('team desk certificate changed', {
        host: new URL(url).host,
        pinned: pinned.fingerprint256,
        presented: certificate.fingerprint256,
      })
    return { step: 'confirm-certificate', url, certificate, pinned }
  }

  async function confirm(input: RequestInput<'team:confirm-certificate'>): Promise<TeamConnectOutcome> {
    const p = pending
    if (!p || p.certificate.fingerprint256 !== input.fingerprint256)
      throw new DeskError(
        'conflict',
        'The certificate to confirm is not the one the desk showed last. Connect again to see it.',
      )
    pending = null
    // The user confirmed this certificate: it stays pinned even when the sign-in that follows is
    // refused (a one-time password to replace, a typo), so the next try asks nothing again. Not
    // while connected to another desk: its saved link stays until this sign-in succeeds.
    if (!remote || remote.url === p.url)
      deps.store.write({ url: p.url, certificate: p.certificate, active: remote !== null })
    return signInAndSwitch(p.url, p.certificate, p.signIn)
  }

  async function disconnect(): Promise<TeamDeskStatus> {
    if (!remote) return status()
    const was = remote
    remote = null
    await was.client?.close()
    deps.store.write({ url: was.url, certificate: was.certificate, active: false })
    await startLocal()
    log.info('disconnected from the team desk: this computer runs its own desk again')
    announce()
    return status()
  }

  /** One switch at a time (a double click on Connect must not build two clients). */
  function serial<T>(run: () => Promise<T>): Promise<T> {
    const next = switching.then(run, run)
    switching = next.catch(() => {})
    return next
  }

  const team: Record<string, (input: never) => Promise<unknown>> = {
    'team:status': () => Promise.resolve(status()),
    'team:connect': (input: RequestInput<'team:connect'>) => serial(() => connect(input)),
    'team:confirm-certificate': (input: RequestInput<'team:confirm-certificate'>) =>
      serial(() => confirm(input)),
    'team:disconnect': () => serial(disconnect),
  }

  async function relay(channel: string, input: unknown): Promise<Result<unknown>> {
    const target = remote
    if (!target?.client) return { ok: false, problem: { kind: 'signed-out', message: NOT_SIGNED_IN } }
    if (channel.startsWith('updates:'))
      return {
        ok: true,
        value: {
          state: 'unsupported',
          currentVersion: deps.version,
          availableVersion: null,
          downloadPercent: null,
          lastCheckedAtMs: null,
          message: UPDATES_WHILE_CONNECTED,
          syncsRunning: 0,
        },
      }
    const r = await target.client.dispatch(channel, input)
    // The window talks to this app over IPC, whichever desk answers.
    if (r.ok && channel === 'app:info')
      return { ok: true, value: { ...(r.value as object), transport: 'electron' } }
    return r
  }

  const dispatch: Dispatch = async (channel, rawInput) => {
    if (local && !(typeof channel === 'string' && channel in team)) return local.dispatch(channel, rawInput)
    // Checked here too: a payload the contract refuses never leaves the app.
    const checked = checkRequest(channel, rawInput)
    if (!checked.ok) return checked
    const handler = team[checked.channel]
    if (!handler) return relay(checked.channel, checked.input)
    try {
      return { ok: true, value: await handler(checked.input as never) }
    } catch (err) {
      if (isUnexpected(err)) log.error('team link: unexpected failure', { channel: checked.channel, err })
      else
        log.warn('team link: request failed', { channel: checked.channel, message: toProblem(err).message })
      return { ok: false, problem: toProblem(err) }
    }
  }

  const saved = deps.store.read()
  if (saved?.active) {
    remote = {
      url: saved.url,
      certificate: saved.certificate,
      client: null,
      userName: null,
      state: 'signed-out',
      message: NOT_SIGNED_IN,
    }
    log.info('starting as a client of the team desk (sign in to continue)', { host: new URL(saved.url).host })
  } else {
    await startLocal()
  }

  return {
    dispatch,
    bus: deps.bus,
    status,
    info: () => local?.info() ?? { businessTimeZone: deps.fallbackTimeZone() },
    onResume: () => local?.onResume(),
    takeOverQuit: () => local?.takeOverQuit() ?? false,
    async stop() {
      await switching
      await remote?.client?.close()
      await stopLocal()
    },
  }
}

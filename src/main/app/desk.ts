/**
 * The composition root's product: a running desk. `createDesk` (below) is called by both the
 * Electron entry (src/main/index.ts) and service mode (src/main/service.ts) with their own
 * adapters; everything else is built here from config.
 */
import { join } from 'node:path'
import { REQUEST_CHANNELS, type RequestChannel } from '../../shared/channels'
import { systemClock } from '../core/clock'
import { DeskError } from '../core/errors/desk-error'
import { createDispatcher, type CallContext, type Handlers } from './dispatcher'
import { createAuthorisedDispatch } from './team/authorised-dispatch'
import { createCallTarget } from './team/call-target'
import { createTeamDesk, type TeamDesk } from './team/team-desk'
import { createAuditRetention } from '../core/team/audit-retention'
import { createArgon2Hasher } from '../adapters/passwords/argon2-password-hasher'
import { osUserName } from '../adapters/os-user-name'
import { soloPrincipal, type Principal } from '../core/team/principal'
import type { SessionLimits } from '../core/team/team-sessions'
import type { SignInLimits } from '../core/team/sign-in'
import type { PasswordHasher } from '../core/team/user-accounts'
import { createPushBus } from './push-bus'
import { createSettingsHandlers } from './handlers/settings-handlers'
import { createSoloTeamLinkHandlers } from './handlers/team-link-handlers'
import { createUpdatesHandlers } from './handlers/updates-handlers'
import {
  createUnsupportedUpdater,
  SERVICE_MODE_UPDATES_MESSAGE,
  type CreateDeskUpdater,
} from '../core/updates/desk-updater'
import { testConnection } from '../core/connection/connection-test'
import { buildSession, type Session } from './session'
import type { AppInfo, DeskNotice, TransportKind } from '../../shared/model'
import type { Clock, Dispatch, Fetch, PushBus, SecretStore, SettingsStore } from '../core/ports'
import { createHttpClient } from '../adapters/http/undici-http'
import type { DeskSettings } from '../core/settings/desk-settings'
import type { Logger } from '../logging/logger'
import type { StartTiming } from '../logging/start-timing'

/** What the entry point hands to the composition root. */
export type DeskOptions = {
  transport: TransportKind
  /** Root data folder (the `--data-dir` flag); environment-specific folders live below it. */
  dataDir: string
  /** The store's connection URL (`--database-url`): postgres://… or a SQLite file; null: `<data>/<environment>/desk.sqlite`. */
  databaseUrl?: string | null
  /** 'shared': one of several team-desk instances on one PostgreSQL database (`--instances shared`). */
  instances?: 'solo' | 'shared'
  /** What the entry found at start (e.g. a settings file it recovered), shown with the store's notices. */
  notices?: DeskNotice[]
  settings: SettingsStore<DeskSettings>
  secrets: SecretStore
  log: Logger
  clock?: Clock
  /** The clock of Sandbox sessions only (service mode's DESK_TEST_CLOCK_START); production always runs on `clock`. */
  sandboxClock?: Clock
  fetch?: Fetch
  version: string
  /** The desk's own updater (Electron); service mode leaves it out and Settings says why. */
  updater?: CreateDeskUpdater
  /** Who acts when a transport names nobody (Electron, the solo desk): the OS user by default. */
  local?: Principal
  /** @default argon2id */
  hasher?: PasswordHasher
  /** Team desk session and sign-in limits (tests shorten them). */
  sessionLimits?: SessionLimits
  signInLimits?: SignInLimits
  /** Marks the phases of the first session's start (service mode's start timing). */
  startTiming?: StartTiming
}

/** A running desk, transport-neutral. */
export interface Desk {
  readonly dispatch: Dispatch
  readonly bus: PushBus
  /** Users, sign-in, audit trail and presence (the HTTP layer's authenticator reads `team.auth`). */
  readonly team: TeamDesk
  info(): AppInfo
  /** Call on power-monitor `resume` (Electron) so overdue polls catch up at once. */
  onResume(): void
  /** Call once the desk has stopped on quit: true when an update now installs and quits the app. */
  takeOverQuit(): boolean
  stop(): Promise<void>
}

/**
 * Builds a running desk. The environment-specific part (simulators, clients, engines) lives in a
 * Session that is rebuilt when the environment or endpoints change; the dispatcher always routes
 * to the current one, so the UI never has to reconnect.
 */
export async function createDesk(opts: DeskOptions): Promise<Desk> {
  const clock = opts.clock ?? systemClock
  const log = opts.log
  // One keep-alive HTTP client for the desk's lifetime (sessions come and go; connections pool).
  const http = createHttpClient()
  const httpFetch: Fetch = opts.fetch ?? http.fetch
  const bus = createPushBus((err) => log.error('push: a listener failed', { err }))
  const startedAtMs = clock.nowMs()
  let session: Session | null = null
  let rebuilding: Promise<void> = Promise.resolve()

  const info = (): AppInfo => {
    const settings = opts.settings.read()
    return {
      version: opts.version,
      transport: opts.transport,
      environment: settings.environment,
      keychain: opts.secrets.describe(),
      dataDir: opts.dataDir,
      businessTimeZone: settings.intakeWindow.timeZone,
      startedAtMs,
      notices: [...(opts.notices ?? []), ...(session?.notices ?? [])],
      store: session?.store ?? null,
    }
  }

  async function rebuild(timing?: StartTiming): Promise<void> {
    const previous = session
    session = null
    await previous?.stop()
    const settings = opts.settings.read()
    session = await buildSession({
      environment: settings.environment,
      dataDir: join(opts.dataDir, settings.environment),
      databaseUrl: opts.databaseUrl ?? null,
      ...(opts.instances ? { instances: opts.instances } : {}),
      settings: opts.settings,
      secrets: opts.secrets,
      clock: settings.environment === 'sandbox' ? (opts.sandboxClock ?? clock) : clock,
      log,
      fetch: httpFetch,
      bus,
      ...(timing ? { timing } : {}),
    })
  }

  /** Rebuilds the session after whatever rebuild is already running; failures keep the desk up. */
  function scheduleRebuild(): Promise<void> {
    rebuilding = rebuilding
      .then(() => rebuild())
      .catch((err: unknown) => {
        log.error('session: rebuild failed', { err })
      })
    return rebuilding
  }

  const settingsHandlers = createSettingsHandlers({
    settings: opts.settings,
    secrets: opts.secrets,
    bus,
    info,
    instances: async () => (await session?.instances()) ?? null,
    onChanged: async (before, after) => {
      const needsRebuild =
        before.environment !== after.environment ||
        JSON.stringify(before.production) !== JSON.stringify(after.production) ||
        JSON.stringify(before.schedule) !== JSON.stringify(after.schedule)
      if (needsRebuild) await scheduleRebuild()
    },
    onSecretChanged: scheduleRebuild,
    testConnection: (input) =>
      testConnection({ fetch: httpFetch, clock, log: log.child('connection-test') }, input),
  })

  const updaterHooks = { syncsRunning: () => session?.syncsRunning() ?? 0, log: log.child('updates') }
  const updater =
    opts.updater?.(updaterHooks) ??
    createUnsupportedUpdater(opts.version, SERVICE_MODE_UPDATES_MESSAGE, updaterHooks)
  updater.subscribe((status) => bus.emit('updates:changed', status))
  // "Restart to update" waits for running syncs: tell the UI each time that count may change.
  bus.subscribe((message) => {
    if (message.channel === 'sync:run-updated' && updater.status().state === 'ready')
      bus.emit('updates:changed', updater.status())
  })

  const team = createTeamDesk({
    stores: async () => {
      await rebuilding
      return session?.team ?? null
    },
    current: () => session?.team ?? null,
    hasher: opts.hasher ?? createArgon2Hasher(),
    clock,
    bus,
    log,
    ...(opts.sessionLimits ? { sessionLimits: opts.sessionLimits } : {}),
    ...(opts.signInLimits ? { signInLimits: opts.signInLimits } : {}),
  })

  // Settings, updates and the team outlive sessions; the dispatcher validated the input already.
  type Handler = (input: unknown, ctx: unknown) => Promise<unknown>
  const ownHandlers = {
    ...settingsHandlers,
    ...createUpdatesHandlers(updater),
    // A fresh Sandbox is a fresh session: simulators, entities, tokens and switches start over.
    'sandbox:reset': async (_input: unknown, ctx: unknown) => {
      if (opts.settings.read().environment !== 'sandbox')
        throw new DeskError(
          'invalid-input',
          'Only the Sandbox can be reset; this desk is connected to production.',
        )
      await scheduleRebuild()
      if (!session) throw new DeskError('offline', 'The Sandbox did not start again. The log says why.')
      const status = await session.handlers['sandbox:status']({}, ctx as CallContext)
      bus.emit('sandbox:changed', status)
      return status
    },
    ...team.handlers,
    ...createSoloTeamLinkHandlers(),
  } as Partial<Record<RequestChannel, Handler>>
  const routed = {} as Record<RequestChannel, Handler>
  for (const channel of REQUEST_CHANNELS) {
    routed[channel] = async (input, ctx) => {
      const own = ownHandlers[channel]
      if (own) return own(input, ctx)
      await rebuilding
      if (!session) {
        throw new DeskError('offline', 'The desk is still starting up. Try again in a moment.')
      }
      const handler = (session.handlers as Record<string, Handler>)[channel]
      if (!handler) throw new DeskError('bug', `No handler for "${channel}".`)
      return handler(input, ctx)
    }
  }

  await rebuild(opts.startTiming)
  // Ready: from now on the audit trail is pruned in the background (never before, never blocking the start).
  const auditRetention = createAuditRetention({
    store: () => session?.team?.audit ?? null,
    retentionDays: () => opts.settings.read().auditRetentionDays,
    clock,
    onError: (err) => log.warn('audit: retention could not prune', { err }),
  })
  auditRetention.start()
  const local = opts.local ?? soloPrincipal(osUserName(), 'local')
  const inner = createDispatcher(routed as unknown as Handlers, log, local)
  const target = createCallTarget({
    entityOfToken: async (tokenId) => {
      await rebuilding
      return (await session?.entityOfToken(tokenId)) ?? null
    },
    entityName: async (entityId) => {
      const entity = await inner('entities:get', { entityId }, local)
      return entity.ok ? (entity.value as { name: string }).name : null
    },
  })
  const dispatch = createAuthorisedDispatch({
    inner,
    local,
    audit: () => team.audit(),
    presence: team.presence,
    target,
  })
  updater.start()

  return {
    dispatch,
    bus,
    team,
    info,
    onResume: () => session?.onResume(),
    takeOverQuit: () => updater.takeOverQuit(),
    async stop() {
      updater.stop()
      auditRetention.stop()
      await rebuilding
      await session?.stop()
      session = null
      await http.close()
    },
  }
}

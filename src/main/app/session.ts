/**
 * One environment's running services (Sandbox or production): the simulators when in the Sandbox,
 * the Concur connector, the token desk, the sync subsystem, and their request handlers.
 * Rebuilt by the desk when the environment, the endpoints or a connection secret change.
 * This file composes them in start order; the parts: session-store.ts (the store, the Sandbox's
 * reset), session-connections.ts (endpoints, secrets, host policy), session-credentials.ts (the
 * credential owner and the Concur client), sandbox-session.ts, team-instance.ts (a shared
 * instance's parts), entity-view-pushes.ts, token-timers.ts.
 */
import type { DeskInstanceView, DeskNotice, EnvironmentKind } from '../../shared/model'
import { createNodeCronPort } from '../adapters/cron/node-cron-port'
import { DeskError } from '../core/errors/desk-error'
import { createEntitySource } from '../core/entities/entity-source'
import { createEntityStore } from '../core/entities/entity-store'
import { seedSandboxEntities } from '../core/entities/seed-sandbox-entities'
import type { DeskStorage } from '../core/desk-storage'
import type { Clock, Fetch, PushBus, SecretStore, SettingsStore } from '../core/ports'
import type { DeskSettings } from '../core/settings/desk-settings'
import type { TeamStores } from '../core/team/team-stores'
import { createDeskSync } from '../core/sync/desk-sync'
import { createTokenDesk } from '../core/tokens/token-desk'
import type { Logger } from '../logging/logger'
import { noStartTiming, type StartTiming } from '../logging/start-timing'
import { startSandbox, type Sandbox } from '../sandbox/sandbox'
import type { Handlers } from './dispatcher'
import { relayEntityViews } from './entity-view-pushes'
import { createEntitiesHandlers } from './handlers/entities-handlers'
import { createSyncHandlers } from './handlers/sync-handlers'
import type { TeamLinkChannel } from './handlers/team-link-handlers'
import { createTokensHandlers } from './handlers/tokens-handlers'
import { createSandboxSession, sandboxDeskHooks, withSandboxLearning } from './sandbox-session'
import { readSessionConnections } from './session-connections'
import { createSessionCredentials } from './session-credentials'
import { openSessionStore, resetSandboxData } from './session-store'
import type { TeamHandlers } from './team/team-desk'
import { startTeamInstanceParts, type TeamInstanceParts } from './team-instance'
import { startTokenTimers } from './token-timers'

export type SessionDeps = Readonly<{
  environment: EnvironmentKind
  /** `<data>/<environment>`: the SQLite file (by default) and logs of this environment. */
  dataDir: string
  /** The store's connection URL (postgres://… or a SQLite path); null: `<dataDir>/desk.sqlite`. */
  databaseUrl?: string | null
  /** 'shared': one of several team-desk instances on one PostgreSQL store (`--instances shared`). */
  instances?: 'solo' | 'shared'
  settings: SettingsStore<DeskSettings>
  secrets: SecretStore
  clock: Clock
  log: Logger
  fetch: Fetch
  bus: PushBus
  /** Marks the start's phases (the first session of service mode; the rest: none). */
  timing?: StartTiming
}>

/** The handlers a session answers (app info, settings, updates and the Sandbox reset are the desk's own). */
export type SessionHandlers = Omit<
  Handlers,
  | 'sandbox:reset'
  | 'app:info'
  | 'settings:get'
  | 'settings:update'
  | 'settings:set-secret'
  | 'updates:status'
  | 'updates:check'
  | 'updates:install'
  | 'settings:test-connection'
  | keyof TeamHandlers
  | TeamLinkChannel
>

/** A running environment. */
export interface Session {
  readonly handlers: SessionHandlers
  /** What opening the store did (a recovery, an import), for the UI banner. */
  readonly notices: DeskNotice[]
  readonly store: { kind: 'sqlite' | 'postgres'; location: string }
  /** This environment's users, sessions, access tokens and audit trail. */
  readonly team: TeamStores
  onResume(): void
  /** A team desk's instances on the shared store (null on a solo desk). */
  instances(): Promise<DeskInstanceView[] | null>
  /** Poll runs queued or running now (an update never installs while there are any). */
  syncsRunning(): number
  /** The entity of a request token (audit and presence), or null. */
  entityOfToken(tokenId: string): Promise<string | null>
  stop(): Promise<void>
}

/** Starts one environment's services. */
export async function buildSession(deps: SessionDeps): Promise<Session> {
  const log = deps.log.child(deps.environment)
  const timing = deps.timing ?? noStartTiming
  const shared = deps.instances === 'shared'
  if (shared && deps.environment === 'sandbox')
    throw new DeskError(
      'invalid-input',
      "Several desk instances share only a production desk: the Sandbox's simulators live inside each desk. Switch to production, or run one desk without --instances shared.",
    )
  // The owner lock comes first: nothing of the store is read or changed before it is held.
  const { storage, notices, db, location } = await openSessionStore({
    environment: deps.environment,
    dataDir: deps.dataDir,
    databaseUrl: deps.databaseUrl,
    shared,
    settings: deps.settings,
    clock: deps.clock,
    log,
  })
  timing.mark('store open (lock, check, migrations)')
  for (const n of notices) log.warn(`store: ${n.title}`, { body: n.body })
  let sandbox: Sandbox | null = null
  let team: TeamInstanceParts | null = null
  try {
    if (shared && location.kind === 'postgres')
      team = await startTeamInstanceParts({
        url: location.url,
        schema: location.schema,
        db,
        clock: deps.clock,
        log,
        bus: deps.bus,
        secrets: deps.secrets,
      })
    if (deps.environment === 'sandbox') {
      await resetSandboxData(deps.secrets, storage)
      sandbox = await startSandbox({ clock: deps.clock, log })
    }
    return await startServices(deps, log, storage, notices, sandbox, timing, team)
  } catch (err) {
    await team?.stop().catch(() => {})
    await sandbox?.stop().catch(() => {})
    await storage.close()
    throw err
  }
}

/** The services of a session over its opened store (buildSession closes the store when this fails). */
async function startServices(
  deps: SessionDeps,
  log: Logger,
  storage: DeskStorage,
  notices: DeskNotice[],
  sandbox: Sandbox | null,
  timing: StartTiming,
  team: TeamInstanceParts | null,
): Promise<Session> {
  const connections = await readSessionConnections({
    environment: deps.environment,
    settings: deps.settings,
    secrets: deps.secrets,
    sandbox,
  })
  const plainEntityStore = createEntityStore({ repo: storage.entities, clock: deps.clock })
  // In the Sandbox every entity added or edited is learned by the simulators (Concur and Faces).
  const entityStore = sandbox ? withSandboxLearning(plainEntityStore, sandbox, log) : plainEntityStore
  const entitySource = createEntitySource(entityStore)
  const credentials = createSessionCredentials({
    secrets: deps.secrets,
    storage,
    entityStore,
    entitySource,
    connections,
    team,
    clock: deps.clock,
    log,
    fetch: deps.fetch,
    bus: deps.bus,
  })
  const sync = await createDeskSync({
    clock: deps.clock,
    log,
    fetch: deps.fetch,
    storage,
    bus: deps.bus,
    cron: createNodeCronPort(),
    entities: entitySource,
    concur: credentials.concur,
    settings: () => deps.settings.read(),
    ...(team ? { team: { work: team.work, lane: team.lane, lanes: team.lanes } } : {}),
    facesHostPolicy: connections.hostPolicy,
    facesConfig: connections.facesConfig,
  })
  timing.mark('sync subsystem built (log open, retention)')
  const { owner: credentialOwner, repository } = credentials.built()
  const tokenDesk = createTokenDesk({
    clock: deps.clock,
    log,
    secrets: deps.secrets,
    settings: deps.settings,
    environment: deps.environment,
    entities: entityStore,
    tokens: storage.tokens,
    credentials: repository,
    owner: credentialOwner,
    bus: deps.bus,
    pollStatus: sync.engine,
    pollControl: sync.engine,
    ...(sandbox ? { receivedAt: (token: string) => sandbox.replies.receivedAt(token) } : {}),
  })
  if (sandbox) await seedSandboxEntities(entityStore, sandbox.companies)
  const entitiesHandlers = createEntitiesHandlers({
    entities: entityStore,
    tokenDesk,
    clock: deps.clock,
    bus: deps.bus,
    pollStatus: sync.engine,
    pollControl: sync.engine,
    intakeWindow: () => deps.settings.read().intakeWindow,
    facesPolling: (entity, active) => credentialOwner.setFacesPolling(entity, active),
  })
  const sandboxPart = createSandboxSession({
    sandbox,
    entities: entityStore,
    settings: deps.settings,
    bus: deps.bus,
    clock: deps.clock,
    log,
    desk: () =>
      sandboxDeskHooks({
        sandbox,
        tokenDesk,
        engine: sync.engine,
        owner: credentialOwner,
        entitiesHandlers,
        entityStore,
        log,
      }),
  })
  const handlers: SessionHandlers = {
    ...entitiesHandlers,
    ...createTokensHandlers({ tokenDesk }),
    ...createSyncHandlers({ engine: sync.engine, syncLog: sync.syncLog, runs: sync.runs }),
    ...sandboxPart.handlers,
  }
  timing.mark('handlers built')
  const stopRelayingRuns = relayEntityViews({ bus: deps.bus, tokenDesk, team, log })
  // The token desk's timers run on one instance of a team desk (whoever holds their lease).
  const stopTokenTimers = startTokenTimers(tokenDesk, team)
  timing.mark('token desk started')
  // Faces must hold what the keychain holds: resume every write-through a stop or a kill interrupted.
  const pending = await credentialOwner.start()
  if (pending > 0) log.info('session: resuming write-throughs to Faces', { entities: pending })
  timing.mark('credential owner started')
  await sync.engine.start('app-start')
  timing.mark('sync engine started (scheduler)')
  log.info('session: started', { environment: deps.environment })

  return {
    handlers,
    notices,
    store: { kind: storage.kind, location: storage.location },
    team: storage.team,
    onResume: () => sync.engine.onResume(),
    instances: async () => (team ? await team.registry.list() : null),
    syncsRunning: () =>
      sync.engine.runs().filter((run) => run.state === 'queued' || run.state === 'running').length,
    entityOfToken: (tokenId) => tokenDesk.entityOf(tokenId),
    async stop() {
      stopRelayingRuns()
      stopTokenTimers()
      tokenDesk.stop('session-stop')
      await credentialOwner.stop()
      await sync.stop()
      await team?.stop()
      await storage.close()
      await sandbox?.stop()
      log.info('session: stopped')
    },
  }
}

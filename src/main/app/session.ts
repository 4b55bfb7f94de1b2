/**
 * One environment's running services (Sandbox or production): the simulators when in the Sandbox,
 * the Concur connector, the token desk, the sync subsystem, and their request handlers.
 * Rebuilt by the desk when the environment, the endpoints or a connection secret change.
 */
import type { DeskInstanceView, DeskNotice, EnvironmentKind } from '../../shared/model'
import { createNodeCronPort } from '../adapters/cron/node-cron-port'
import { databaseLocation } from '../adapters/storage/db/database-location'
import { openDeskStorage } from '../adapters/storage/open-desk-storage'
import { createConcurClient, type ConcurConfig } from '../core/concur/concur-client'
import { createConcurOAuth } from '../core/concur/concur-oauth'
import { createConcurTransport } from '../core/concur/concur-transport'
import { DeskError } from '../core/errors/desk-error'
import { createEntitySource } from '../core/entities/entity-source'
import { createEntityStore } from '../core/entities/entity-store'
import { seedSandboxEntities } from '../core/entities/seed-sandbox-entities'
import type { DeskStorage } from '../core/desk-storage'
import type { Clock, Fetch, PushBus, SecretName, SecretStore, SettingsStore } from '../core/ports'
import type { DeskSettings } from '../core/settings/desk-settings'
import type { TeamStores } from '../core/team/team-stores'
import { createDeskSync } from '../core/sync/desk-sync'
import { concurGateHooks } from '../core/sync/gate-hooks'
import { toSyncLogInput } from '../core/tokens/credential-history'
import { createInProcessCredentialLock } from '../core/tokens/credential-lock'
import { createCredentialOwner, type CredentialOwner } from '../core/tokens/credential-owner'
import { createCredentialRepository, type CredentialRepository } from '../core/tokens/credential-repository'
import { createTokenDesk } from '../core/tokens/token-desk'
import { claimRetriesOn } from '../core/tokens/write-through-claim'
import type { Logger } from '../logging/logger'
import { noStartTiming, type StartTiming } from '../logging/start-timing'
import { secretRegistry } from '../logging/redact'
import { startSandbox, type Sandbox } from '../sandbox/sandbox'
import { DESK_ITSELF, type Handlers } from './dispatcher'
import type { TeamHandlers } from './team/team-desk'
import type { TeamLinkChannel } from './handlers/team-link-handlers'
import { startTeamInstanceParts, type TeamInstanceParts } from './team-instance'
import { TOKEN_TIMERS_LEASE } from '../core/team/shared-work'
import { createEntitiesHandlers } from './handlers/entities-handlers'
import { createSyncHandlers } from './handlers/sync-handlers'
import { createTokensHandlers } from './handlers/tokens-handlers'
import { addLargeSandboxEntity, createSandboxSession, withSandboxLearning } from './sandbox-session'

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

/**
 * The Sandbox starts fresh every time: its simulators live in memory, so the previous run's
 * entities, tokens and watermarks (and their keychain entries) would point at nothing. Runs only
 * after the store's owner lock is held, so it can never wipe another running desk's data.
 */
async function resetSandboxData(deps: SessionDeps, storage: DeskStorage): Promise<void> {
  const { entityIds, tokenIds } = await storage.clear()
  const stale: SecretName[] = [
    ...entityIds.map((id) => `refresh-token:${id}` as const),
    ...tokenIds.map((id) => `request-token:${id}` as const),
  ]
  await Promise.all(stale.map((name) => deps.secrets.remove(name).catch(() => {})))
}

/** Settings' credential metadata of one environment (where desks before the database kept it), by entity id. */
function legacyCredentialMeta(deps: SessionDeps) {
  const prefix = `${deps.environment}:`
  return Object.fromEntries(
    Object.entries(deps.settings.read().credentialMeta)
      .filter(([k]) => k.startsWith(prefix))
      .map(([k, v]) => [k.slice(prefix.length), v]),
  )
}

/** Empties settings' credential metadata of one environment once the store holds it. */
function dropLegacyCredentialMeta(deps: SessionDeps): void {
  const s = deps.settings.read()
  const prefix = `${deps.environment}:`
  const credentialMeta = Object.fromEntries(
    Object.entries(s.credentialMeta).filter(([k]) => !k.startsWith(prefix)),
  )
  deps.settings.write({ ...s, credentialMeta })
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
  const location = databaseLocation(deps.databaseUrl, deps.dataDir, deps.environment)
  // The owner lock comes first: nothing of the store is read or changed before it is held.
  const { storage, notices, db } = await openDeskStorage({
    location,
    ...(shared ? { instances: 'shared' as const } : {}),
    clock: deps.clock,
    log,
    legacy: {
      environmentDir: deps.dataDir,
      credentialMeta: legacyCredentialMeta(deps),
      onImported: () => dropLegacyCredentialMeta(deps),
    },
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
      await resetSandboxData(deps, storage)
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
  const production = deps.settings.read().production
  const endpoints = sandbox?.endpoints ?? production
  const clientSecret =
    sandbox?.secrets.concurClientSecret ?? (await deps.secrets.read('concur-client-secret').catch(() => null))
  const facesApiKey =
    sandbox?.secrets.facesApiKey ?? (await deps.secrets.read('faces-api-key').catch(() => null))
  secretRegistry.register(clientSecret)
  secretRegistry.register(facesApiKey)

  const concurConfig = (): ConcurConfig => {
    if (!endpoints.concurClientId || !clientSecret) {
      throw new DeskError(
        'invalid-input',
        'The Concur client ID or client secret is not set. Enter both in Settings → Production, then try again.',
      )
    }
    return {
      tokenBaseUrl: endpoints.concurTokenBaseUrl,
      clientId: endpoints.concurClientId,
      clientSecret,
      // Production sends tokens only to https Concur hosts; the Sandbox's simulators are on loopback.
      hostPolicy: deps.environment === 'sandbox' ? 'sandbox' : 'production',
    }
  }

  const plainEntityStore = createEntityStore({
    repo: storage.entities,
    clock: deps.clock,
  })
  // In the Sandbox every entity added or edited is learned by the simulators (Concur and Faces).
  const entityStore = sandbox ? withSandboxLearning(plainEntityStore, sandbox, log) : plainEntityStore
  const entitySource = createEntitySource(entityStore)
  let owner: CredentialOwner | null = null
  let credentials: CredentialRepository | null = null
  const sync = await createDeskSync({
    clock: deps.clock,
    log,
    fetch: deps.fetch,
    storage,
    bus: deps.bus,
    cron: createNodeCronPort(),
    entities: entitySource,
    concur: ({ syncLog, facesCompanyPort, gate }) => {
      // The one owner of every credential of this environment: all refreshes and exchanges go through it.
      owner = createCredentialOwner({
        oauth: createConcurOAuth(
          createConcurTransport({ fetch: deps.fetch, clock: deps.clock, log, config: concurConfig }),
        ),
        repo: (credentials = createCredentialRepository({
          secrets: deps.secrets,
          meta: storage.credentialMeta,
          history: (entry) =>
            void entityStore
              .get(entry.entityId)
              .then(
                (e) => e.name,
                () => null,
              )
              .then((name) => syncLog.append(toSyncLogInput(entry, name))),
        })),
        // A team desk's instances refresh under one lock across processes (claimRetries: one retries each write-through).
        lock: team?.lock ?? createInProcessCredentialLock(),
        faces: facesCompanyPort,
        entities: entitySource,
        clock: deps.clock,
        log,
        hostPolicy: () => (deps.environment === 'sandbox' ? 'sandbox' : 'production'),
        notify: (n) => deps.bus.emit('notify', n),
        ...(team ? { claimRetries: claimRetriesOn(team.work) } : {}),
      })
      return createConcurClient({
        fetch: deps.fetch,
        clock: deps.clock,
        log,
        config: concurConfig,
        access: owner,
        ...concurGateHooks(gate),
      })
    },
    settings: () => deps.settings.read(),
    ...(team ? { team: { work: team.work, lane: team.lane, lanes: team.lanes } } : {}),
    facesHostPolicy: () => (deps.environment === 'sandbox' ? 'sandbox' : 'production'),
    facesConfig: async () => {
      if (!endpoints.facesBaseUrl || !facesApiKey) {
        throw new DeskError(
          'invalid-input',
          'The Faces URL or API key is not set. Enter them in Settings → Production, then try again.',
        )
      }
      return { baseUrl: endpoints.facesBaseUrl, user: endpoints.facesUser, apiKey: facesApiKey }
    },
  })
  timing.mark('sync subsystem built (log open, retention)')
  if (!owner) throw new DeskError('bug', 'The credential owner was not built with the sync subsystem.')
  const credentialOwner: CredentialOwner = owner
  const tokenDesk = createTokenDesk({
    clock: deps.clock,
    log,
    secrets: deps.secrets,
    settings: deps.settings,
    environment: deps.environment,
    entities: entityStore,
    tokens: storage.tokens,
    credentials: credentials!,
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
    desk: () => ({
      hasRefreshToken: async (r) => (await tokenDesk.entityView(r)).credential.state === 'refresh-token',
      syncNow: async (entityId) => void (await sync.engine.runEntity(entityId)),
      refreshNow: async (entityId) => {
        await credentialOwner.refreshNow(entityId).catch((err: unknown) => {
          // A refused refresh is the effect itself (e.g. Faces refusing the rotation): it is on screen.
          log.info('sandbox: refresh now did not succeed', { entity: entityId, err })
        })
      },
      handOffAgain: (entityId) => tokenDesk.handOffAgain(entityId),
      addLargeEntity: async () => {
        if (!sandbox) throw new DeskError('invalid-input', 'The large entity exists only in the Sandbox.')
        return addLargeSandboxEntity(sandbox, entitiesHandlers, entityStore)
      },
      archiveEntity: async (entityId) =>
        void (await entitiesHandlers['entities:archive']({ entityId, archived: true }, DESK_ITSELF)),
    }),
  })
  const handlers: SessionHandlers = {
    ...entitiesHandlers,
    ...createTokensHandlers({ tokenDesk }),
    ...createSyncHandlers({ engine: sync.engine, syncLog: sync.syncLog, runs: sync.runs }),
    ...sandboxPart.handlers,
  }
  // The entity list shows each entity's last and next poll: refresh its view when a run ends.
  const stopRelayingRuns = deps.bus.subscribe((message) => {
    if (message.channel !== 'sync:run-updated') return
    const run = message.payload
    if (run.state === 'done' || run.state === 'failed' || run.state === 'cancelled') {
      tokenDesk
        .emitEntity(run.entityId)
        .catch((err: unknown) => log.warn('entity: view refresh failed', { err }))
    }
  })
  timing.mark('handlers built')
  // Another instance's entity changes reach this instance's browsers: re-read and pushed here.
  team?.connectBus(async (push) => {
    if (push.channel === 'entity:updated') for (const id of push.ids) await tokenDesk.emitEntity(id)
    else if (push.channel === 'entity:removed')
      for (const entityId of push.ids) deps.bus.emit('entity:removed', { entityId })
  })
  // The token desk's timers run on one instance of a team desk (whoever holds their lease).
  const timers = new AbortController()
  if (team)
    void team.work.whileHolding(TOKEN_TIMERS_LEASE, timers.signal, async (signal) => {
      tokenDesk.start('session: this instance holds the token timers')
      await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }))
      tokenDesk.stop('token timers handed over')
    })
  else tokenDesk.start('session')
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
      timers.abort()
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

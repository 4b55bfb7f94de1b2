/**
 * One environment's running services (Sandbox or production): the simulators when in the Sandbox,
 * the Concur connector, the token desk, the sync subsystem, and their request handlers.
 * Rebuilt by the desk when the environment, the endpoints or a connection secret change.
 */
import { existsSync, readFileSync } from 'node:fs'
import { mkdir, rm } from 'node:fs/promises'
import { join } from 'node:path'
import type { EnvironmentKind } from '../../shared/model'
import { createNodeCronPort } from '../adapters/cron/node-cron-port'
import { createConcurClient, type ConcurConfig } from '../core/concur/concur-client'
import { createConcurOAuth } from '../core/concur/concur-oauth'
import { createConcurTransport } from '../core/concur/concur-transport'
import { DeskError } from '../core/errors/desk-error'
import { createJsonDocumentStore } from '../core/entities/document-store'
import { emptyEntitiesDocument } from '../core/entities/entity-record'
import { createEntitySource } from '../core/entities/entity-source'
import { createEntityStore } from '../core/entities/entity-store'
import { seedSandboxEntities } from '../core/entities/seed-sandbox-entities'
import type { Clock, Fetch, PushBus, SecretName, SecretStore, SettingsStore } from '../core/ports'
import type { DeskSettings } from '../core/settings/desk-settings'
import { createDeskSync } from '../core/sync/desk-sync'
import { concurGateHooks } from '../core/sync/gate-hooks'
import { toSyncLogInput } from '../core/tokens/credential-history'
import { createInProcessCredentialLock } from '../core/tokens/credential-lock'
import { createCredentialOwner, type CredentialOwner } from '../core/tokens/credential-owner'
import { createSettingsCredentialRepository } from '../core/tokens/credential-repository'
import { createTokenDesk } from '../core/tokens/token-desk'
import { emptyTokensDocument } from '../core/tokens/token-record'
import type { Logger } from '../logging/logger'
import { secretRegistry } from '../logging/redact'
import { startSandbox, type Sandbox } from '../sandbox/sandbox'
import type { Handlers } from './dispatcher'
import { createEntitiesHandlers } from './handlers/entities-handlers'
import { createSyncHandlers } from './handlers/sync-handlers'
import { createTokensHandlers } from './handlers/tokens-handlers'
import { addLargeSandboxEntity, createSandboxSession, withSandboxLearning } from './sandbox-session'

export type SessionDeps = Readonly<{
  environment: EnvironmentKind
  dataDir: string
  settings: SettingsStore<DeskSettings>
  secrets: SecretStore
  clock: Clock
  log: Logger
  fetch: Fetch
  bus: PushBus
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
>

/** A running environment. */
export interface Session {
  readonly handlers: SessionHandlers
  onResume(): void
  /** Poll runs queued or running now (an update never installs while there are any). */
  syncsRunning(): number
  stop(): Promise<void>
}

/**
 * The Sandbox starts fresh every time: its simulators live in memory, so the previous run's
 * entities, tokens and watermarks (and their keychain entries) would point at nothing.
 */
async function resetSandboxData(deps: SessionDeps): Promise<void> {
  const stale: SecretName[] = []
  for (const [file, key, prefix] of [
    ['entities.json', 'entities', 'refresh-token'],
    ['tokens.json', 'tokens', 'request-token'],
  ] as const) {
    const path = join(deps.dataDir, file)
    if (!existsSync(path)) continue
    try {
      const doc = JSON.parse(readFileSync(path, 'utf8')) as Record<string, Array<{ id?: string }>>
      for (const item of doc[key] ?? []) if (item.id) stale.push(`${prefix}:${item.id}`)
    } catch {
      // An unreadable file is wiped below anyway.
    }
  }
  await Promise.all(stale.map((name) => deps.secrets.remove(name).catch(() => {})))
  await rm(deps.dataDir, { recursive: true, force: true })
  const s = deps.settings.read()
  const credentialMeta = Object.fromEntries(
    Object.entries(s.credentialMeta).filter(([k]) => !k.startsWith('sandbox:')),
  )
  deps.settings.write({ ...s, credentialMeta })
}

/** Starts one environment's services. */
export async function buildSession(deps: SessionDeps): Promise<Session> {
  const log = deps.log.child(deps.environment)
  let sandbox: Sandbox | null = null
  if (deps.environment === 'sandbox') {
    await resetSandboxData(deps)
    sandbox = await startSandbox({ clock: deps.clock, log })
  }
  await mkdir(deps.dataDir, { recursive: true })

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
    repo: createJsonDocumentStore(deps.dataDir, 'entities.json', emptyEntitiesDocument),
    clock: deps.clock,
  })
  // In the Sandbox every entity added or edited is learned by the simulators (Concur and Faces).
  const entityStore = sandbox ? withSandboxLearning(plainEntityStore, sandbox, log) : plainEntityStore
  const entitySource = createEntitySource(entityStore)
  let owner: CredentialOwner | null = null
  const sync = await createDeskSync({
    clock: deps.clock,
    log,
    fetch: deps.fetch,
    dataDir: deps.dataDir,
    bus: deps.bus,
    cron: createNodeCronPort(),
    entities: entitySource,
    concur: ({ syncLog, facesCompanyPort, gate }) => {
      // The one owner of every credential of this environment: all refreshes and exchanges go through it.
      owner = createCredentialOwner({
        oauth: createConcurOAuth(
          createConcurTransport({ fetch: deps.fetch, clock: deps.clock, log, config: concurConfig }),
        ),
        repo: createSettingsCredentialRepository({
          secrets: deps.secrets,
          settings: deps.settings,
          environment: deps.environment,
          history: (entry) =>
            void entityStore
              .get(entry.entityId)
              .then(
                (e) => e.name,
                () => null,
              )
              .then((name) => syncLog.append(toSyncLogInput(entry, name))),
        }),
        lock: createInProcessCredentialLock(),
        faces: facesCompanyPort,
        entities: entitySource,
        clock: deps.clock,
        log,
        hostPolicy: () => (deps.environment === 'sandbox' ? 'sandbox' : 'production'),
        notify: (n) => deps.bus.emit('notify', n),
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
  if (!owner) throw new DeskError('bug', 'The credential owner was not built with the sync subsystem.')
  const credentialOwner: CredentialOwner = owner
  const tokenDesk = createTokenDesk({
    clock: deps.clock,
    log,
    secrets: deps.secrets,
    settings: deps.settings,
    environment: deps.environment,
    entities: entityStore,
    tokens: createJsonDocumentStore(deps.dataDir, 'tokens.json', emptyTokensDocument),
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
        void (await entitiesHandlers['entities:archive']({ entityId, archived: true })),
    }),
  })
  const handlers: SessionHandlers = {
    ...entitiesHandlers,
    ...createTokensHandlers({ tokenDesk }),
    ...createSyncHandlers({ engine: sync.engine, syncLog: sync.syncLog }),
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

  tokenDesk.start('session')
  // Faces must hold what the keychain holds: resume every write-through a stop or a kill interrupted.
  const pending = await credentialOwner.start()
  if (pending > 0) log.info('session: resuming write-throughs to Faces', { entities: pending })
  await sync.engine.start('app-start')
  log.info('session: started', { environment: deps.environment })

  return {
    handlers,
    onResume: () => sync.engine.onResume(),
    syncsRunning: () =>
      sync.engine.runs().filter((run) => run.state === 'queued' || run.state === 'running').length,
    async stop() {
      stopRelayingRuns()
      tokenDesk.stop('session-stop')
      await credentialOwner.stop()
      await sync.stop()
      await sandbox?.stop()
      log.info('session: stopped')
    },
  }
}

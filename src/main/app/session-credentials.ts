/**
 * The one credential owner of a session's environment and the Concur client over it: every refresh
 * and exchange goes through the owner, which writes each rotation through to the Faces company
 * profile. Built inside the sync subsystem (the owner needs its Faces port and sync log); on a team
 * desk under the lock across instances, with one instance retrying each write-through.
 */
import { createConcurClient } from '../core/concur/concur-client'
import { createConcurOAuth } from '../core/concur/concur-oauth'
import { createConcurTransport } from '../core/concur/concur-transport'
import type { DeskStorage } from '../core/desk-storage'
import type { EntitySource } from '../core/entities/entity-source'
import type { EntityStore } from '../core/entities/entity-store'
import { DeskError } from '../core/errors/desk-error'
import type { Clock, Fetch, PushBus, SecretStore } from '../core/ports'
import type { DeskSyncDeps } from '../core/sync/desk-sync'
import { concurGateHooks } from '../core/sync/gate-hooks'
import { toSyncLogInput } from '../core/tokens/credential-history'
import { createInProcessCredentialLock } from '../core/tokens/credential-lock'
import { createCredentialOwner, type CredentialOwner } from '../core/tokens/credential-owner'
import { createCredentialRepository, type CredentialRepository } from '../core/tokens/credential-repository'
import { claimRetriesOn } from '../core/tokens/write-through-claim'
import type { Logger } from '../logging/logger'
import type { SessionConnections } from './session-connections'
import type { TeamInstanceParts } from './team-instance'

/** What the credential wiring needs from the session. */
export type SessionCredentialsDeps = Readonly<{
  secrets: SecretStore
  storage: Pick<DeskStorage, 'credentialMeta'>
  /** The session's entity store: the credential history names each entity. */
  entityStore: EntityStore
  entitySource: EntitySource
  connections: SessionConnections
  /** A team desk's instance parts (null on a solo desk). */
  team: Pick<TeamInstanceParts, 'lock' | 'work'> | null
  clock: Clock
  log: Logger
  fetch: Fetch
  bus: PushBus
}>

/** The owner's wiring: `concur` for createDeskSync, `built()` once it ran. */
export type SessionCredentials = {
  readonly concur: DeskSyncDeps['concur']
  /** The owner and its repository (a bug when the sync subsystem did not build them). */
  built(): { owner: CredentialOwner; repository: CredentialRepository }
}

/** Wires the credential owner and the Concur client for the sync subsystem to build. */
export function createSessionCredentials(deps: SessionCredentialsDeps): SessionCredentials {
  const { clock, log, fetch, team } = deps
  let owner: CredentialOwner | null = null
  let repository: CredentialRepository | null = null
  return {
    concur: ({ syncLog, facesCompanyPort, gate }) => {
      // The one owner of every credential of this environment: all refreshes and exchanges go through it.
      owner = createCredentialOwner({
        oauth: createConcurOAuth(
          createConcurTransport({ fetch, clock, log, config: deps.connections.concurConfig }),
        ),
        repo: (repository = createCredentialRepository({
          secrets: deps.secrets,
          meta: deps.storage.credentialMeta,
          history: (entry) =>
            void deps.entityStore
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
        entities: deps.entitySource,
        clock,
        log,
        hostPolicy: deps.connections.hostPolicy,
        notify: (n) => deps.bus.emit('notify', n),
        ...(team ? { claimRetries: claimRetriesOn(team.work) } : {}),
      })
      return createConcurClient({
        fetch,
        clock,
        log,
        config: deps.connections.concurConfig,
        access: owner,
        ...concurGateHooks(gate),
      })
    },
    built() {
      if (!owner || !repository)
        throw new DeskError('bug', 'The credential owner was not built with the sync subsystem.')
      return { owner, repository }
    },
  }
}

/**
 * Where one session's calls go and with what: the Sandbox's simulators and their own secrets, or
 * production's endpoints from settings and its secrets from the SecretStore (read once per session:
 * a changed secret rebuilds the session), registered for redaction; which hosts each may reach.
 */
import type { EnvironmentKind } from '../../shared/model'
import type { ConcurConfig } from '../core/concur/concur-client'
import type { HostPolicy } from '../core/concur/geolocation-policy'
import { DeskError } from '../core/errors/desk-error'
import type { FacesConfig } from '../core/faces/faces-client'
import type { SecretStore, SettingsStore } from '../core/ports'
import type { DeskSettings } from '../core/settings/desk-settings'
import { secretRegistry } from '../logging/redact'
import type { Sandbox } from '../sandbox/sandbox'

/** A session's connection settings, asked for at each use (a missing one is a clear error then). */
export type SessionConnections = Readonly<{
  concurConfig: () => ConcurConfig
  facesConfig: () => Promise<FacesConfig>
  /** Production sends secrets only to https hosts; the Sandbox's simulators are on loopback. */
  hostPolicy: () => HostPolicy
}>

/** Reads the endpoints and secrets of a session (the Sandbox's when `sandbox` runs). */
export async function readSessionConnections(deps: {
  environment: EnvironmentKind
  settings: SettingsStore<DeskSettings>
  secrets: SecretStore
  sandbox: Sandbox | null
}): Promise<SessionConnections> {
  const { sandbox } = deps
  const production = deps.settings.read().production
  const endpoints = sandbox?.endpoints ?? production
  const clientSecret =
    sandbox?.secrets.concurClientSecret ?? (await deps.secrets.read('concur-client-secret').catch(() => null))
  const facesApiKey =
    sandbox?.secrets.facesApiKey ?? (await deps.secrets.read('faces-api-key').catch(() => null))
  secretRegistry.register(clientSecret)
  secretRegistry.register(facesApiKey)
  const hostPolicy = (): HostPolicy => (deps.environment === 'sandbox' ? 'sandbox' : 'production')

  return {
    concurConfig: () => {
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
        hostPolicy: hostPolicy(),
      }
    },
    facesConfig: async () => {
      if (!endpoints.facesBaseUrl || !facesApiKey) {
        throw new DeskError(
          'invalid-input',
          'The Faces URL or API key is not set. Enter them in Settings → Production, then try again.',
        )
      }
      return { baseUrl: endpoints.facesBaseUrl, user: endpoints.facesUser, apiKey: facesApiKey }
    },
    hostPolicy,
  }
}

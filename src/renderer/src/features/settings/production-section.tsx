/** Settings → Production connection: Concur and Faces endpoints, their secrets, and the connection test. */
import type { ReactNode } from 'react'
import type { SettingsView } from '../../../../shared/model'
import { Field } from '../../lib/field'
import { ConnectionTestPanel } from './connection-test-panel'
import type { DraftSectionProps } from './settings-draft'
import { SecretField } from './settings-fields'

/** The production connection's fields; `stored` says which secrets the keychain already holds. */
export function ProductionSection({
  draft,
  set,
  err,
  stored,
}: DraftSectionProps & { stored: SettingsView['production'] }): ReactNode {
  return (
    <fieldset>
      <legend>Production connection</legend>
      <Field
        id="concur-url"
        label="Concur token base URL"
        value={draft.concurTokenBaseUrl}
        onChange={(v) => set({ concurTokenBaseUrl: v })}
        error={err('production.concurTokenBaseUrl')}
        hint="e.g. https://us.api.concursolutions.com"
      />
      <Field
        id="concur-client"
        label="Concur client ID"
        value={draft.concurClientId}
        onChange={(v) => set({ concurClientId: v })}
        error={err('production.concurClientId')}
      />
      <SecretField
        name="concur-client-secret"
        label="Concur client secret"
        isStored={stored.hasConcurClientSecret}
      />
      <Field
        id="faces-url"
        label="Faces URL"
        value={draft.facesBaseUrl}
        onChange={(v) => set({ facesBaseUrl: v })}
        error={err('production.facesBaseUrl')}
      />
      <Field
        id="faces-user"
        label="Faces user"
        value={draft.facesUser}
        onChange={(v) => set({ facesUser: v })}
        error={err('production.facesUser')}
      />
      <SecretField name="faces-api-key" label="Faces API key" isStored={stored.hasFacesApiKey} />
      <ConnectionTestPanel />
    </fieldset>
  )
}

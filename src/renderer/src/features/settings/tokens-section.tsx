/** Settings → Tokens and travellers: the request-token lifetime, login-id changes, the paste screen's default. */
import type { ReactNode } from 'react'
import {
  DEFAULT_REQUEST_TOKEN_LIFETIME_HOURS,
  requestTokenLifetimeText,
} from '../../../../shared/intake/intake-defaults'
import { Field } from '../../lib/field'
import type { Draft, DraftSectionProps } from './settings-draft'

/** The lifetime sentence for the hours in the field (the default while the field is not a number). */
function lifetimeHint(draft: string): string {
  const hours = Number(draft)
  return requestTokenLifetimeText(
    draft.trim() !== '' && Number.isFinite(hours) && hours > 0 ? hours : DEFAULT_REQUEST_TOKEN_LIFETIME_HOURS,
  )
}

/** The token and traveller fields. */
export function TokensSection({ draft, set, err }: DraftSectionProps): ReactNode {
  return (
    <fieldset>
      <legend>Tokens and travellers</legend>
      <Field
        id="lifetime"
        label="Request token lifetime (hours)"
        type="number"
        value={draft.requestTokenLifetimeHours}
        onChange={(v) => set({ requestTokenLifetimeHours: v })}
        error={err('requestTokenLifetimeHours')}
        hint={lifetimeHint(draft.requestTokenLifetimeHours)}
      />
      <div className="field">
        <label htmlFor="login-policy">When a traveller's login id changes</label>
        <select
          id="login-policy"
          value={draft.loginIdChangePolicy}
          onChange={(e) => set({ loginIdChangePolicy: e.target.value as Draft['loginIdChangePolicy'] })}
        >
          <option value="update-existing">Update the existing Faces profile</option>
          <option value="flag-only">Only flag it for review</option>
        </select>
      </div>
      <div className="field">
        <label>
          <input
            type="checkbox"
            checked={draft.exchangeLaterByDefault}
            onChange={(e) => set({ exchangeLaterByDefault: e.target.checked })}
          />{' '}
          Paste tokens: "Exchange later" is ticked by default (submitted tokens wait on Today)
        </label>
      </div>
    </fieldset>
  )
}

/**
 * Paste request tokens: a large text area, a live preview of each parsed block with its field
 * errors inline, and a submit that exchanges the tokens with visible per-token progress.
 */
import type { ReactNode } from 'react'
import {
  DEFAULT_REQUEST_TOKEN_LIFETIME_HOURS,
  requestTokenLifetimeText,
} from '../../../../shared/intake/intake-defaults'
import type { TokenView } from '../../../../shared/model'
import { Countdown } from '../../lib/countdown'
import { problemText } from '../../lib/problem-text'
import { Empty, Loading, ProblemBox } from '../../lib/ui'
import { useNavStore } from '../app/nav-store'
import { useEntitiesStore } from '../entities/entities-store'
import { useSettingsStore } from '../settings/settings-store'
import { usePasteStore } from './paste-store'
import { PreviewBlock } from './preview-block'
import { TokenVerdictLine } from './token-verdict'
import { useTokensStore } from './tokens-store'

const STATE_LABEL: Record<TokenView['state'], string> = {
  pending: 'Waiting to exchange',
  exchanging: 'Exchanging with Concur…',
  exchanged: 'Exchanged: refresh token stored',
  failed: 'Exchange failed',
  expired: 'Expired',
}

/** Live progress of one submitted token, from 'token:updated' pushes. */
function SubmittedToken(props: { tokenId: string }): ReactNode {
  const t = useTokensStore((s) => s.byId[props.tokenId])
  const entityName = useEntitiesStore((s) => (t ? s.byId[t.entityId]?.name : undefined))
  const go = useNavStore((s) => s.go)
  if (!t) return null
  const step = t.state === 'pending' ? 0.2 : t.state === 'exchanging' ? 0.6 : 1
  return (
    <li className="submitted">
      <div className="row spread">
        <span>
          {entityName ? <strong>{entityName}</strong> : null} <span className="mono">{t.outtaskId}</span>{' '}
          <span className="mono muted">{t.tokenPreview}</span>
        </span>
        <span
          className={`badge ${t.state === 'exchanged' ? 'ok' : t.state === 'failed' || t.state === 'expired' ? 'bad' : 'info'}`}
          role="status"
        >
          {STATE_LABEL[t.state]}
        </span>
      </div>
      <progress max={1} value={step} aria-label={`Exchange of the token for ${t.outtaskId}`} />
      {t.state === 'pending' ? (
        <Countdown targetMs={t.expiresAtMs} warnBelowMs={7_200_000} label="expires in" />
      ) : null}
      {t.state === 'pending' || t.state === 'failed' ? (
        <TokenVerdictLine token={t} entityId={t.entityId} entityName={entityName ?? t.outtaskId} />
      ) : null}
      {t.problem ? <p className="inline-error">{problemText(t.problem)}</p> : null}
      <button type="button" className="link" onClick={() => go({ screen: 'entity', entityId: t.entityId })}>
        Open {entityName ?? 'entity'}
      </button>
    </li>
  )
}

/** The paste-tokens screen. */
export function PasteTokensScreen(): ReactNode {
  const text = usePasteStore((s) => s.text)
  const preview = usePasteStore((s) => s.preview)
  const submit = usePasteStore((s) => s.submit)
  const createUnknown = usePasteStore((s) => s.createUnknown)
  const { setText, setCreateUnknown, submitTokens, clear } = usePasteStore.getState()
  const lifetimeHours = useSettingsStore(
    (s) => s.settings?.requestTokenLifetimeHours ?? DEFAULT_REQUEST_TOKEN_LIFETIME_HOURS,
  )
  const blocks = preview.status === 'ready' ? preview.blocks : []
  const takeable = blocks.filter(
    (b) => b.isValid && !b.isDuplicate && (b.match.kind === 'known' || createUnknown),
  )

  return (
    <section className="screen" aria-labelledby="paste-title">
      <h1 id="paste-title">Paste request tokens</h1>
      <p className="muted lifetime-rule">{requestTokenLifetimeText(lifetimeHours)}</p>
      <div className="paste-layout">
        <div className="paste-input">
          <label htmlFor="paste-text">
            Paste the text from the Concur case or e-mail (several tokens at once are fine)
          </label>
          <textarea
            id="paste-text"
            className="mono"
            rows={18}
            value={text}
            spellCheck={false}
            autoComplete="off"
            onChange={(e) => setText(e.target.value)}
            placeholder={
              'Entity/Outtask ID: 110034\nClient_UUID: 79840cd9-5989-4675-a254-3cdd0deeb178\nRequest_Token: at-…'
            }
          />
          <label>
            <input
              type="checkbox"
              checked={createUnknown}
              onChange={(e) => setCreateUnknown(e.target.checked)}
            />{' '}
            Create entities for unknown Outtask IDs (edit their names later)
          </label>
          <div className="row">
            <button
              type="button"
              className="primary"
              disabled={takeable.length === 0 || submit.status === 'sending'}
              onClick={() => void submitTokens()}
            >
              {submit.status === 'sending'
                ? 'Submitting…'
                : `Submit and exchange ${takeable.length || ''} token${takeable.length === 1 ? '' : 's'}`}
            </button>
            <button type="button" onClick={clear} disabled={!text}>
              Clear
            </button>
          </div>
        </div>
        <div className="paste-preview" aria-live="polite" aria-labelledby="preview-title">
          <h2 id="preview-title">Preview</h2>
          {preview.status === 'empty' ? (
            <Empty>
              Paste text on the left; each token block found appears here with anything that needs fixing.
            </Empty>
          ) : preview.status === 'loading' ? (
            <Loading label="Reading the pasted text…" />
          ) : preview.status === 'failed' ? (
            <ProblemBox problem={preview.problem} title="Could not read the pasted text" />
          ) : blocks.length === 0 ? (
            <Empty>
              No token block found. A block needs an Entity/Outtask ID, a Company UUID and a Request token.
            </Empty>
          ) : (
            <ol className="preview-list">
              {blocks.map((b) => (
                <PreviewBlock key={b.index} block={b} createUnknown={createUnknown} />
              ))}
            </ol>
          )}
        </div>
      </div>
      {submit.status === 'failed' ? (
        <ProblemBox problem={submit.problem} title="The tokens were not submitted" />
      ) : null}
      {submit.status === 'done' ? (
        <section className="panel wide" aria-labelledby="submitted-title">
          <h2 id="submitted-title">Submitted</h2>
          <p role="status">
            {submit.result.accepted.length} accepted, {submit.result.rejected.length} rejected
            {submit.result.createdEntities.length
              ? `, ${submit.result.createdEntities.length} entities created`
              : ''}
            .
          </p>
          <ul className="submitted-list">
            {submit.result.accepted.map((t) => (
              <SubmittedToken key={t.id} tokenId={t.id} />
            ))}
          </ul>
          {submit.result.rejected.length ? (
            <>
              <h3>Not taken</h3>
              <ol className="preview-list">
                {submit.result.rejected.map((b) => (
                  <PreviewBlock key={b.index} block={b} createUnknown={createUnknown} />
                ))}
              </ol>
            </>
          ) : null}
        </section>
      ) : null}
    </section>
  )
}

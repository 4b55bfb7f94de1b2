/**
 * Paste request tokens: a large text area, a live preview of each parsed block with its field
 * errors inline, the two choices (create unknown entities; exchange now or later), and a submit
 * whose result tells the truth: per token, what happened step by step (exchanged, handed to
 * Faces, polling on, first sync), failures as failures with the next step.
 */
import { useEffect, useRef, type ReactNode } from 'react'
import { useShallow } from 'zustand/react/shallow'
import {
  DEFAULT_REQUEST_TOKEN_LIFETIME_HOURS,
  requestTokenLifetimeText,
} from '../../../../shared/intake/intake-defaults'
import type { EntityView } from '../../../../shared/model'
import { Empty, Loading, ProblemBox } from '../../lib/ui'
import { ReasonButton } from '../../lib/reason-button'
import { useAppStore } from '../app/app-store'
import { useNavStore } from '../app/nav-store'
import { useSettingsStore } from '../settings/settings-store'
import { usePasteStore } from './paste-store'
import { submitBlocker, takeableBlocks } from './paste-model'
import { PreviewBlock } from './preview-block'
import { submitSummary } from './submit-outcome'
import { SubmittedToken } from './submitted-token'
import { useTokensStore } from './tokens-store'
import { useNowBucket } from '../../lib/now-store'
import './paste-screen.css'

/** What became of an entity created from the paste, and what to do about its Faces company. */
function CreatedEntity(props: { entity: EntityView }): ReactNode {
  const go = useNavStore((s) => s.go)
  const isSandbox = useAppStore((s) => s.info.status === 'ready' && s.info.value.environment === 'sandbox')
  const e = props.entity
  return (
    <li className="created-entity">
      Created <strong>{e.name}</strong> (<span className="mono">{e.outtaskId}</span>):{' '}
      {e.facesCompanyId
        ? isSandbox
          ? `Faces company ${e.facesCompanyId}, created in the Sandbox's Faces. Give the entity its real name when you know it.`
          : `Faces company ${e.facesCompanyId}.`
        : 'no Faces company yet, so the refresh token waits in the keychain until you set one.'}{' '}
      <button type="button" className="link" onClick={() => go({ screen: 'entity', entityId: e.id })}>
        {e.facesCompanyId ? `Open ${e.name}` : `Set the Faces company of ${e.name}`}
      </button>
    </li>
  )
}

/** The outcome of the last submit, live. */
function SubmitResult(): ReactNode {
  const submit = usePasteStore((s) => s.submit)
  const nowMs = useNowBucket(1_000)
  const ids = submit.status === 'done' ? submit.result.accepted.map((t) => t.id) : []
  const tokens = useTokensStore(useShallow((s) => ids.map((id) => s.byId[id]).filter((t) => t !== undefined)))
  const headingRef = useRef<HTMLHeadingElement>(null)
  const isDone = submit.status === 'done'
  // Focus moves to the result, so keyboard and screen-reader users land where the news is.
  useEffect(() => {
    if (isDone) headingRef.current?.focus()
  }, [isDone])
  if (submit.status !== 'done') return null
  const r = submit.result
  return (
    <section className="panel wide" aria-labelledby="submitted-title">
      <h2 id="submitted-title" tabIndex={-1} ref={headingRef}>
        Submitted
      </h2>
      <p role="status">
        {submitSummary(
          tokens,
          {
            rejected: r.rejected.length,
            skipped: r.skipped.length,
            createdEntities: r.createdEntities.length,
          },
          nowMs,
        )}
      </p>
      {r.createdEntities.length ? (
        <ul className="created-list">
          {r.createdEntities.map((e) => (
            <CreatedEntity key={e.id} entity={e} />
          ))}
        </ul>
      ) : null}
      <ul className="submitted-list">
        {r.accepted.map((t) => (
          <SubmittedToken key={t.id} tokenId={t.id} isExchangeLater={submit.isExchangeLater} />
        ))}
      </ul>
      {r.skipped.length ? (
        <>
          <h3>Already known (nothing to do)</h3>
          <ol className="preview-list">
            {r.skipped.map((b) => (
              <PreviewBlock key={b.index} block={b} createUnknown={false} />
            ))}
          </ol>
        </>
      ) : null}
      {r.rejected.length ? (
        <>
          <h3>Not taken: needs fixing</h3>
          <ol className="preview-list">
            {r.rejected.map((b) => (
              <PreviewBlock key={b.index} block={b} createUnknown={false} />
            ))}
          </ol>
        </>
      ) : null}
    </section>
  )
}

/** The paste-tokens screen. */
export function PasteTokensScreen(): ReactNode {
  const text = usePasteStore((s) => s.text)
  const preview = usePasteStore((s) => s.preview)
  const submit = usePasteStore((s) => s.submit)
  const createUnknown = usePasteStore((s) => s.createUnknown)
  const exchangeChoice = usePasteStore((s) => s.exchangeLater)
  const settingsDefault = useSettingsStore((s) => s.settings?.exchangeLaterByDefault ?? false)
  const { setText, setCreateUnknown, setExchangeLater, submitTokens, runPreview, clear } =
    usePasteStore.getState()
  const lifetimeHours = useSettingsStore(
    (s) => s.settings?.requestTokenLifetimeHours ?? DEFAULT_REQUEST_TOKEN_LIFETIME_HOURS,
  )
  const isExchangeLater = exchangeChoice ?? settingsDefault
  const blocks = preview.status === 'ready' ? preview.blocks : []
  const takeable = takeableBlocks(blocks, createUnknown)
  const blocker = submitBlocker(preview, createUnknown, submit.status === 'sending')
  const n = takeable.length
  const tokensWord = `${n || ''} token${n === 1 ? '' : 's'}`.trim()

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
            onKeyDown={(e) => {
              // Ctrl+Enter (⌘+Enter) submits from the text area, as in a mail client.
              if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && !blocker) {
                e.preventDefault()
                void submitTokens()
              }
            }}
            placeholder={
              'Entity/Outtask ID: 110034\nClient_UUID: 79840cd9-5989-4675-a254-3cdd0deeb178\nRequest_Token: at-…'
            }
          />
          <div className="paste-options">
            <label>
              <input
                type="checkbox"
                checked={createUnknown}
                onChange={(e) => setCreateUnknown(e.target.checked)}
              />{' '}
              Create entities for unknown Outtask IDs (edit their names later; remembered on this computer)
            </label>
            <label>
              <input
                type="checkbox"
                checked={isExchangeLater}
                onChange={(e) => setExchangeLater(e.target.checked)}
              />{' '}
              Exchange later: keep the tokens pending on Today{' '}
              <span className="muted">(default in Settings)</span>
            </label>
          </div>
          <div className="row">
            <ReasonButton
              id="paste-submit"
              className="primary"
              data-shortcut="submit"
              blockedReason={blocker}
              showReason
              onClick={() => void submitTokens()}
              aria-keyshortcuts="Control+Enter"
            >
              {submit.status === 'sending'
                ? 'Submitting…'
                : isExchangeLater
                  ? `Submit ${tokensWord} (exchange later)`
                  : `Submit and exchange ${tokensWord}`}
            </ReasonButton>
            <ReasonButton onClick={clear} blockedReason={text ? null : 'Nothing to clear.'}>
              Clear
            </ReasonButton>
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
                <PreviewBlock
                  key={b.index}
                  block={b}
                  createUnknown={createUnknown}
                  onEntityAdded={() => {
                    void runPreview()
                    // The form is gone: focus goes on to the next step, the submit.
                    document.getElementById('paste-submit')?.focus()
                  }}
                />
              ))}
            </ol>
          )}
        </div>
      </div>
      {submit.status === 'failed' ? (
        <ProblemBox problem={submit.problem} title="The tokens were not submitted" />
      ) : null}
      <SubmitResult />
    </section>
  )
}

/**
 * What happened to a submitted token, step by step, from the live token, entity and run views:
 * received → exchanged with Concur → handed to the Faces company → polling on → first sync. A
 * failure is a failed step with its reason, never "accepted" under a full bar; a success says what
 * happened next. The summary line counts what really happened, not what was sent.
 */
import type { EntityView, SyncRunView, TokenView } from '../../../../shared/model'
import { tokenStatus } from './token-status'

/** One step of a submitted token. */
export type OutcomeStep = {
  id: 'exchange' | 'faces' | 'polling' | 'first-sync'
  state: 'done' | 'running' | 'waiting' | 'failed' | 'skipped'
  text: string
}

/** Inputs of the steps of one token. */
export type OutcomeInput = {
  token: TokenView
  entity: EntityView | undefined
  /** Runs of the token's entity (any order). */
  runs: readonly SyncRunView[]
  /** Submitted with "exchange later". */
  isExchangeLater: boolean
  nowMs: number
  /** `HH:MM` of an instant, in the business zone. */
  clock: (ms: number) => string
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`
}

/** The first run of the entity after the exchange (the first sync, or a renewal's next poll). */
function firstRunAfter(runs: readonly SyncRunView[], sinceMs: number): SyncRunView | undefined {
  return [...runs]
    .filter((r) => r.startedAtMs >= sinceMs - 1_000 && r.kind !== 'traveller')
    .sort((a, b) => a.startedAtMs - b.startedAtMs)[0]
}

function syncStep(run: SyncRunView | undefined, what: string): OutcomeStep {
  if (!run) return { id: 'first-sync', state: 'waiting', text: `${what}: starts in a moment.` }
  if (run.state === 'queued') return { id: 'first-sync', state: 'waiting', text: `${what}: queued.` }
  if (run.state === 'running')
    return {
      id: 'first-sync',
      state: 'running',
      text:
        run.profilesTotal === null
          ? `${what}: reading the changed profiles from Concur…`
          : `${what}: ${run.profilesDone.toLocaleString('en-GB')} of ${plural(run.profilesTotal, 'profile')} read.`,
    }
  if (run.state === 'done')
    return {
      id: 'first-sync',
      state: run.failed > 0 ? 'failed' : 'done',
      text:
        run.failed > 0
          ? `${what}: ${plural(run.profilesDone, 'traveller')} synced, ${plural(run.failed, 'failure')} (the entity's runs and log say which).`
          : `${what}: ${plural(run.profilesDone, 'traveller')} synced from Concur to Faces.`,
    }
  return {
    id: 'first-sync',
    state: 'failed',
    text:
      run.state === 'cancelled'
        ? `${what}: cancelled.`
        : `${what} failed: the entity's runs and log say why; the next poll tries again.`,
  }
}

/** The steps of one submitted token. */
export function outcomeSteps(input: OutcomeInput): OutcomeStep[] {
  const { token: t, entity, clock } = input
  const status = tokenStatus(t, input.nowMs)
  const facesCompany = entity?.facesCompanyId ?? ''
  const exchange: OutcomeStep =
    t.state === 'exchanged'
      ? {
          id: 'exchange',
          state: 'done',
          text: `Exchanged with Concur${t.exchangedAtMs ? ` at ${clock(t.exchangedAtMs)}` : ''}: the refresh token is in the keychain.`,
        }
      : t.state === 'exchanging'
        ? { id: 'exchange', state: 'running', text: 'Exchanging with Concur…' }
        : t.state === 'pending'
          ? {
              id: 'exchange',
              state: 'waiting',
              text: input.isExchangeLater
                ? 'Waiting on Today: exchange it there before it expires.'
                : 'Waiting to be exchanged…',
            }
          : { id: 'exchange', state: 'failed', text: `${status.label}. ${status.nextStep ?? ''}`.trim() }
  if (exchange.state !== 'done') return [exchange]

  const company = facesCompany ? `Faces company ${facesCompany}` : 'the Faces company'
  // An entity not loaded yet is not "an entity without a Faces company": the hand-off decides.
  const faces: OutcomeStep =
    entity && !facesCompany
      ? {
          id: 'faces',
          state: 'failed',
          text: 'Not handed to Faces: the entity has no Faces company. Set it on the entity; the desk then hands the token over.',
        }
      : t.handOff === null
        ? { id: 'faces', state: 'running', text: `Handing it to ${company}…` }
        : t.handOff.doneAtMs !== null
          ? {
              id: 'faces',
              state: 'done',
              text: `Handed to ${company} at ${clock(t.handOff.doneAtMs)}.`,
            }
          : {
              id: 'faces',
              state: 'failed',
              text: `${company.charAt(0).toUpperCase()}${company.slice(1)} has not taken it yet; the desk keeps retrying ("Exchange again" retries now).`,
            }
  if (faces.state !== 'done') return [exchange, faces]

  if (!entity?.polling.active)
    return [
      exchange,
      faces,
      {
        id: 'polling',
        state: 'skipped',
        text: 'Polling is off for this entity: switch it on on the entity page to sync.',
      },
    ]
  const polling: OutcomeStep = {
    id: 'polling',
    state: 'done',
    text: 'Polling on: Concur → Faces every 15 minutes (:05, :20, :35, :50), Faces → Concur at once.',
  }
  const sinceMs = t.exchangedAtMs ?? t.receivedAtMs
  // A renewal of an entity that was already polling: its next poll, not a first sync.
  const activatedAtMs = entity.checklist.find((c) => c.step === 'interface-and-polling-active')?.doneAtMs
  const isRenewal = activatedAtMs != null && activatedAtMs < sinceMs - 1_000
  return [
    exchange,
    faces,
    polling,
    syncStep(firstRunAfter(input.runs, sinceMs), isRenewal ? 'Next poll' : 'First sync'),
  ]
}

/** One line over all tokens of a submit: what happened, counted from the live views. */
export function submitSummary(
  tokens: readonly TokenView[],
  counts: { rejected: number; skipped: number; createdEntities: number },
  nowMs: number,
): string {
  const kinds = tokens.map((t) => tokenStatus(t, nowMs).kind)
  const n = (k: string) => kinds.filter((x) => x === k).length
  const parts: string[] = []
  const exchanged = n('exchanged') + n('hand-off-waiting')
  if (exchanged) parts.push(`${exchanged} exchanged`)
  if (n('exchanging')) parts.push(`${n('exchanging')} being exchanged`)
  if (n('waiting')) parts.push(`${n('waiting')} waiting on Today`)
  const failed = n('retryable') + n('rejected') + n('expired') + n('paste-again')
  if (failed) parts.push(`${failed} failed (see below)`)
  const head = tokens.length
    ? `${plural(tokens.length, 'token')} taken in: ${parts.join(', ')}.`
    : 'No token was taken in.'
  const tail = [
    counts.createdEntities ? `${plural(counts.createdEntities, 'entity', 'entities')} created.` : '',
    counts.skipped ? `${plural(counts.skipped, 'token')} already known: nothing to do.` : '',
    counts.rejected ? `${plural(counts.rejected, 'block')} not taken (needs fixing).` : '',
  ]
  return [head, ...tail].filter(Boolean).join(' ')
}

/**
 * The request tokens' metadata with its in-memory copy, serialised changes (each persisting the
 * records it changed through the TokenRepository port) and the UI view of a token. Shared by the token desk (intake, exchange) and the
 * hand-off (which records the outcome of writing the credential through to Faces on the token).
 */
import type { TokenView } from '../../../shared/model'
import type { PushPayloads } from '../../../shared/contract'
import { DeskError } from '../errors/desk-error'
import { tokenRecordSchema, type TokenRecord, type TokensDocument } from './token-record'
import type { TokenRepository } from './token-repository'

/** The token book. */
export type TokenBook = {
  loaded: () => Promise<TokensDocument>
  mutate: <T>(fn: (d: TokensDocument) => T) => Promise<T>
  find: (d: TokensDocument, tokenId: string) => TokenRecord
  /** Changes one token, saves, and pushes 'token:updated'. */
  update: (tokenId: string, change: (t: TokenRecord) => void) => Promise<TokenRecord>
  /** Pushes 'token:updated' for a token. */
  announce: (t: TokenRecord) => void
  view: (t: TokenRecord) => TokenView
}

/** Creates the book over the token rows. */
export function createTokenBook(deps: {
  tokens: TokenRepository
  bus: { emit(channel: 'token:updated', payload: PushPayloads['token:updated']): void }
}): TokenBook {
  let doc: TokensDocument | null = null
  let lock: Promise<unknown> = Promise.resolve()

  async function loaded(): Promise<TokensDocument> {
    if (!doc) {
      const parsed: TokensDocument = {
        tokens: (await deps.tokens.loadAll())
          .map((t) => tokenRecordSchema.parse(t))
          .sort((a, b) => a.receivedAtMs - b.receivedAtMs || a.id.localeCompare(b.id)),
      }
      // An exchange cannot survive a restart: a token still marked 'exchanging' was interrupted.
      // Offer it for another try instead of showing a spinner forever (saved with the next change).
      for (const t of parsed.tokens)
        if (t.state === 'exchanging') {
          t.state = 'failed'
          t.problem = {
            kind: 'cancelled',
            message: 'The desk stopped while this token was being exchanged. Press Exchange to try again.',
          }
        }
      doc ??= parsed
    }
    return doc
  }

  function mutate<T>(fn: (d: TokensDocument) => T): Promise<T> {
    const run = lock.then(async () => {
      const current = await loaded()
      const before = new Map(current.tokens.map((t) => [t.id, JSON.stringify(t)]))
      const draft = structuredClone(current)
      const result = fn(draft)
      // Only the records the change touched are written (tokens are few; a JSON compare finds them).
      const changed = draft.tokens.filter((t) => before.get(t.id) !== JSON.stringify(t))
      if (changed.length > 0) await deps.tokens.save(changed)
      doc = draft
      return result
    })
    lock = run.catch(() => {})
    return run
  }

  function find(d: TokensDocument, tokenId: string): TokenRecord {
    const t = d.tokens.find((x) => x.id === tokenId)
    if (!t)
      throw new DeskError('not-found', 'This token is no longer known to the desk. Reload the token list.')
    return t
  }

  function view(t: TokenRecord): TokenView {
    const handOffProblem = t.handOff?.problem ?? null
    return {
      id: t.id,
      entityId: t.entityId,
      outtaskId: t.outtaskId,
      tokenPreview: t.tokenPreview,
      receivedAtMs: t.receivedAtMs,
      expiresAtMs: t.expiresAtMs,
      state: t.state,
      problem:
        t.problem ??
        (handOffProblem
          ? {
              ...handOffProblem,
              message: `Exchanged, and the refresh token is safe in the keychain, but handing it to Faces failed: ${handOffProblem.message} The desk keeps retrying; press Exchange to retry now.`,
            }
          : null),
      exchangedAtMs: t.exchangedAtMs,
      handOff: t.handOff
        ? {
            doneAtMs: t.handOff.doneAtMs,
            attemptedAtMs: t.handOff.attemptedAtMs,
            isFailed: t.handOff.problem !== null,
          }
        : null,
    }
  }

  return {
    loaded,
    mutate,
    find,
    view,
    announce: (t) => deps.bus.emit('token:updated', view(t)),
    async update(tokenId, change) {
      const rec = await mutate((d) => {
        const t = find(d, tokenId)
        change(t)
        return structuredClone(t)
      })
      deps.bus.emit('token:updated', view(rec))
      return rec
    },
  }
}

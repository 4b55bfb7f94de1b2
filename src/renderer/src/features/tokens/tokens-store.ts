/** Request tokens known to main (pending, exchanging, finished), kept current by 'token:updated'. */
import { create } from 'zustand'
import type { TokenView } from '../../../../shared/model'
import type { Problem } from '../../../../shared/result'
import { getDeskApi } from '../../api/desk-api-client'
import { isRetryableFailure } from './token-status'

type TokensState = {
  byId: Record<string, TokenView>
  status: 'idle' | 'loading' | 'ready' | 'failed'
  problem: Problem | null
  load: () => Promise<void>
  upsert: (token: TokenView) => void
}

/** Tokens by id. */
export const useTokensStore = create<TokensState>((set, get) => ({
  byId: {},
  status: 'idle',
  problem: null,
  async load() {
    if (get().status !== 'ready') set({ status: 'loading', problem: null })
    const r = await getDeskApi().call('tokens:list', { includeFinished: true })
    if (!r.ok) return set({ status: 'failed', problem: r.problem })
    const byId: Record<string, TokenView> = {}
    for (const t of r.value) byId[t.id] = t
    set({ byId, status: 'ready', problem: null })
  },
  upsert(token) {
    set({ byId: { ...get().byId, [token.id]: token } })
  },
}))

/**
 * True for tokens that still wait for (or are in) their exchange, including an exchange that
 * failed for a reason the same token can get past: their countdown matters. A token Concur
 * rejected is not pending: only a new one helps.
 */
export function isPendingToken(t: TokenView): boolean {
  return t.state === 'pending' || t.state === 'exchanging' || isRetryableFailure(t)
}

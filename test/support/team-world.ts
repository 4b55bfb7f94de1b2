/** Test helpers of the team desk: a fast hasher and a store on either backend. */
import { createHash } from 'node:crypto'
import { createManualClock } from '../../src/main/core/clock'
import { openTestStorage, type Backend } from '../../src/main/adapters/storage/test-backends.test-helper'
import { createUserAccounts, type PasswordHasher } from '../../src/main/core/team/user-accounts'

/** A stand-in for argon2id where tests need thousands of hashes fast (the argon2 adapter has its own test). */
export const fastHasher: PasswordHasher = {
  hash: async (p) => Promise.resolve(`test$${createHash('sha256').update(p).digest('hex')}`),
  verify: async (h, p) => Promise.resolve(h === `test$${createHash('sha256').update(p).digest('hex')}`),
}

/** A store of `backend`, a manual clock at 2026-03-02 09:00 UTC and the user accounts over them. */
export async function teamWorld(backend: Backend) {
  const clock = createManualClock(Date.UTC(2026, 2, 2, 9, 0))
  const { storage } = await openTestStorage(backend, { clock })
  const stores = storage.team
  const accounts = createUserAccounts({
    users: stores.users,
    sessions: stores.sessions,
    hasher: fastHasher,
    clock,
  })
  return { clock, storage, stores, accounts, close: () => storage.close() }
}

/**
 * The PasswordHasher on argon2id (@node-rs/argon2, prebuilt binaries, no build step). Parameters:
 * OWASP's first recommendation (19 MiB, 2 passes, 1 lane), about 8 ms per hash or check here, which
 * keeps a sign-in quick and a stolen hash expensive to guess.
 */
import { hash, verify, type Algorithm } from '@node-rs/argon2'
import type { PasswordHasher } from '../../core/team/user-accounts'

// Algorithm is an ambient const enum (not importable as a value under isolatedModules): 2 is Argon2id.
const ARGON2ID = 2 as Algorithm.Argon2id
const OPTIONS = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 }

/** Creates the argon2id hasher. */
export function createArgon2Hasher(): PasswordHasher {
  return {
    hash: (password) => hash(password, OPTIONS),
    async verify(stored, password) {
      try {
        return await verify(stored, password)
      } catch {
        return false
      }
    },
  }
}

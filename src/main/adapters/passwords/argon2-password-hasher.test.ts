import { describe, expect, it } from 'vitest'
import { createArgon2Hasher } from './argon2-password-hasher'

describe('the argon2id password hasher', () => {
  const hasher = createArgon2Hasher()

  it('loads its native binary here and makes salted argon2id hashes (OWASP parameters)', async () => {
    const a = await hasher.hash('correct horse battery staple')
    const b = await hasher.hash('correct horse battery staple')
    expect(a).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/)
    expect(a).not.toBe(b)
    expect(a).not.toContain('correct horse')
  })

  it('verifies the right password only, and answers false (never throws) for a malformed hash', async () => {
    const h = await hasher.hash('correct horse battery staple')
    expect(await hasher.verify(h, 'correct horse battery staple')).toBe(true)
    expect(await hasher.verify(h, 'correct horse battery stapler')).toBe(false)
    expect(await hasher.verify('not a hash', 'anything')).toBe(false)
    expect(await hasher.verify('', '')).toBe(false)
  })
})

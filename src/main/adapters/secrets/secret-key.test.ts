import { randomBytes } from 'node:crypto'
import { chmodSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  loadSecretKey,
  readSecretKeyFile,
  SECRET_KEY_ENV,
  secretKeyFromEnv,
  SecretKeyError,
  writeNewSecretKeyFile,
} from './secret-key'

const dir = (): string => mkdtempSync(join(tmpdir(), 'desk-key-'))
const keyText = (): string => randomBytes(32).toString('base64')

function keyFile(mode: number, text = keyText()): string {
  const file = join(dir(), 'desk.key')
  writeFileSync(file, `${text}\n`, { mode })
  chmodSync(file, mode)
  return file
}

describe('secret key file', () => {
  it('reads a 0600 file of 32 base64 bytes, with an id that is not the key', () => {
    const text = keyText()
    const key = readSecretKeyFile(keyFile(0o600, text))
    expect(key.bytes.toString('base64')).toBe(text)
    expect(key.id).toMatch(/^k-[0-9a-f]{12}$/)
    expect(text).not.toContain(key.id.slice(2))
  })

  it.each([0o640, 0o604, 0o644, 0o620, 0o666])('refuses mode %o with the chmod that fixes it', (mode) => {
    const file = keyFile(mode)
    expect(() => readSecretKeyFile(file)).toThrow(SecretKeyError)
    expect(() => readSecretKeyFile(file)).toThrow(`run chmod 600 ${file}`)
    expect(() => readSecretKeyFile(file)).toThrow(`mode 0${mode.toString(8)}`)
  })

  it('refuses a missing file, a short key and text that is not base64, without echoing it', () => {
    expect(() => readSecretKeyFile(join(dir(), 'nope.key'))).toThrow(/does not exist/)
    const short = keyFile(0o600, randomBytes(16).toString('base64'))
    expect(() => readSecretKeyFile(short)).toThrow(/32 random bytes in base64/)
    const junk = keyFile(0o600, 'not a key at all!')
    const err = (() => {
      try {
        readSecretKeyFile(junk)
      } catch (e) {
        return e as Error
      }
      return null
    })()
    expect(err?.message).toContain('./desk secrets new-key FILE')
    expect(err?.message).not.toContain('not a key at all')
  })

  it('takes the key from the environment when no file is given, the file first otherwise', () => {
    const envText = keyText()
    const env = { [SECRET_KEY_ENV]: envText }
    expect(secretKeyFromEnv({})).toBeNull()
    expect(secretKeyFromEnv(env)?.bytes.toString('base64')).toBe(envText)
    expect(() => secretKeyFromEnv({ [SECRET_KEY_ENV]: 'abc' })).toThrow(SECRET_KEY_ENV)
    const fileText = keyText()
    expect(loadSecretKey(keyFile(0o600, fileText), env)?.bytes.toString('base64')).toBe(fileText)
    expect(loadSecretKey(undefined, env)?.bytes.toString('base64')).toBe(envText)
    expect(loadSecretKey(undefined, {})).toBeNull()
  })

  it('writes a new key 0600 and never over an existing file', () => {
    const file = join(dir(), 'new.key')
    const id = writeNewSecretKeyFile(file)
    expect(statSync(file).mode & 0o777).toBe(0o600)
    expect(readSecretKeyFile(file).id).toBe(id)
    const before = readFileSync(file, 'utf8')
    expect(() => writeNewSecretKeyFile(file)).toThrow(/EEXIST/)
    expect(readFileSync(file, 'utf8')).toBe(before)
  })
})

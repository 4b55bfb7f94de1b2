/**
 * The encrypted secret store on both backends (a SQLite file; a schema on the real PostgreSQL of
 * ./desk test): round trip, a wrong key named by id, tampering and swapping refused, rotation in
 * one transaction, and the stored bytes never holding the plain text.
 */
import { randomBytes } from 'node:crypto'
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'kysely'
import pg from 'pg'
import { afterEach, describe, expect, it } from 'vitest'
import type { Clock } from '../../core/ports'
import { BACKENDS, testPostgresUrl, type Backend } from '../storage/test-backends.test-helper'
import { openEncryptedSecretStore, type EncryptedSecretStore } from './encrypted-secret-store'
import { secretKeyId, SecretKeyError, type SecretKey } from './secret-key'
import { openSecretVaultDb, type SecretVaultLocation } from './secret-vault-db'

const newKey = (): SecretKey => {
  const bytes = randomBytes(32)
  return { id: secretKeyId(bytes), bytes, source: 'test' }
}
const fixedClock: Clock = { nowMs: () => 1_700_000_000_000, wait: async () => {} }
const PLAIN = 'rt-PLAINTEXT-MARKER-Zürich-' + 'q'.repeat(64)
let counter = 0
const opened: EncryptedSecretStore[] = []

function location(backend: Backend, dir = mkdtempSync(join(tmpdir(), 'desk-secrets-'))): SecretVaultLocation {
  if (backend === 'sqlite') return { kind: 'sqlite', file: join(dir, 'secrets.sqlite') }
  return {
    kind: 'postgres',
    url: testPostgresUrl(),
    schema: `s${process.pid}_${Date.now().toString(36)}_${++counter}`,
  }
}

async function open(at: SecretVaultLocation, keys: SecretKey[]): Promise<EncryptedSecretStore> {
  const vault = await openSecretVaultDb(at)
  const store = await openEncryptedSecretStore(vault, keys, fixedClock).catch(async (e: unknown) => {
    await vault.db.destroy()
    throw e
  })
  opened.push(store)
  return store
}

async function closeAll(): Promise<void> {
  for (const s of opened.splice(0)) await s.close().catch(() => {})
}

/** Every stored row, raw (to tamper with and to grep). */
async function rawRows(at: SecretVaultLocation): Promise<Array<Record<string, unknown>>> {
  const vault = await openSecretVaultDb(at)
  try {
    return (await sql<Record<string, unknown>>`SELECT * FROM secret_values ORDER BY name`.execute(vault.db))
      .rows
  } finally {
    await vault.db.destroy()
  }
}

async function rawExec(at: SecretVaultLocation, statement: string): Promise<void> {
  const vault = await openSecretVaultDb(at)
  try {
    await sql.raw(statement).execute(vault.db)
  } finally {
    await vault.db.destroy()
  }
}

describe.each(BACKENDS)('encrypted secret store (%s)', (backend) => {
  afterEach(closeAll)

  it('round-trips values (non-ASCII, long, overwritten, removed) and says where they are', async () => {
    const key = newKey()
    const store = await open(location(backend), [key])
    await store.write('refresh-token:e1', PLAIN)
    await store.write('faces-api-key', 'first')
    await store.write('faces-api-key', 'second')
    expect(await store.read('refresh-token:e1')).toBe(PLAIN)
    expect(await store.read('faces-api-key')).toBe('second')
    expect(await store.read('concur-client-secret')).toBeNull()
    await store.remove('faces-api-key')
    expect(await store.read('faces-api-key')).toBeNull()
    expect(store.describe().backend).toBe('encrypted')
    expect(store.describe().detail).toContain(key.id)
  })

  it('survives a reopen with the same key, and a fresh IV per value', async () => {
    const at = location(backend)
    const key = newKey()
    const first = await open(at, [key])
    await first.write('refresh-token:a', 'same value')
    await first.write('refresh-token:b', 'same value')
    await first.close()
    opened.length = 0
    const again = await open(at, [key])
    expect(await again.read('refresh-token:a')).toBe('same value')
    const rows = await rawRows(at)
    expect(rows).toHaveLength(2)
    expect(rows[0]?.['iv']).not.toBe(rows[1]?.['iv'])
    expect(rows[0]?.['ciphertext']).not.toBe(rows[1]?.['ciphertext'])
    expect(rows.every((r) => r['key_id'] === key.id)).toBe(true)
  })

  it('refuses to open with a wrong key, naming both key ids and no secret', async () => {
    const at = location(backend)
    const right = newKey()
    const wrong = newKey()
    const store = await open(at, [right])
    await store.write('refresh-token:e1', PLAIN)
    await closeAll()
    const err = await open(at, [wrong]).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(SecretKeyError)
    const message = (err as Error).message
    expect(message).toContain(right.id)
    expect(message).toContain(wrong.id)
    expect(message).toContain('--secret-key-file')
    expect(message).not.toContain(PLAIN)
    expect(message).not.toContain(right.bytes.toString('base64'))
  })

  it('refuses a tampered ciphertext, tag or IV, and a value swapped onto another name', async () => {
    const at = location(backend)
    const key = newKey()
    const store = await open(at, [key])
    await store.write('refresh-token:victim', PLAIN)
    await store.write('refresh-token:other', 'other value')
    const rows = await rawRows(at)
    const victim = rows.find((r) => r['name'] === 'refresh-token:victim')!
    const flipped = Buffer.from(String(victim['ciphertext']), 'base64')
    flipped[0] = (flipped[0] ?? 0) ^ 0x01
    await rawExec(
      at,
      `UPDATE secret_values SET ciphertext = '${flipped.toString('base64')}' WHERE name = 'refresh-token:victim'`,
    )
    await expect(store.read('refresh-token:victim')).rejects.toThrow(
      /refresh-token:victim.*integrity check.*changed or damaged/,
    )
    // A well-formed value of another name, copied over: the name is authenticated, so it fails too.
    await rawExec(
      at,
      `UPDATE secret_values SET ciphertext = '${String(victim['ciphertext'])}', iv = '${String(victim['iv'])}', tag = '${String(victim['tag'])}' WHERE name = 'refresh-token:other'`,
    )
    const swapped = await store.read('refresh-token:other').catch((e: unknown) => e)
    expect(String(swapped)).toMatch(/integrity check/)
    expect(String(swapped)).not.toContain(PLAIN)
    await rawExec(at, `UPDATE secret_values SET tag = 'AAAA' WHERE name = 'refresh-token:other'`)
    await expect(store.read('refresh-token:other')).rejects.toThrow(/integrity check/)
  })

  it('rotates every value to a new key in one go: all readable, the old key no longer needed', async () => {
    const at = location(backend)
    const oldKey = newKey()
    const nextKey = newKey()
    const store = await open(at, [oldKey])
    const values = new Map<string, string>()
    for (let i = 0; i < 40; i++)
      values.set(`refresh-token:e${i}`, `rt-${i}-${randomBytes(8).toString('hex')}`)
    for (const [name, value] of values) await store.write(name as `refresh-token:${string}`, value)
    const result = await store.rotateKey(nextKey)
    expect(result).toEqual({ rotated: 40, from: [oldKey.id], to: nextKey.id })
    await store.write('faces-api-key', 'after rotation')
    await closeAll()
    const withNew = await open(at, [nextKey])
    for (const [name, value] of values)
      expect(await withNew.read(name as `refresh-token:${string}`)).toBe(value)
    expect(await withNew.read('faces-api-key')).toBe('after rotation')
    expect((await rawRows(at)).every((r) => r['key_id'] === nextKey.id)).toBe(true)
    await closeAll()
    await expect(open(at, [oldKey])).rejects.toThrow(nextKey.id)
  })

  it('a write started during a rotation lands under the new key: a reopen with it reads every value', async () => {
    const at = location(backend)
    const oldKey = newKey()
    const nextKey = newKey()
    const store = await open(at, [oldKey])
    const values = new Map<`refresh-token:${string}`, string>()
    for (let i = 0; i < 30; i++) values.set(`refresh-token:e${i}`, `before-${i}`)
    for (const [name, value] of values) await store.write(name, value)
    // Writes issued in the same turn as the rotation (before and after it starts, new names and
    // overwrites), then one after another for as long as it runs.
    const early = [
      store.write('refresh-token:e3', 'raced-early'),
      store.write('refresh-token:new-a', 'raced-a'),
    ]
    values.set('refresh-token:e3', 'raced-early').set('refresh-token:new-a', 'raced-a')
    let done = false
    const rotation = store.rotateKey(nextKey).finally(() => (done = true))
    const late = [
      store.write('refresh-token:e5', 'raced-late'),
      store.write('refresh-token:new-b', 'raced-b'),
    ]
    values.set('refresh-token:e5', 'raced-late').set('refresh-token:new-b', 'raced-b')
    let n = 0
    while (!done && n < 50) {
      const name = `refresh-token:during-${n}` as const
      await store.write(name, `during-${n}`)
      values.set(name, `during-${n++}`)
    }
    await Promise.all([rotation, ...early, ...late])
    expect(await store.read('refresh-token:e5')).toBe('raced-late')
    await closeAll()
    const withNew = await open(at, [nextKey])
    for (const [name, value] of values) expect(await withNew.read(name)).toBe(value)
    expect((await rawRows(at)).every((r) => r['key_id'] === nextKey.id)).toBe(true)
  })

  it('a rotation that fails half-way changes nothing (one transaction)', async () => {
    const at = location(backend)
    const oldKey = newKey()
    const store = await open(at, [oldKey])
    await store.write('refresh-token:a', 'value a')
    await store.write('refresh-token:b', 'value b')
    await rawExec(
      at,
      `UPDATE secret_values SET tag = 'AAAAAAAAAAAAAAAAAAAAAA==' WHERE name = 'refresh-token:b'`,
    )
    await expect(store.rotateKey(newKey())).rejects.toThrow(/refresh-token:b/)
    expect((await rawRows(at)).map((r) => r['key_id'])).toEqual([oldKey.id, oldKey.id])
    expect(await store.read('refresh-token:a')).toBe('value a')
  })

  it('never stores the plain text (the database bytes are grepped for it)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'desk-secrets-'))
    const at = location(backend, dir)
    const store = await open(at, [newKey()])
    await store.write('refresh-token:e1', PLAIN)
    await store.write('concur-client-secret', PLAIN.slice(3))
    expect(await store.read('refresh-token:e1')).toBe(PLAIN)
    await closeAll()
    const needle = Buffer.from('PLAINTEXT-MARKER', 'utf8')
    if (at.kind === 'sqlite') {
      for (const f of readdirSync(dir)) expect(readFileSync(join(dir, f)).includes(needle), f).toBe(false)
      return
    }
    // PostgreSQL: every text the server hands back for the schema's table, and its raw pages.
    const client = new pg.Client({ connectionString: at.url })
    await client.connect()
    try {
      const dump = await client.query(`SELECT t::text AS row FROM ${at.schema}.secret_values t`)
      expect(dump.rows.length).toBe(2)
      expect(dump.rows.some((r: { row: string }) => r.row.includes('PLAINTEXT-MARKER'))).toBe(false)
      const file = await client.query(`SELECT pg_relation_filepath('${at.schema}.secret_values') AS path`)
      const dataDir = await client.query('SHOW data_directory')
      await client.query('CHECKPOINT').catch(() => {})
      const path = join(String(dataDir.rows[0].data_directory), String(file.rows[0].path))
      expect(readFileSync(path).includes(needle)).toBe(false)
    } finally {
      await client.end()
    }
  })
})

describe('encrypted secret store: two instances on one PostgreSQL', () => {
  afterEach(closeAll)

  it('an instance without the new key refuses to write after another rotated; nothing it saved is lost', async () => {
    const at = location('postgres')
    const oldKey = newKey()
    const nextKey = newKey()
    const rotating = await open(at, [oldKey])
    const other = await open(at, [oldKey])
    await other.write('faces-api-key', 'before')
    // The other instance writes while the rotation runs: each write either lands before the
    // rotation read the rows (and is re-encrypted) or waits for it and is refused.
    const rotation = rotating.rotateKey(nextKey)
    const racing = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) => other.write(`refresh-token:r${i}`, `racing-${i}`)),
    )
    await rotation
    const late = await other.write('refresh-token:late', 'rt-LATE-VALUE').catch((e: unknown) => e)
    expect(String(late)).toContain(`re-encrypted with key ${nextKey.id}`)
    expect(String(late)).toContain('--secret-key-file')
    expect(String(late)).not.toContain('rt-LATE-VALUE')
    await rotating.write('refresh-token:by-rotator', 'fine')
    await closeAll()
    const withNew = await open(at, [nextKey])
    expect(await withNew.read('faces-api-key')).toBe('before')
    expect(await withNew.read('refresh-token:by-rotator')).toBe('fine')
    expect(await withNew.read('refresh-token:late')).toBeNull()
    for (const [i, r] of racing.entries())
      if (r.status === 'fulfilled') expect(await withNew.read(`refresh-token:r${i}`)).toBe(`racing-${i}`)
      else expect(String(r.reason)).toContain(nextKey.id)
    expect(racing.some((r) => r.status === 'fulfilled')).toBe(true)
    expect((await rawRows(at)).every((r) => r['key_id'] === nextKey.id)).toBe(true)
  })

  it('a rotation of an empty store still stops the other instance writing with the old key', async () => {
    const at = location('postgres')
    const oldKey = newKey()
    const nextKey = newKey()
    const rotating = await open(at, [oldKey])
    const other = await open(at, [oldKey])
    expect(await rotating.rotateKey(nextKey)).toEqual({ rotated: 0, from: [], to: nextKey.id })
    await expect(other.write('faces-api-key', 'stale')).rejects.toThrow(nextKey.id)
    await closeAll()
    await expect(open(at, [oldKey])).rejects.toThrow(nextKey.id)
    expect(await (await open(at, [nextKey])).read('faces-api-key')).toBeNull()
  })
})

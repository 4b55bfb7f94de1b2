/**
 * Two desks on one store, as real service-mode processes, on both backends: the second (same data
 * folder; on PostgreSQL also another data folder on the same database) refuses, saying who holds
 * it, and exits; the first keeps serving with its data as it was (the Sandbox reset of the second
 * start never ran). A start that fails on a busy port leaves its data folder as it was too.
 */
import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import { createServer, type AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, describe, expect, it } from 'vitest'
import { freshLocation } from '../../src/main/adapters/storage/test-backends.test-helper'
import { openDeskStorage } from '../../src/main/adapters/storage/open-desk-storage'
import { systemClock } from '../../src/main/core/clock'
import { silentLogger } from '../../src/main/logging/logger'

const SERVICE = join(import.meta.dirname, '..', '..', 'src', 'main', 'service.ts')
const running: Array<() => void> = []
afterAll(() => running.forEach((stop) => stop()))

function serve(args: string[]) {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', SERVICE, '--sandbox', '--no-open', '--port', '0', ...args],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, DBUS_SESSION_BUS_ADDRESS: '' },
    },
  )
  let out = ''
  child.stdout.on('data', (d: Buffer) => (out += d.toString()))
  child.stderr.on('data', (d: Buffer) => (out += d.toString()))
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)))
  running.push(() => child.kill('SIGKILL'))
  const ready = new Promise<string>((resolve, reject) => {
    const t = setInterval(() => {
      const m = /Open: (\S+)/.exec(out)
      if (m) {
        clearInterval(t)
        resolve(m[1]!)
      }
    }, 20)
    void exited.then(() => {
      clearInterval(t)
      reject(new Error(`exited: ${out}`))
    })
  })
  ready.catch(() => {}) // a refused start never gets ready: its callers wait for the exit instead
  return { child, ready, exited, output: () => out }
}

async function entityCount(location: ReturnType<typeof freshLocation>): Promise<number> {
  if (location.kind === 'sqlite') {
    const db = new Database(location.file, { readonly: true })
    try {
      return (db.prepare('SELECT count(*) AS n FROM entities').get() as { n: number }).n
    } finally {
      db.close()
    }
  }
  // A read beside the running desk: the row count only (its lock is a different connection's).
  const pg = await import('pg')
  const client = new pg.default.Client({
    connectionString: location.url,
    options: `-c search_path=${location.schema}`,
  })
  await client.connect()
  try {
    return Number((await client.query<{ n: string }>('SELECT count(*) AS n FROM entities')).rows[0]!.n)
  } finally {
    await client.end()
  }
}

describe('two desks on one store (real service-mode processes)', () => {
  it('on SQLite, the second start on the same data folder refuses and the first loses nothing', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'two-desks-'))
    const first = serve(['--data-dir', dataDir])
    const link = await first.ready
    const location = { kind: 'sqlite' as const, file: join(dataDir, 'sandbox', 'desk.sqlite') }
    const before = await entityCount(location)
    expect(before).toBeGreaterThan(0)
    const second = serve(['--data-dir', dataDir])
    expect(await second.exited).toBe(2)
    expect(second.output()).toMatch(
      new RegExp(
        `This data folder is in use by another Faces Concur Desk \\(pid ${first.child.pid}, started \\d\\d:\\d\\d\\)`,
      ),
    )
    expect(await entityCount(location)).toBe(before)
    expect((await fetch(link, { redirect: 'manual' })).status).toBeLessThan(500)
    first.child.kill('SIGTERM')
    expect(await first.exited).toBe(0)
    // Once it has stopped, the folder is free again.
    const third = serve(['--data-dir', dataDir])
    await third.ready
    third.child.kill('SIGTERM')
    await third.exited
  }, 90_000)

  it('a start that fails on a busy port changes nothing in its data folder (the Sandbox reset never ran)', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'two-desks-'))
    const first = serve(['--data-dir', dataDir])
    await first.ready
    first.child.kill('SIGTERM')
    expect(await first.exited).toBe(0)
    const storeDir = join(dataDir, 'sandbox')
    const fingerprint = () =>
      readdirSync(storeDir)
        .filter((f) => f.startsWith('desk.sqlite'))
        .sort()
        .map(
          (f) =>
            `${f}:${createHash('sha256')
              .update(readFileSync(join(storeDir, f)))
              .digest('hex')}`,
        )
    const before = fingerprint()
    expect(before.length).toBeGreaterThan(0)
    const blocker = createServer()
    await new Promise<void>((resolve) => blocker.listen({ host: '127.0.0.1', port: 0 }, resolve))
    const port = (blocker.address() as AddressInfo).port
    try {
      const second = serve(['--data-dir', dataDir, '--port', String(port)])
      expect(await second.exited).not.toBe(0)
      expect(second.output()).toContain(`Port ${port} on 127.0.0.1 is in use by another program`)
    } finally {
      blocker.close()
    }
    expect(fingerprint()).toEqual(before)
  }, 90_000)

  it('on PostgreSQL, a second desk on the same database refuses, whatever its data folder', async () => {
    const location = freshLocation('postgres')
    if (location.kind !== 'postgres') throw new Error('postgres expected')
    // The schema of the Sandbox store on this URL.
    const url = `${location.url}${location.url.includes('?') ? '&' : '?'}schema=${location.schema}`
    const first = serve(['--data-dir', mkdtempSync(join(tmpdir(), 'two-desks-')), '--database-url', url])
    await first.ready
    const before = await entityCount(location)
    expect(before).toBeGreaterThan(0)
    const second = serve(['--data-dir', mkdtempSync(join(tmpdir(), 'two-desks-')), '--database-url', url])
    expect(await second.exited).not.toBe(0)
    expect(second.output()).toMatch(
      new RegExp(
        `This database is in use by another Faces Concur Desk \\(pid ${first.child.pid} on [^,]+, started \\d\\d:\\d\\d\\)`,
      ),
    )
    expect(await entityCount(location)).toBe(before)
    first.child.kill('SIGTERM')
    expect(await first.exited).toBe(0)
    const { storage } = await openDeskStorage({ location, clock: systemClock, log: silentLogger })
    await storage.close()
  }, 90_000)
})

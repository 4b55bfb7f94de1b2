/**
 * A desk process really killed (SIGKILL) in the middle of a cycle, on both backends: a child desk
 * copies 300 Concur profiles into Faces while Faces users edit travellers; it is killed once some
 * have landed, and a new desk process on the same store and keychain carries on. Afterwards every
 * traveller is in Faces exactly once with Concur's content, every Faces edit is in Concur, and the
 * credential was never lost (no code 108). The kill emulation of the fault suite stops writes in
 * the process; this one lets the operating system do it.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createKeytarSecretStore, loadKeytar } from '../../src/main/adapters/keychain/keytar-secret-store'
import {
  BACKENDS,
  freshLocation,
  type Backend,
} from '../../src/main/adapters/storage/test-backends.test-helper'
import { parseProfileXml } from '../../src/main/core/concur/concur-client'
import { systemClock } from '../../src/main/core/clock'
import { createConcurSimulator } from '../../src/main/sandbox/concur-sim/concur-simulator'
import { createFacesSimulator } from '../../src/main/sandbox/faces-sim/faces-simulator'

const TRAVELLERS = 300
const CLIENT = { clientId: 'sigkill-client', clientSecret: 'sigkill-client-secret-value' }
const FACES = { user: 'desk', apiKey: 'sigkill-faces-key' }
const concur = createConcurSimulator({ clock: systemClock, latency: 'none', latencyMs: 4 })
const faces = createFacesSimulator({ clock: systemClock, credentials: FACES })
let glzUrl = ''
let facesUrl = ''
const services: string[] = []

beforeAll(async () => {
  glzUrl = (await concur.start()).glzUrl
  facesUrl = (await faces.start()).url
  concur.admin.registerClient(CLIENT)
})
afterAll(async () => {
  for (const service of services)
    await createKeytarSecretStore(await loadKeytar(), service)
      .remove('refresh-token:sk-e1')
      .catch(() => {})
  await Promise.all([concur.stop(), faces.stop()])
})

function startChild(env: Record<string, string>): {
  child: ChildProcess
  lines: string[]
  exited: Promise<number | null>
} {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(import.meta.dirname, 'sigkill-desk.test-main.ts')],
    {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  const lines: string[] = []
  child.stdout!.on('data', (d: Buffer) => lines.push(...d.toString().split('\n').filter(Boolean)))
  child.stderr!.on('data', (d: Buffer) => lines.push(`stderr: ${d.toString()}`))
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  return { child, lines, exited }
}

const until = async (cond: () => boolean, what: string, ms = 60_000): Promise<void> => {
  const t0 = Date.now()
  while (!cond()) {
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 2))
  }
}

describe.each(BACKENDS)('a desk process killed mid-cycle, on %s', (backend: Backend) => {
  it('loses nothing and duplicates nothing once a new process carries on', async () => {
    const tag = `${backend}-${randomUUID().slice(0, 8)}`
    const company = concur.admin.createCompany({
      name: `Kill ${tag}`,
      outtaskId: '424242',
      dataCentre: 'us2',
      travelConfigIds: ['100'],
    })
    const logins = Array.from({ length: TRAVELLERS }, (_, t) => `k${t}.${tag}@corp.test`)
    logins.forEach((loginId, t) =>
      concur.admin.upsertTraveller({
        companyUuid: company.uuid,
        loginId,
        firstName: `First${t}`,
        lastName: `Last${t}`,
        email: loginId,
        travelConfigId: '100',
      }),
    )
    const facesCompany = `F-${tag}`
    faces.admin.createCompany(facesCompany, `Faces ${tag}`)
    const keychainService = `Faces Concur Desk sigkill ${tag}`
    services.push(keychainService)
    const config = {
      location:
        backend === 'sqlite'
          ? { kind: 'sqlite', file: join(mkdtempSync(join(tmpdir(), 'sigkill-')), 'desk.sqlite') }
          : freshLocation(backend),
      keychainService,
      glzUrl,
      facesUrl,
      client: CLIENT,
      faces: FACES,
      entity: {
        id: 'sk-e1',
        name: `Kill ${tag}`,
        outtaskId: '424242',
        companyUuid: company.uuid,
        travelConfigIds: [],
        facesCompanyId: facesCompany,
        geolocation: null,
        pollingActive: true,
      },
      requestToken: concur.admin.issueRequestToken(company.uuid, { clientId: CLIENT.clientId }),
    }
    const env = { DESK_CHILD_CONFIG: JSON.stringify(config) }
    const inFaces = () => faces.admin.listTravellers(facesCompany)

    const first = startChild(env)
    await until(
      () => inFaces().length >= 60 || first.lines.some((l) => l.startsWith('stderr')),
      'the first copies',
    )
    // Faces users edit travellers already copied, while the desk works: the outbox must carry them.
    const edited = inFaces().slice(0, 10)
    for (const t of edited)
      faces.admin.editTraveller(facesCompany, t.id, { 'name.middle': `Mid${t.concurLoginId?.slice(1, 4)}` })
    await until(() => inFaces().length >= 120, 'more copies')
    first.child.kill('SIGKILL')
    await first.exited
    const copiedAtKill = inFaces().length
    expect(copiedAtKill, first.lines.join('\n')).toBeLessThan(TRAVELLERS) // killed mid-cycle, for real

    const second = startChild({ ...env, DESK_CHILD_MODE: 'finish' })
    expect(await second.exited, second.lines.join('\n')).toBe(0)

    const byLogin = new Map<string, number>()
    for (const t of inFaces())
      byLogin.set(t.concurLoginId ?? '', (byLogin.get(t.concurLoginId ?? '') ?? 0) + 1)
    expect([...byLogin.values()].filter((n) => n > 1)).toEqual([]) // duplicated: none
    expect(logins.filter((l) => byLogin.get(l) !== 1)).toEqual([]) // lost: none
    for (const [t, login] of logins.entries()) {
      const f = inFaces().find((x) => x.concurLoginId === login)!
      expect([f.firstName, f.lastName]).toEqual([`First${t}`, `Last${t}`])
    }
    for (const t of edited) {
      const p = parseProfileXml(concur.admin.travellerXml(company.uuid, t.concurLoginId!))
      expect(p.general.middleName, `Faces edit of ${t.concurLoginId} in Concur`).toBe(
        `Mid${t.concurLoginId?.slice(1, 4)}`,
      )
    }
    expect(concur.admin.requestLog().filter((e) => e.code === 108)).toEqual([])
  }, 180_000)
})

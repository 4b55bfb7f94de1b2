import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createFileTeamLinkStore, type TeamLinkRecord } from './team-link-store'

const record: TeamLinkRecord = {
  url: 'https://desk.umbrella.local:8443',
  active: true,
  certificate: {
    fingerprint256: Array.from({ length: 32 }, () => 'AB').join(':'),
    subject: 'CN=desk.umbrella.local',
    issuer: 'CN=desk.umbrella.local',
    names: ['desk.umbrella.local'],
    validFromMs: 1,
    validToMs: 2,
  },
}

describe('team-desk.json', () => {
  it('keeps the address and the pin across opens, private to the user, with no credential in it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'team-link-'))
    expect(createFileTeamLinkStore(dir).read()).toBeNull()
    createFileTeamLinkStore(dir).write(record)
    expect(createFileTeamLinkStore(dir).read()).toEqual(record)
    const file = join(dir, 'team-desk.json')
    expect(statSync(file).mode & 0o777).toBe(0o600)
    expect(Object.keys(JSON.parse(readFileSync(file, 'utf8')) as object).sort()).toEqual([
      'active',
      'certificate',
      'url',
    ])
  })

  it('reads a damaged file as "never connected" and says so once', () => {
    const dir = mkdtempSync(join(tmpdir(), 'team-link-'))
    writeFileSync(join(dir, 'team-desk.json'), '{"url": 42')
    const damaged: string[] = []
    expect(createFileTeamLinkStore(dir, (why) => damaged.push(why)).read()).toBeNull()
    expect(damaged).toHaveLength(1)
  })
})

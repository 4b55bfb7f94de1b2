import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { AUDIT_ACTION_IDS, AUDIT_ACTIONS, isAuditAction } from '../../../shared/audit-actions'
import type { AuditTrail } from '../../core/team/audit-trail'
import { AUDITED_CALLS } from './audit-actions'

const MAIN = join(__dirname, '../..')

/** Every non-test source file of src/main. */
function mainSources(dir = MAIN): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const path = join(dir, d.name)
    if (d.isDirectory()) return mainSources(path)
    return d.name.endsWith('.ts') && !/\.(?:test|int\.test|test-helper)\.ts$/.test(d.name) ? [path] : []
  })
}

/** The action names written as literals where the server records audit records. */
function recordedLiterals(source: string): string[] {
  const found: string[] = []
  // The first string literal of each record(...) call: its action (the actor is an object or a name).
  for (const at of source.split('record(').slice(1)) {
    const m = /^[^;']*'([^']+)'/.exec(at)
    if (m) found.push(m[1]!)
  }
  for (const p of [/\baudit\('([^']+)'/g, /\baction: '([^']+)'/g])
    for (const m of source.matchAll(p)) found.push(m[1]!)
  return found
}

describe('the audited actions', () => {
  it('records only actions of the shared list: every audited channel names one', () => {
    for (const [channel, call] of Object.entries(AUDITED_CALLS))
      expect(isAuditAction(call.action), channel).toBe(true)
  })

  it('every action literal the server records (sign-in, CLI, retention, dispatch) is in the list', () => {
    const files = mainSources().filter((f) => /audit|sign-in|users-command|team-desk/.test(f))
    const literals = files.flatMap((f) => {
      const names = recordedLiterals(readFileSync(f, 'utf8'))
      // Concur's own "action" words (Create/Update) and Electron's window policy are no audit actions.
      return names.filter((n) => /^[a-z]/.test(n) && n !== 'deny').map((n) => ({ file: f, n }))
    })
    for (const must of ['sign-in', 'sign-out', 'user.password-changed', 'audit.prune', 'user.set-role'])
      expect(literals.map((l) => l.n)).toContain(must)
    for (const { file, n } of literals) expect(isAuditAction(n), `${n} in ${file}`).toBe(true)
  })

  it('gives every action a label, and the filter list is the whole list', () => {
    expect(AUDIT_ACTION_IDS.length).toBeGreaterThan(25)
    for (const id of AUDIT_ACTION_IDS) expect(AUDIT_ACTIONS[id].length).toBeGreaterThan(3)
    expect(new Set(AUDIT_ACTION_IDS).size).toBe(AUDIT_ACTION_IDS.length)
  })

  it('makes recording an action outside the list a type error', () => {
    const calls: string[] = []
    const trail: Pick<AuditTrail, 'record'> = {
      record: async (_actor, action) => void calls.push(action),
    }
    const actor = { id: 'u1', name: 'anna' }
    void trail.record(actor, 'user.enable', { outcome: 'ok', detail: '' })
    // @ts-expect-error: not an audited action (tsc fails here if the type were a bare string)
    void trail.record(actor, 'user.made-up', { outcome: 'ok', detail: '' })
    expect(calls).toEqual(['user.enable', 'user.made-up'])
  })
})

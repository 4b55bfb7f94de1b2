// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { AUDIT_ACTION_IDS } from '../../../../shared/audit-actions'
import type { RequestChannel } from '../../../../shared/channels'
import type { DeskApi } from '../../../../shared/desk-api'
import type { Result } from '../../../../shared/result'
import type { AuditPage, AuditQuery, AuditRecordView } from '../../../../shared/team-model'
import { setDeskApiForTests } from '../../api/desk-api-client'
import { AUDIT_TEXT_DEBOUNCE_MS, AuditScreen } from './audit-screen'
import { auditSentence } from './entity-activity-panel'

type Pending = { input: AuditQuery & { limit?: number }; answer: (page: AuditPage) => void }

/** A desk whose audit answers arrive only when the test says so, in any order. */
function slowDesk(): DeskApi & { pending: Pending[] } {
  const pending: Pending[] = []
  return {
    transport: 'service',
    pending,
    subscribe: () => () => {},
    call: ((channel: RequestChannel, input: unknown) => {
      if (channel !== 'audit:query') return Promise.resolve({ ok: true, value: [] })
      return new Promise<Result<AuditPage>>((resolve) =>
        pending.push({
          input: input as Pending['input'],
          answer: (page) => resolve({ ok: true, value: page }),
        }),
      )
    }) as DeskApi['call'],
  }
}

const record = (seq: number, actor: string, action: string): AuditRecordView => ({
  seq,
  atMs: Date.UTC(2026, 11, 1, 9, seq),
  actor,
  action,
  entityId: null,
  entityName: null,
  outcome: 'ok',
  detail: '',
})
const pageOf = (...records: AuditRecordView[]): AuditPage => ({
  records,
  total: records.length,
  nextBeforeSeq: null,
})

beforeEach(() => vi.useFakeTimers())
afterEach(() => {
  cleanup()
  vi.useRealTimers()
  setDeskApiForTests(null)
})

describe('the audit screen', () => {
  it('drops a slower answer for filters the user has since changed', async () => {
    const desk = slowDesk()
    setDeskApiForTests(desk)
    render(<AuditScreen />)
    expect(desk.pending).toHaveLength(1)
    fireEvent.change(screen.getByLabelText('Action'), { target: { value: 'user.enable' } })
    expect(desk.pending).toHaveLength(2)
    expect(desk.pending[1]!.input.action).toBe('user.enable')
    // The newer answer arrives first, the older (unfiltered) one after it.
    await act(async () => desk.pending[1]!.answer(pageOf(record(2, 'anna', 'user.enable'))))
    await act(async () => desk.pending[0]!.answer(pageOf(record(1, 'ben', 'token.paste'))))
    const rows = screen.getAllByRole('row').slice(1)
    expect(rows.map((r) => r.textContent)).toEqual([expect.stringContaining('user.enable')])
    expect(screen.queryByText('token.paste')).toBeNull()
  })

  it('queries the user name once typing pauses, not per keystroke', async () => {
    const desk = slowDesk()
    setDeskApiForTests(desk)
    render(<AuditScreen />)
    const user = screen.getByLabelText('User')
    for (const typed of ['b', 'be', 'ben']) fireEvent.change(user, { target: { value: typed } })
    expect(desk.pending).toHaveLength(1)
    await act(async () => {
      await vi.advanceTimersByTimeAsync(AUDIT_TEXT_DEBOUNCE_MS)
    })
    expect(desk.pending.map((p) => p.input.actor)).toEqual([undefined, 'ben'])
  })

  it('offers every audited action in the filter, by its label', () => {
    setDeskApiForTests(slowDesk())
    render(<AuditScreen />)
    const options = Array.from((screen.getByLabelText('Action') as HTMLSelectElement).options)
    expect(options.map((o) => o.value)).toEqual(['', ...AUDIT_ACTION_IDS])
    expect(options.find((o) => o.value === 'user.set-role')?.textContent).toBe('Role changed (user.set-role)')
  })

  it('pages back with "Show older" and keeps the first page', async () => {
    const desk = slowDesk()
    setDeskApiForTests(desk)
    render(<AuditScreen />)
    await act(async () =>
      desk.pending[0]!.answer({ records: [record(9, 'anna', 'sign-in')], total: 2, nextBeforeSeq: 9 }),
    )
    fireEvent.click(screen.getByRole('button', { name: 'Show older' }))
    expect(desk.pending[1]!.input.beforeSeq).toBe(9)
    await act(async () => desk.pending[1]!.answer(pageOf(record(3, 'ben', 'sign-out'))))
    expect(screen.getByText('sign-in')).toBeTruthy()
    expect(screen.getByText('sign-out')).toBeTruthy()
    expect(screen.queryByRole('button', { name: 'Show older' })).toBeNull()
  })

  it("words an entity's activity with the same labels (an older, unknown name as it is)", () => {
    expect(auditSentence(record(1, 'anna', 'sync.cancel'))).toMatch(/^sync cancelled by anna at \d\d:\d\d/)
    expect(auditSentence(record(1, 'anna', 'entities:retired'))).toMatch(/^entities:retired by anna/)
  })
})

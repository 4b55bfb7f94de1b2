/**
 * Receipt instants for the window verdict: a token received at `receivedAt` (and judged at that
 * moment) with the given lifetime, and the verdict the desk must give. Around the exact opening
 * and closing minutes, weekends, and both 2026 DST nights (2026-03-29: 02:00 CET → 03:00 CEST;
 * 2026-10-25: 03:00 CEST → 02:00 CET). Wall times in the comments are Europe/Zurich.
 */
import type { IntakeWindowSettings } from '../model'
import { DEFAULT_INTAKE_WINDOW } from './intake-defaults'
import type { VerdictKind } from './window-verdict'

/** One receipt instant and its expected verdict. */
export type ReceiptCase = {
  name: string
  receivedAt: string
  lifetimeHours: number
  settings: IntakeWindowSettings
  kind: VerdictKind
  /** The last instant someone can exchange it, when there is one. */
  exchangeBy?: string
}

const weekdays: IntakeWindowSettings = { ...DEFAULT_INTAKE_WINDOW, weekdays: [1, 2, 3, 4, 5] }
const everyDay: IntakeWindowSettings = { ...DEFAULT_INTAKE_WINDOW, weekdays: [1, 2, 3, 4, 5, 6, 7] }

/** The table. */
export const RECEIPT_CASES: ReceiptCase[] = [
  {
    name: 'Wed 05:59 CET, a minute before the opening',
    receivedAt: '2026-11-25T04:59:00Z',
    lifetimeHours: 12,
    settings: weekdays,
    kind: 'wait-for-window',
    exchangeBy: '2026-11-25T14:00:00Z',
  },
  {
    name: 'Wed 06:00 CET, the opening minute',
    receivedAt: '2026-11-25T05:00:00Z',
    lifetimeHours: 12,
    settings: weekdays,
    kind: 'exchange-before-close',
    exchangeBy: '2026-11-25T14:00:00Z',
  },
  {
    name: 'Wed 14:29 CET, the last minute before the soft close',
    receivedAt: '2026-11-25T13:29:00Z',
    lifetimeHours: 12,
    settings: weekdays,
    kind: 'exchange-before-close',
    exchangeBy: '2026-11-25T14:00:00Z',
  },
  {
    name: 'Wed 14:30 CET, the soft-close minute (still staffed)',
    receivedAt: '2026-11-25T13:30:00Z',
    lifetimeHours: 12,
    settings: weekdays,
    kind: 'exchange-before-close',
    exchangeBy: '2026-11-25T14:00:00Z',
  },
  {
    name: 'Wed 14:59 CET, the last staffed minute',
    receivedAt: '2026-11-25T13:59:00Z',
    lifetimeHours: 12,
    settings: weekdays,
    kind: 'exchange-before-close',
    exchangeBy: '2026-11-25T14:00:00Z',
  },
  {
    name: 'Wed 15:00 CET, the hard-close minute: expires Thu 03:00, before the 06:00 opening',
    receivedAt: '2026-11-25T14:00:00Z',
    lifetimeHours: 12,
    settings: weekdays,
    kind: 'unreachable',
  },
  {
    name: 'Wed 10:00 CET with a 24-hour lifetime: still valid at Thursday 06:00',
    receivedAt: '2026-11-25T09:00:00Z',
    lifetimeHours: 24,
    settings: weekdays,
    kind: 'in-time',
    exchangeBy: '2026-11-26T09:00:00Z',
  },
  {
    name: 'Fri 10:00 CET: the weekend follows',
    receivedAt: '2026-11-27T09:00:00Z',
    lifetimeHours: 12,
    settings: weekdays,
    kind: 'exchange-before-close',
    exchangeBy: '2026-11-27T14:00:00Z',
  },
  {
    name: 'Fri 16:00 CET with 24 hours: expires Saturday',
    receivedAt: '2026-11-27T15:00:00Z',
    lifetimeHours: 24,
    settings: weekdays,
    kind: 'unreachable',
  },
  {
    name: 'Sat 10:00 CET: nobody until Monday',
    receivedAt: '2026-11-28T09:00:00Z',
    lifetimeHours: 12,
    settings: weekdays,
    kind: 'unreachable',
  },
  {
    name: 'Sun 22:00 CET: valid at Monday 06:00',
    receivedAt: '2026-11-29T21:00:00Z',
    lifetimeHours: 12,
    settings: weekdays,
    kind: 'wait-for-window',
    exchangeBy: '2026-11-30T09:00:00Z',
  },
  {
    name: 'Sat 2026-03-28 17:30 CET: 12 real hours end at 06:30 CEST (the night is an hour shorter)',
    receivedAt: '2026-03-28T16:30:00Z',
    lifetimeHours: 12,
    settings: everyDay,
    kind: 'wait-for-window',
    exchangeBy: '2026-03-29T04:30:00Z',
  },
  {
    name: 'Sat 2026-03-28 17:00 CET: expires at 06:00 CEST, the opening minute itself',
    receivedAt: '2026-03-28T16:00:00Z',
    lifetimeHours: 12,
    settings: everyDay,
    kind: 'unreachable',
  },
  {
    name: 'Sun 2026-03-29 14:59 CEST, the last staffed minute of the short day',
    receivedAt: '2026-03-29T12:59:00Z',
    lifetimeHours: 12,
    settings: everyDay,
    kind: 'exchange-before-close',
    exchangeBy: '2026-03-29T13:00:00Z',
  },
  {
    name: 'Sun 2026-03-29 15:00 CEST, the hard close of the short day',
    receivedAt: '2026-03-29T13:00:00Z',
    lifetimeHours: 12,
    settings: everyDay,
    kind: 'unreachable',
  },
  {
    name: 'Sat 2026-10-24 18:30 CEST: 12 real hours end at 05:30 CET (the night is an hour longer)',
    receivedAt: '2026-10-24T16:30:00Z',
    lifetimeHours: 12,
    settings: everyDay,
    kind: 'unreachable',
  },
  {
    name: 'Sat 2026-10-24 19:30 CEST: expires 06:30 CET on the long day',
    receivedAt: '2026-10-24T17:30:00Z',
    lifetimeHours: 12,
    settings: everyDay,
    kind: 'wait-for-window',
    exchangeBy: '2026-10-25T05:30:00Z',
  },
  {
    name: 'Sun 2026-10-25 06:00 CET, the opening of the long day',
    receivedAt: '2026-10-25T05:00:00Z',
    lifetimeHours: 12,
    settings: everyDay,
    kind: 'exchange-before-close',
    exchangeBy: '2026-10-25T14:00:00Z',
  },
  {
    name: 'Fri 2026-10-23 15:01 CEST, 64 h: Monday 06:01 CET across the fall-back night',
    receivedAt: '2026-10-23T13:01:00Z',
    lifetimeHours: 64,
    settings: weekdays,
    kind: 'wait-for-window',
    exchangeBy: '2026-10-26T05:01:00Z',
  },
  {
    name: 'Fri 2026-10-23 15:01 CEST, 63 h: Monday 05:01 CET, a minute short',
    receivedAt: '2026-10-23T13:01:00Z',
    lifetimeHours: 63,
    settings: weekdays,
    kind: 'unreachable',
  },
]

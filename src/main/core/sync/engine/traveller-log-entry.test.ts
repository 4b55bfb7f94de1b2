import { describe, expect, it } from 'vitest'
import { ConcurError } from '../../concur/concur-error'
import { correlationOf, errorText, travellerLogEntry } from './traveller-log-entry'

const entity = { id: 'e1', name: 'Acme' }

describe('traveller log entry', () => {
  it('records a success with its duration and no error', () => {
    expect(
      travellerLogEntry({
        entity,
        runId: 'run-1',
        direction: 'concur-to-faces',
        traveller: 'ann@acme.test',
        outcome: 'success',
        message: 'Created in Faces',
        durationMs: 12,
      }),
    ).toEqual({
      entityId: 'e1',
      entityName: 'Acme',
      runId: 'run-1',
      direction: 'concur-to-faces',
      traveller: 'ann@acme.test',
      kind: 'traveller',
      outcome: 'success',
      message: 'Created in Faces',
      durationMs: 12,
      error: null,
      correlationId: null,
    })
  })

  it('takes the error text and correlation id from the failure', () => {
    const err = new ConcurError('remote-failed', 'Concur failed (HTTP 500).', { correlationId: 'e1-abc' })
    expect(
      travellerLogEntry({
        entity,
        runId: null,
        direction: 'faces-to-concur',
        traveller: null,
        outcome: 'failed',
        message: 'Could not push',
        err,
      }),
    ).toMatchObject({ error: 'ConcurError: Concur failed (HTTP 500).', correlationId: 'e1-abc', runId: null })
  })

  it('keeps a correlation id given for a call that did not fail', () => {
    expect(
      travellerLogEntry({
        entity,
        runId: 'r',
        direction: 'faces-to-concur',
        traveller: 'a',
        outcome: 'warning',
        message: 'W012',
        correlationId: 'e1-def',
      }).correlationId,
    ).toBe('e1-def')
  })

  it('describes any thrown value', () => {
    expect(errorText(new TypeError('x'))).toBe('TypeError: x')
    expect(errorText('plain')).toBe('plain')
    expect(correlationOf(null)).toBeNull()
    expect(correlationOf({ correlationId: 7 })).toBeNull()
  })
})

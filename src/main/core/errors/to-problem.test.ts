import { describe, expect, it } from 'vitest'
import { secretRegistry } from '../../logging/redact'
import { DeskError } from './desk-error'
import { BUG_MESSAGE, isUnexpected, toProblem } from './to-problem'

describe('toProblem', () => {
  it('keeps the kind, message, fields and correlation id of a desk error', () => {
    const err = new DeskError('invalid-input', 'Enter the Faces URL.', {
      fields: { 'production.facesBaseUrl': 'Enter the Faces URL.' },
      correlationId: '110034-c0ffee',
    })
    expect(toProblem(err)).toEqual({
      kind: 'invalid-input',
      message: 'Enter the Faces URL.',
      fields: { 'production.facesBaseUrl': 'Enter the Faces URL.' },
      correlationId: '110034-c0ffee',
    })
  })

  it('masks a registered secret that slipped into a message', () => {
    secretRegistry.register('rt-to-problem-secret-9f8e7d6c5b4a')
    const p = toProblem(new DeskError('conflict', 'Faces still has rt-to-problem-secret-9f8e7d6c5b4a.'))
    expect(p.message).not.toContain('rt-to-problem-secret-9f8e7d6c5b4a')
    expect(p.kind).toBe('conflict')
  })

  it('turns anything unclassified into a bug without its text', () => {
    for (const err of [
      new TypeError('Cannot read refresh_token=rt-leak-123 of undefined'),
      Object.assign(new Error('client_secret=cs-leak'), { kind: 'offline' }),
      'a thrown string with at-leaking-token',
      null,
    ]) {
      expect(toProblem(err)).toEqual({ kind: 'bug', message: BUG_MESSAGE })
      expect(isUnexpected(err)).toBe(true)
    }
  })

  it('reads an abort as cancelled, not as a bug', () => {
    const abort = Object.assign(new Error('The operation was aborted'), { name: 'AbortError' })
    expect(toProblem(abort)).toEqual({ kind: 'cancelled', message: 'The operation was cancelled.' })
    expect(isUnexpected(abort)).toBe(false)
    expect(toProblem(new DOMException('x', 'AbortError')).kind).toBe('cancelled')
  })
})

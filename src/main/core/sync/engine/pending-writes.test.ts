import { describe, expect, it } from 'vitest'
import { FacesError } from '../../faces/faces-error'
import { hashFlat } from '../../faces/faces-traveller'
import type { TravellerState } from '../sync-state'
import { readFacesTraveller, resolvePending } from './pending-writes'

function traveller(over: Partial<TravellerState> = {}): TravellerState {
  const base = { 'name.first': 'Ann', 'name.last': 'Old' }
  return {
    loginId: 'ann@acme.test',
    concurUuid: null,
    employeeId: null,
    facesId: 'f-1',
    name: 'Ann Old',
    base,
    baseHash: hashFlat(base),
    c2fHash: null,
    f2cHash: null,
    lastConcurToFacesMs: null,
    lastFacesToConcurMs: null,
    lastOutcome: null,
    pending: { 'name.first': 'Ann', 'name.last': 'New' },
    pendingFirstContact: false,
    ...over,
  }
}

describe('pending-write recovery', () => {
  it('takes an update as landed when Faces holds every field it set', () => {
    const t = traveller()
    resolvePending(t, { 'name.first': 'Ann', 'name.last': 'New', email: 'x' })
    expect(t.base).toEqual({ 'name.first': 'Ann', 'name.last': 'New' })
    expect(t.baseHash).toBe(hashFlat(t.base))
    expect(t.pending).toBeNull()
  })

  it('keeps the old base when the update did not land, so the next write repeats it', () => {
    const t = traveller()
    resolvePending(t, { 'name.first': 'Ann', 'name.last': 'Old' })
    expect(t.base['name.last']).toBe('Old')
    expect(t.pending).toBeNull()
  })

  it('treats a removed field as landed only when Faces no longer has it', () => {
    const t = traveller({ pending: { 'name.first': 'Ann' } })
    resolvePending(t, { 'name.first': 'Ann', 'name.last': 'Old' })
    expect(t.base).toHaveProperty('name.last')
    const u = traveller({ pending: { 'name.first': 'Ann' } })
    resolvePending(u, { 'name.first': 'Ann' })
    expect(u.base).toEqual({ 'name.first': 'Ann' })
  })

  it('takes a first copy as landed when the traveller exists, and not when Faces has none', () => {
    const first = traveller({ base: {}, baseHash: '', pendingFirstContact: true })
    resolvePending(first, { anything: 'x' })
    expect(first.base).toEqual({ 'name.first': 'Ann', 'name.last': 'New' })
    const missing = traveller({ base: {}, baseHash: '', pendingFirstContact: true })
    resolvePending(missing, null)
    expect(missing.base).toEqual({})
    expect(missing.pendingFirstContact).toBe(false)
  })

  it('reads Faces by id, else by login, and says null for an unknown traveller', async () => {
    const calls: string[] = []
    const faces = {
      getTraveller: async (_c: string, id: string) => {
        calls.push(`get ${id}`)
        throw new FacesError('not-found', 'gone', { status: 404 })
      },
      findByLogin: async (_c: string, login: string) => {
        calls.push(`find ${login}`)
        return []
      },
    }
    const signal = new AbortController().signal
    expect(await readFacesTraveller(faces, 'F1', { facesId: 'f-1', loginId: 'a' }, signal)).toBeNull()
    expect(await readFacesTraveller(faces, 'F1', { facesId: null, loginId: 'a' }, signal)).toBeNull()
    expect(calls).toEqual(['get f-1', 'find a'])
    const failing = { ...faces, findByLogin: async () => Promise.reject(new FacesError('offline', 'down')) }
    await expect(readFacesTraveller(failing, 'F1', { facesId: null, loginId: 'a' }, signal)).rejects.toThrow(
      'down',
    )
  })
})

/**
 * A traveller's change notes ("what changed last time", per direction) on both backends: they are
 * written with the traveller's row, read back by changeNotes, and not kept in the sync state the
 * store holds in memory (they were two fifths of it). A note for one direction keeps the other's,
 * across a restart and across a change of the traveller's key.
 */
import { afterAll, describe, expect, it } from 'vitest'
import type { ChangeNote } from '../../../../shared/sync-model'
import { withChangeNote } from '../../../core/sync/change-note'
import { putTraveller, removeTraveller, type TravellerState } from '../../../core/sync/sync-state'
import type { OpenedDeskStorage } from '../open-desk-storage'
import { BACKENDS, freshLocation, openTestStorage } from '../test-backends.test-helper'

const opened: OpenedDeskStorage[] = []
afterAll(async () => {
  await Promise.all(opened.map((o) => o.storage.close()))
})

const note = (atMs: number, field: string): ChangeNote => ({
  atMs,
  isFirstCopy: false,
  changes: [{ field, label: field, before: 'old', after: 'new' }],
})

const traveller = (loginId: string, previous?: TravellerState): TravellerState => ({
  loginId,
  concurUuid: 'uuid-1',
  employeeId: 'E1',
  facesId: 'F1',
  name: 'Ann Example',
  base: { 'name.first': 'Ann' },
  baseHash: 'h1',
  c2fHash: null,
  f2cHash: null,
  lastConcurToFacesMs: previous?.lastConcurToFacesMs ?? null,
  lastFacesToConcurMs: previous?.lastFacesToConcurMs ?? null,
  lastOutcome: 'success',
})

describe.each(BACKENDS)('traveller change notes on %s', (backend) => {
  it('keeps the notes in the database, not in memory, per direction, across a restart and a new key', async () => {
    const location = freshLocation(backend)
    const first = await openTestStorage(backend, { location })
    opened.push(first)
    const store = first.storage.engineStores().stateStore
    const st = await store.load('e1')

    putTraveller(st, 'ann', {
      ...traveller('ann'),
      ...withChangeNote(undefined, 'concur-to-faces', note(1, 'name.last')),
    })
    const saved = store.saveTravellers('e1', ['ann'])
    // Asked for before the group commit: the queued write is waited for, not missed.
    const early = store.changeNotes('e1', 'ann')
    await saved
    expect(await early).toEqual({ 'concur-to-faces': note(1, 'name.last') })
    expect(store.peek('e1')!.travellers['ann']).not.toHaveProperty('lastChanges')

    // The engine builds the next state from the one in memory (now without notes): the other
    // direction's note stays in the row.
    putTraveller(st, 'ann', {
      ...traveller('ann'),
      ...withChangeNote(st.travellers['ann'], 'faces-to-concur', note(2, 'name.first')),
    })
    await store.saveTravellers('e1', ['ann'])
    const both = { 'concur-to-faces': note(1, 'name.last'), 'faces-to-concur': note(2, 'name.first') }
    expect(await store.changeNotes('e1', 'ann')).toEqual(both)
    // A write without a new note (e.g. a poll that changed nothing) keeps both.
    putTraveller(st, 'ann', {
      ...traveller('ann'),
      ...withChangeNote(st.travellers['ann'], 'concur-to-faces', null),
    })
    await store.save('e1')
    expect(await store.changeNotes('e1', 'ann')).toEqual(both)
    await first.storage.close()
    opened.pop()

    const second = await openTestStorage(backend, { location })
    opened.push(second)
    const again = second.storage.engineStores().stateStore
    const st2 = await again.load('e1')
    expect(st2.travellers['ann']).not.toHaveProperty('lastChanges')
    expect(await again.changeNotes('e1', 'ann')).toEqual(both)

    // The login ID changed: the traveller moves to a new key and keeps its notes.
    putTraveller(st2, 'ann.new', traveller('ann.new', st2.travellers['ann']))
    removeTraveller(st2, 'ann')
    await again.saveTravellers('e1', ['ann', 'ann.new'])
    expect(await again.changeNotes('e1', 'ann.new')).toEqual(both)
    expect(await again.changeNotes('e1', 'ann')).toEqual({})
    expect(await again.changeNotes('e1', 'nobody')).toEqual({})
  })
})

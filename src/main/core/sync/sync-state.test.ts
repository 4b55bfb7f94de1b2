import { appendFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  createSyncStateStore,
  emptyEntityState,
  findTravellerByIds,
  putTraveller,
  removeTraveller,
  type TravellerState,
} from './sync-state'

const tmp = (): Promise<string> => mkdtemp(join(tmpdir(), 'sync-state-'))
const files = (dir: string, id: string) => ({
  snapshot: join(dir, 'sync', 'entities', `${id}.json`),
  journal: join(dir, 'sync', 'entities', `${id}.journal`),
})

function traveller(login: string, name: string): TravellerState {
  return {
    loginId: login,
    concurUuid: null,
    employeeId: null,
    facesId: `F-${login}`,
    name,
    base: { 'name.last': name },
    baseHash: name,
    c2fHash: null,
    f2cHash: null,
    lastConcurToFacesMs: null,
    lastFacesToConcurMs: null,
    lastOutcome: 'success',
  }
}

const journalLines = async (file: string): Promise<string[]> =>
  (await readFile(file, 'utf8')).split('\n').filter(Boolean)

describe('sync state: snapshot + journal', () => {
  it('journals traveller and progress saves as lines, replays them after a restart and then compacts', async () => {
    const dir = await tmp()
    const a = createSyncStateStore(dir)
    const st = await a.load('e1')
    st.travellers['u1'] = traveller('u1', 'One')
    st.travellers['u2'] = traveller('u2', 'Two')
    await a.saveTravellers('e1', ['u1', 'u2'])
    st.watermarkMs = 1234
    st.retry['u3'] = { loginId: 'u3', lastModifiedMs: 1, error: 'boom', attempts: 1, sinceMs: 1 }
    await a.saveProgress('e1')
    delete st.travellers['u2']
    await a.saveTravellers('e1', ['u2'])
    const { snapshot, journal } = files(dir, 'e1')
    // Four lines: the header, two travellers, progress, one removal; no snapshot written yet.
    expect(await journalLines(journal)).toHaveLength(5)
    await expect(readFile(snapshot, 'utf8')).rejects.toThrow(/ENOENT/)

    const b = createSyncStateStore(dir)
    const back = await b.load('e1')
    expect(back.watermarkMs).toBe(1234)
    expect(Object.keys(back.travellers)).toEqual(['u1'])
    expect(back.travellers['u1']?.name).toBe('One')
    expect(back.retry['u3']?.error).toBe('boom')
    // Loading folded the journal into a snapshot and started a fresh journal.
    expect(JSON.parse(await readFile(snapshot, 'utf8'))).toMatchObject({ journalGen: 1, watermarkMs: 1234 })
    expect(await journalLines(journal)).toEqual(['{"gen":1}'])
  })

  it('drops a torn last line (an append the kill interrupted) and keeps every complete one', async () => {
    const dir = await tmp()
    const a = createSyncStateStore(dir)
    const st = await a.load('e1')
    st.travellers['u1'] = traveller('u1', 'Kept')
    await a.saveTravellers('e1', ['u1'])
    await appendFile(files(dir, 'e1').journal, '{"k":"u2","t":{"loginId":"u2","na')
    const back = await createSyncStateStore(dir).load('e1')
    expect(Object.keys(back.travellers)).toEqual(['u1'])
    // The next process appends to a clean journal, not after the torn bytes.
    const c = createSyncStateStore(dir)
    const again = await c.load('e1')
    again.travellers['u3'] = traveller('u3', 'Three')
    await c.saveTravellers('e1', ['u3'])
    expect(Object.keys((await createSyncStateStore(dir).load('e1')).travellers).sort()).toEqual(['u1', 'u3'])
  })

  it('ignores a journal of an older generation (a kill between a snapshot and the journal reset)', async () => {
    const dir = await tmp()
    const a = createSyncStateStore(dir)
    const st = await a.load('e1')
    st.travellers['u1'] = traveller('u1', 'New')
    await a.save('e1')
    const { journal } = files(dir, 'e1')
    await writeFile(journal, `{"gen":0}\n${JSON.stringify({ k: 'u1', t: traveller('u1', 'Old') })}\n`)
    expect((await createSyncStateStore(dir).load('e1')).travellers['u1']?.name).toBe('New')
  })

  it('writes a header first when the journal is missing, so appends after a snapshot are replayed', async () => {
    const dir = await tmp()
    const a = createSyncStateStore(dir)
    ;(await a.load('e1')).watermarkMs = 5
    await a.save('e1')
    await rm(files(dir, 'e1').journal)
    const b = createSyncStateStore(dir)
    const st = await b.load('e1')
    st.travellers['u1'] = traveller('u1', 'After')
    await b.saveTravellers('e1', ['u1'])
    const back = await createSyncStateStore(dir).load('e1')
    expect([back.watermarkMs, back.travellers['u1']?.name]).toEqual([5, 'After'])
  })

  it('refuses a corrupt complete line instead of silently resetting the state', async () => {
    const dir = await tmp()
    const a = createSyncStateStore(dir)
    ;(await a.load('e1')).travellers['u1'] = traveller('u1', 'x')
    await a.saveTravellers('e1', ['u1'])
    await appendFile(files(dir, 'e1').journal, 'not json\n')
    await expect(createSyncStateStore(dir).load('e1')).rejects.toThrow(SyntaxError)
  })

  it('group-commits concurrent saves and folds a journal that outgrows its snapshot', async () => {
    const dir = await tmp()
    const a = createSyncStateStore(dir, { minCompactBytes: 4_000 })
    const st = await a.load('e1')
    await Promise.all(
      [...Array(200)].map((_, i) => {
        st.travellers[`u${i}`] = traveller(`u${i}`, `Name ${i}`)
        return a.saveTravellers('e1', [`u${i}`])
      }),
    )
    await a.flush()
    const snap = JSON.parse(await readFile(files(dir, 'e1').snapshot, 'utf8')) as { journalGen: number }
    expect(snap.journalGen).toBeGreaterThanOrEqual(1)
    const back = await createSyncStateStore(dir).load('e1')
    expect(Object.keys(back.travellers)).toHaveLength(200)
    expect(back.travellers['u199']?.name).toBe('Name 199')
  })

  it('keeps the order of appends and snapshots: the last save of a traveller wins', async () => {
    const dir = await tmp()
    const a = createSyncStateStore(dir)
    const st = await a.load('e1')
    const saves: Array<Promise<void>> = []
    for (let i = 0; i < 30; i++) {
      st.travellers['u1'] = traveller('u1', `v${i}`)
      saves.push(i % 7 === 3 ? a.save('e1') : a.saveTravellers('e1', ['u1']))
    }
    await Promise.all(saves)
    expect((await createSyncStateStore(dir).load('e1')).travellers['u1']?.name).toBe('v29')
  })

  it('after freeze (a kill), later saves never reach the disk', async () => {
    const dir = await tmp()
    const a = createSyncStateStore(dir)
    const st = await a.load('e1')
    st.travellers['u1'] = traveller('u1', 'Before')
    await a.saveTravellers('e1', ['u1'])
    a.freeze()
    st.travellers['u1'] = traveller('u1', 'After')
    await a.saveTravellers('e1', ['u1'])
    await a.save('e1')
    expect((await createSyncStateStore(dir).load('e1')).travellers['u1']?.name).toBe('Before')
  })
})

describe('sync state after a kill', () => {
  it('a state loaded after freeze replays its journal but does not fold it into a snapshot', async () => {
    const dir = await tmp()
    const a = createSyncStateStore(dir)
    ;(await a.load('e1')).travellers['u1'] = traveller('u1', 'Journaled')
    await a.saveTravellers('e1', ['u1'])
    const b = createSyncStateStore(dir)
    b.freeze()
    expect((await b.load('e1')).travellers['u1']?.name).toBe('Journaled')
    await b.flush()
    await expect(readFile(files(dir, 'e1').snapshot, 'utf8')).rejects.toThrow(/ENOENT/)
  })
})

describe('traveller lookup by Concur UUID and employee id', () => {
  const withIds = (login: string, uuid: string | null, emp: string | null): TravellerState => ({
    ...traveller(login, login),
    concurUuid: uuid,
    employeeId: emp,
  })

  it('finds by UUID first, then by employee id, and follows puts and removals after the first lookup', () => {
    const st = emptyEntityState()
    st.travellers['a'] = withIds('a', 'U1', 'E1') // present before the index is built
    expect(findTravellerByIds(st, 'U1', null)?.key).toBe('a')
    putTraveller(st, 'b', withIds('b', 'U2', 'E2'))
    expect(findTravellerByIds(st, 'U2', null)?.key).toBe('b')
    expect(findTravellerByIds(st, 'nope', 'E2')?.key).toBe('b')
    expect(findTravellerByIds(st, 'U2', 'E1')?.key).toBe('b') // UUID wins over employee id
    // A login-id change: the state moves to a new key; the old one is gone from the index.
    putTraveller(st, 'b2', withIds('b2', 'U2', 'E2'))
    removeTraveller(st, 'b')
    expect(findTravellerByIds(st, 'U2', null)?.key).toBe('b2')
    // A traveller replaced under the same key with other ids is found by the new ones only.
    putTraveller(st, 'a', withIds('a', 'U9', null))
    expect(findTravellerByIds(st, 'U1', 'E1')).toBeNull()
    expect(findTravellerByIds(st, 'U9', null)?.key).toBe('a')
    expect(findTravellerByIds(st, null, null)).toBeNull()
  })

  it('journal replay keeps the index exact', async () => {
    const dir = await tmp()
    const a = createSyncStateStore(dir)
    const st = await a.load('e1')
    putTraveller(st, 'x', withIds('x', 'UX', 'EX'))
    await a.saveTravellers('e1', ['x'])
    putTraveller(st, 'y', withIds('y', 'UX', 'EX'))
    removeTraveller(st, 'x')
    await a.saveTravellers('e1', ['x', 'y'])
    const back = await createSyncStateStore(dir).load('e1')
    expect(findTravellerByIds(back, 'UX', null)?.key).toBe('y')
  })
})

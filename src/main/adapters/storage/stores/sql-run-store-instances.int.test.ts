/**
 * The runs of a team-desk instance that stopped answering, closed by a survivor on both backends:
 * only that instance's open runs (by their id prefix), as interrupted, with the reason in the history.
 */
import { afterAll, describe, expect, it } from 'vitest'
import type { SyncRunView } from '../../../../shared/model'
import { emptyRunCounts } from '../../../../shared/run-counts'
import type { OpenedDeskStorage } from '../open-desk-storage'
import { BACKENDS, openTestStorage } from '../test-backends.test-helper'

const opened: OpenedDeskStorage[] = []
afterAll(async () => {
  await Promise.all(opened.map((o) => o.storage.close()))
})

const run = (runId: string, state: SyncRunView['state']): SyncRunView => ({
  runId,
  entityId: 'e1',
  kind: 'scheduled',
  direction: 'concur-to-faces',
  state,
  pagesDone: 0,
  pagesTotal: null,
  profilesDone: 0,
  profilesTotal: null,
  failed: 0,
  counts: emptyRunCounts(),
  startedAtMs: 5,
  finishedAtMs: state === 'done' ? 6 : null,
})

describe.each(BACKENDS)('runs of a stopped instance on %s', (backend) => {
  it("closes only that instance's open runs, saying why", async () => {
    const o = await openTestStorage(backend)
    opened.push(o)
    const runs = o.storage.engineStores().runs
    for (const r of [
      run('run-deadbeef-a1', 'running'),
      run('run-deadbeef-a2', 'queued'),
      run('run-deadbeef-a3', 'done'),
      run('run-livelive-b1', 'running'),
      // A LIKE pattern would match this one (`_` is any character): the prefix is taken literally.
      run('run-deadbeefXa4', 'running'),
    ])
      await runs.save(r)
    await runs.flush()
    const why =
      'Interrupted: the team-desk instance deadbeef stopped answering; instance livelive took its work over.'
    expect(await runs.closeInterrupted(9, { runIdPrefix: 'run-deadbeef-', problem: why })).toBe(2)
    const history = await runs.history({ entityId: 'e1', limit: 10 })
    const byId = new Map(history.map((h) => [h.runId, h]))
    expect(byId.get('run-deadbeef-a1')).toMatchObject({ state: 'interrupted', problem: why })
    expect(byId.get('run-deadbeef-a2')).toMatchObject({ state: 'interrupted', problem: why })
    expect(byId.get('run-deadbeef-a3')).toMatchObject({ state: 'done', problem: null })
    expect(byId.get('run-livelive-b1')).toMatchObject({ state: 'running', problem: null })
    expect(byId.get('run-deadbeefXa4')).toMatchObject({ state: 'running' })
  })
})

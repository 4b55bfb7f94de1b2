import { describe, expect, it } from 'vitest'
import { loginChangeNotification, pollFailingNotification } from './sync-notifications'

const entity = { id: 'e1', name: 'Acme' }

describe('sync notifications', () => {
  it('says whether a login change was applied or only flagged', () => {
    const applied = loginChangeNotification(entity, 'old@a', 'new@a', true, 5)
    const flagged = loginChangeNotification(entity, 'old@a', 'new@a', false, 5)
    expect(applied).toMatchObject({ level: 'warning', entityId: 'e1', atMs: 5 })
    expect(applied.title).toBe('Concur login ID changed in Acme')
    expect(applied.body).toContain('no second profile was created')
    expect(flagged.body).toContain('policy: flag only')
    expect(applied.id).not.toBe(loginChangeNotification(entity, 'old@a', 'other@a', true, 5).id)
  })

  it('repeats the problem of failing polls and says the desk keeps trying', () => {
    const n = pollFailingNotification(entity, { kind: 'offline', message: "Can't reach Concur." }, 9)
    expect(n).toMatchObject({ level: 'error', title: 'Polling Acme keeps failing', atMs: 9 })
    expect(n.body).toBe("Can't reach Concur. The desk keeps trying at every scheduled run.")
    expect(pollFailingNotification(entity, null, 9).body).toContain('The last three polls failed.')
  })
})

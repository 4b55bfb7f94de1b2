// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Problem } from '../../../../shared/result'
import { setDeskApiForTests } from '../../api/desk-api-client'
import { useNowStore } from '../../lib/now-store'
import { makeToken } from '../../testing/demo-data'
import { createFakeDeskApi } from '../../testing/fake-desk-api'
import { useNavStore } from '../app/nav-store'
import { useToastsStore } from '../notifications/toasts-store'
import { usePasteStore } from './paste-store'

const NOW = Date.UTC(2026, 10, 25, 9)
const exchanged = makeToken(1, NOW, { state: 'exchanged', exchangedAtMs: NOW, handOff: null })

const OFFLINE: Problem = { kind: 'offline', message: 'The desk service is not answering.' }

function deskAnswering(ok: boolean): void {
  setDeskApiForTests(
    createFakeDeskApi({
      nowMs: NOW,
      overrides: {
        'tokens:submit': () =>
          ok
            ? { ok: true, value: { accepted: [exchanged], rejected: [], skipped: [], createdEntities: [] } }
            : { ok: false, problem: OFFLINE },
      },
    }),
  )
}

beforeEach(() => {
  useNowStore.setState({ nowMs: NOW })
  useToastsStore.setState({ toasts: [], seen: new Set(), history: [] })
  usePasteStore.getState().clear()
  usePasteStore.setState({ text: 'Entity/Outtask ID: 110034' })
})
afterEach(() => setDeskApiForTests(null))

describe('submitting tokens', () => {
  it('says nothing extra while the paste screen shows the result', async () => {
    deskAnswering(true)
    useNavStore.setState({ route: { screen: 'tokens' } })
    await usePasteStore.getState().submitTokens()
    expect(usePasteStore.getState().submit.status).toBe('done')
    expect(useToastsStore.getState().toasts).toEqual([])
  })

  it('toasts the outcome, with the way back, to whoever left the paste screen while it ran', async () => {
    deskAnswering(true)
    useNavStore.setState({ route: { screen: 'overview' } })
    await usePasteStore.getState().submitTokens()
    const [toast] = useToastsStore.getState().toasts
    expect(toast).toMatchObject({ level: 'success', title: 'Tokens submitted' })
    expect(toast?.body).toBe('1 token taken in: 1 exchanged.')
    expect(toast?.action?.route).toEqual({ screen: 'tokens' })
  })

  it('toasts a failed submit as a failure when the user is elsewhere', async () => {
    deskAnswering(false)
    useNavStore.setState({ route: { screen: 'entities' } })
    await usePasteStore.getState().submitTokens()
    const [toast] = useToastsStore.getState().toasts
    expect(toast).toMatchObject({ level: 'error', title: 'The tokens were not submitted' })
    expect(toast?.body).toContain('The desk service is not answering.')
  })
})

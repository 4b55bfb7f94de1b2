// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { SANDBOX_SWITCH_IDS } from '../../../../shared/sandbox-switches'
import { setDeskApiForTests } from '../../api/desk-api-client'
import { createFakeDeskApi } from '../../testing/fake-desk-api'
import { useAppStore } from '../app/app-store'
import { useEntitiesStore } from '../entities/entities-store'
import { bannerText, SandboxBanner } from './sandbox-banner'
import { GROUPED_SWITCH_IDS, SandboxScreen } from './sandbox-screen'
import { useSandboxStore } from './sandbox-store'

const NOW = Date.UTC(2026, 10, 25, 9, 41) // 10:41 CET

afterEach(() => {
  cleanup()
  setDeskApiForTests(null)
  useSandboxStore.setState({ status: { status: 'idle' }, busy: null, problems: {} })
})

async function start(opts: Parameters<typeof createFakeDeskApi>[0] = {}) {
  const api = createFakeDeskApi({ nowMs: NOW, entityCount: 12, ...opts })
  setDeskApiForTests(api)
  await act(async () => {
    await useAppStore.getState().load()
    await useEntitiesStore.getState().load()
    await useSandboxStore.getState().load()
  })
  return api
}

describe('the Sandbox panel', () => {
  it('places every switch in a group', () => {
    expect([...GROUPED_SWITCH_IDS].sort()).toEqual([...SANDBOX_SWITCH_IDS].sort())
  })

  it('turns a switch on with the entity it needs, and the banner says so until it is turned off', async () => {
    const api = await start()
    render(
      <>
        <SandboxBanner />
        <SandboxScreen />
      </>,
    )
    expect(screen.queryByRole('region', { name: 'Sandbox switches that are on' })).toBeNull()
    await act(async () => {
      fireEvent.click(screen.getByRole('checkbox', { name: 'Concur is down' }))
    })
    expect(api.calls.find((c) => c.channel === 'sandbox:set-switch')?.input).toEqual({
      switch: 'concur-down',
      on: true,
    })
    const banner = screen.getByRole('region', { name: 'Sandbox switches that are on' })
    expect(banner.textContent).toContain('Sandbox: Concur is down (switched on 10:41)')
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Turn off: Concur is down' }))
    })
    expect(screen.queryByRole('region', { name: 'Sandbox switches that are on' })).toBeNull()

    await act(async () => {
      fireEvent.click(screen.getByRole('checkbox', { name: 'A dead refresh token (108)' }))
    })
    const sent = api.calls.filter((c) => c.channel === 'sandbox:set-switch').at(-1)?.input as {
      entityId?: string
    }
    expect(sent.entityId).toMatch(/^ent-/)
  })

  it('says why an entity switch cannot be used when no entity is connected', async () => {
    await start({ entityCount: 1 })
    render(<SandboxScreen />)
    const box = screen.getByRole('checkbox', { name: 'A login-ID change' }) as HTMLInputElement
    expect(box.disabled).toBe(true)
    const reason = box
      .getAttribute('aria-describedby')
      ?.split(' ')
      .map((id) => document.getElementById(id)?.textContent)
      .join(' ')
    expect(reason).toContain('Connect an entity first')
  })

  it('words the banner with the business time', () => {
    expect(bannerText('Faces is down', NOW)).toBe('Sandbox: Faces is down (switched on 10:41)')
  })
})

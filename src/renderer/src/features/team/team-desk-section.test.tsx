// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { CertificateFacts, TeamDeskStatus } from '../../../../shared/team-link-model'
import { setDeskApiForTests } from '../../api/desk-api-client'
import { connectPushes } from '../../connect-pushes'
import { createFakeDeskApi, type FakeDeskOptions } from '../../testing/fake-desk-api'
import { TeamChip } from './team-chip'
import { TeamDeskSection } from './team-desk-section'
import { setReloadForTests, useTeamStore } from './team-store'

const cert = (fingerprint: string): CertificateFacts => ({
  fingerprint256: fingerprint,
  subject: 'CN=desk.umbrella.local',
  issuer: 'CN=desk.umbrella.local',
  names: ['desk.umbrella.local'],
  validFromMs: Date.UTC(2026, 10, 1),
  validToMs: Date.UTC(2027, 10, 1),
})
const FP_A = Array.from({ length: 32 }, () => 'AB').join(':')
const FP_B = Array.from({ length: 32 }, () => 'CD').join(':')
const connected: TeamDeskStatus = {
  mode: 'client',
  url: 'https://desk.umbrella.local:8443',
  host: 'desk.umbrella.local:8443',
  state: 'connected',
  userName: 'Anna',
  certificate: cert(FP_A),
  message: null,
}

let reloads = 0
function electronApi(overrides: FakeDeskOptions['overrides']) {
  const api = { ...createFakeDeskApi({ overrides }), transport: 'electron' as const }
  setDeskApiForTests(api)
  connectPushes(api)
  return api
}

beforeEach(() => {
  reloads = 0
  setReloadForTests(() => reloads++)
  useTeamStore.setState({ status: null, confirming: null, problem: null, busy: false })
})
afterEach(() => {
  cleanup()
  setDeskApiForTests(null)
  setReloadForTests(null)
})

describe('Settings → Team desk', () => {
  it('is not offered in a browser (the page is served by its desk)', () => {
    setDeskApiForTests(createFakeDeskApi())
    const { container } = render(<TeamDeskSection />)
    expect(container.textContent).toBe('')
  })

  it('connects: shows the certificate first, pins it on confirm, then the header says where and as whom', async () => {
    const api = electronApi({
      'team:status': () => ({ ok: true, value: { mode: 'solo' } }),
      'team:connect': (input) => ({
        ok: true,
        value: { step: 'confirm-certificate', url: input.url, certificate: cert(FP_A), pinned: null },
      }),
      'team:confirm-certificate': () => ({ ok: true, value: { step: 'connected', status: connected } }),
    })
    render(
      <>
        <TeamChip />
        <TeamDeskSection />
      </>,
    )
    expect(await screen.findByText(/This computer runs its own desk/)).toBeTruthy()
    fireEvent.change(screen.getByLabelText('Team desk address'), {
      target: { value: 'https://desk.umbrella.local:8443' },
    })
    fireEvent.change(screen.getByLabelText('User name'), { target: { value: 'anna' } })
    fireEvent.change(screen.getByLabelText('Password'), { target: { value: 'correct horse' } })
    fireEvent.click(screen.getByRole('button', { name: 'Connect' }))

    const card = await screen.findByRole('alert')
    expect(within(card).getByText(/First connection to/)).toBeTruthy()
    expect(within(card).getByText(FP_A)).toBeTruthy()
    expect(within(card).getByText('CN=desk.umbrella.local (self-signed)')).toBeTruthy()
    const connect = api.calls.find((c) => c.channel === 'team:connect')
    expect(connect?.input).toEqual({
      url: 'https://desk.umbrella.local:8443',
      signIn: { method: 'password', name: 'anna', password: 'correct horse' },
    })
    expect(reloads).toBe(0)

    fireEvent.click(within(card).getByRole('button', { name: 'Trust this certificate and connect' }))
    await screen.findByText(/This app runs no scheduler and keeps no Concur secrets/)
    expect(api.calls.find((c) => c.channel === 'team:confirm-certificate')?.input).toEqual({
      fingerprint256: FP_A,
    })
    expect(reloads).toBe(1) // every screen reloads from the team desk
    expect(screen.getByRole('button', { name: 'Connected to desk.umbrella.local:8443 as Anna' })).toBeTruthy()

    // The desk's pushes keep the chip current (e.g. the session ended).
    act(() => api.emit('team:changed', { ...connected, state: 'signed-out', message: 'Sign in again.' }))
    expect(
      screen.getByRole('button', { name: 'Team desk desk.umbrella.local:8443: not signed in' }),
    ).toBeTruthy()
  })

  it('warns when the certificate changed, shows both, and re-pins only on request', async () => {
    const api = electronApi({
      'team:status': () => ({
        ok: true,
        value: {
          ...connected,
          state: 'certificate-changed',
          message: 'The team desk now presents a different certificate.',
        },
      }),
      'team:connect': (input) => ({
        ok: true,
        value: { step: 'confirm-certificate', url: input.url, certificate: cert(FP_B), pinned: cert(FP_A) },
      }),
    })
    render(<TeamDeskSection />)
    expect(await screen.findByText('The team desk now presents a different certificate.')).toBeTruthy()
    fireEvent.click(screen.getByLabelText('Personal access token'))
    fireEvent.change(screen.getByLabelText('Access token'), { target: { value: 'fcd_abcdefgh12345' } })
    fireEvent.click(screen.getByRole('button', { name: 'Connect' }))
    const card = await screen.findByRole('alert')
    expect(within(card).getByText(/has changed/)).toBeTruthy()
    expect(within(card).getByText(FP_B)).toBeTruthy()
    expect(within(card).getByText(FP_A)).toBeTruthy()
    expect(api.calls.find((c) => c.channel === 'team:connect')?.input).toMatchObject({
      signIn: { method: 'token', token: 'fcd_abcdefgh12345' },
    })
    fireEvent.click(within(card).getByRole('button', { name: 'Cancel' }))
    expect(screen.queryByRole('alert')).toBeNull()
    expect(api.calls.some((c) => c.channel === 'team:confirm-certificate')).toBe(false)
  })

  it('says why a sign-in was refused and stays on the form; a sign-in link names its desk', async () => {
    const api = electronApi({
      'team:status': () => ({ ok: true, value: { mode: 'solo' } }),
      'team:connect': () => ({
        ok: false,
        problem: {
          kind: 'signed-out',
          message: 'The desk did not accept this sign-in link (each works once, for an hour).',
        },
      }),
    })
    render(<TeamDeskSection />)
    fireEvent.click(await screen.findByLabelText('Sign-in link (a desk without named users)'))
    fireEvent.change(screen.getByLabelText('Sign-in link'), {
      target: { value: 'https://desk.umbrella.local:8443/?token=abc' },
    })
    fireEvent.click(screen.getByRole('button', { name: 'Connect' }))
    expect(await screen.findByText(/each works once/)).toBeTruthy()
    expect(api.calls.find((c) => c.channel === 'team:connect')?.input).toEqual({
      url: 'https://desk.umbrella.local:8443',
      signIn: { method: 'link', link: 'https://desk.umbrella.local:8443/?token=abc' },
    })
    expect(reloads).toBe(0)
  })

  it('asks for a new password after a one-time password, then connects with both', async () => {
    let tries = 0
    const api = electronApi({
      'team:status': () => ({ ok: true, value: { mode: 'solo' } }),
      'team:connect': (input) => {
        tries++
        if (input.signIn.method === 'password' && input.signIn.newPassword)
          return { ok: true, value: { step: 'connected', status: connected } }
        return {
          ok: false,
          problem: {
            kind: 'invalid-input',
            message: 'This was a one-time password: choose your own password now (at least 12 characters).',
            fields: { 'signIn.newPassword': 'choose your own password now' },
          },
        }
      },
    })
    render(<TeamDeskSection />)
    fireEvent.change(await screen.findByLabelText('Team desk address'), {
      target: { value: 'https://desk.umbrella.local:8443' },
    })
    fireEvent.change(screen.getByLabelText('User name'), { target: { value: 'ben' } })
    expect(screen.queryByLabelText(/New password/)).toBeNull()
    fireEvent.change(screen.getByLabelText('Password'), { target: { value: 'one-time-pw-123' } })
    fireEvent.click(screen.getByRole('button', { name: 'Connect' }))
    expect(await screen.findByText(/This was a one-time password/)).toBeTruthy()
    fireEvent.change(screen.getByLabelText(/New password/), { target: { value: 'bens own password 1' } })
    fireEvent.click(screen.getByRole('button', { name: 'Connect' }))
    await screen.findByText(/This app runs no scheduler/)
    expect(tries).toBe(2)
    expect(api.calls.filter((c) => c.channel === 'team:connect').map((c) => c.input)).toEqual([
      {
        url: 'https://desk.umbrella.local:8443',
        signIn: { method: 'password', name: 'ben', password: 'one-time-pw-123' },
      },
      {
        url: 'https://desk.umbrella.local:8443',
        signIn: {
          method: 'password',
          name: 'ben',
          password: 'one-time-pw-123',
          newPassword: 'bens own password 1',
        },
      },
    ])
    expect(reloads).toBe(1)
  })
})

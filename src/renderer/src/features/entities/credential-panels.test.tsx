// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { EntityView, SyncLogRecord } from '../../../../shared/model'
import { setDeskApiForTests } from '../../api/desk-api-client'
import { makeEntity } from '../../testing/demo-data'
import { createFakeDeskApi } from '../../testing/fake-desk-api'
import { CredentialHistoryPanel } from './credential-history-panel'
import { CaseComposerPanel } from './case-composer-panel'
import { CredentialPanel } from './entity-panels'

const NOW = Date.parse('2026-11-25T09:35:00Z') // 10:35 CET

afterEach(() => {
  cleanup()
  setDeskApiForTests(null)
})

function withCredential(credential: EntityView['credential']): EntityView {
  return makeEntity(5, NOW, { credential })
}

describe('CredentialPanel', () => {
  it('says Faces holds an older refresh token and since when the desk retries', () => {
    setDeskApiForTests(createFakeDeskApi({ nowMs: NOW }))
    const entity = withCredential({
      state: 'refresh-token',
      sinceMs: NOW - 3_600_000,
      refreshExpiresAtMs: NOW + 90 * 86_400_000,
      isRenewalDue: false,
      exchangedFromTokenId: null,
      handedToFacesAtMs: NOW - 86_400_000,
      faces: {
        generation: 3,
        facesGeneration: 2,
        pendingSinceMs: NOW,
        lastProblem: { kind: 'offline', message: 'The desk cannot reach Faces.' },
      },
    })
    render(<CredentialPanel entity={entity} />)
    expect(screen.getByRole('status').textContent).toBe(
      'Faces holds an older refresh token (generation 2 of 3): retrying since 10:35. Last attempt: The desk cannot reach Faces.',
    )
  })

  it('says Faces holds the current token when it is in step', () => {
    setDeskApiForTests(createFakeDeskApi({ nowMs: NOW }))
    const entity = withCredential({
      state: 'refresh-token',
      sinceMs: NOW,
      refreshExpiresAtMs: null,
      isRenewalDue: false,
      exchangedFromTokenId: null,
      handedToFacesAtMs: NOW,
      faces: { generation: 4, facesGeneration: 4, pendingSinceMs: null, lastProblem: null },
    })
    render(<CredentialPanel entity={entity} />)
    expect(screen.getByText('Faces holds the current refresh token (generation 4).')).toBeTruthy()
  })

  it('puts the case composer one click away when the credential is dead', async () => {
    const api = createFakeDeskApi({ nowMs: NOW })
    setDeskApiForTests(api)
    const entity = withCredential({
      state: 'refresh-token-invalid',
      sinceMs: NOW,
      reason: 'invalid',
      problem: { kind: 'refresh-token-invalid', message: 'Concur no longer accepts the refresh token.' },
    })
    const onCompose = vi.fn()
    const { rerender } = render(
      <>
        <CredentialPanel entity={entity} onComposeCase={onCompose} />
        <CaseComposerPanel entityId={entity.id} composeRequest={0} />
      </>,
    )
    expect(screen.getByText(/^Credential dead since .*: request a new token$/)).toBeTruthy()
    fireEvent.click(screen.getByRole('button', { name: 'Compose the request-token case' }))
    expect(onCompose).toHaveBeenCalledTimes(1)
    await act(async () => {
      rerender(
        <>
          <CredentialPanel entity={entity} onComposeCase={onCompose} />
          <CaseComposerPanel entityId={entity.id} composeRequest={1} />
        </>,
      )
    })
    expect(api.calls.filter((c) => c.channel === 'entities:compose-case')).toHaveLength(1)
    expect(screen.getByLabelText('Subject')).toBeTruthy()
  })
})

describe('CredentialHistoryPanel', () => {
  it('lists credential events with generations, newest first', async () => {
    const record = (
      seq: number,
      event: 'rotation' | 'write-through-failure',
      outcome: SyncLogRecord['outcome'],
    ): SyncLogRecord => ({
      seq,
      atMs: NOW - (10 - seq) * 60_000,
      entityId: 'ent-5',
      entityName: 'E5',
      runId: null,
      direction: null,
      traveller: null,
      kind: 'credential',
      outcome,
      message:
        event === 'rotation'
          ? 'Concur rotated the refresh token: generation 3 stored'
          : 'Faces did not take the Concur link (rotation)',
      durationMs: null,
      error: event === 'rotation' ? null : 'Faces had a problem (HTTP 503).',
      correlationId: event === 'rotation' ? 'ent-5-c1' : null,
      credential: { event, generation: 3, facesGeneration: 2 },
    })
    const api = createFakeDeskApi({
      nowMs: NOW,
      overrides: {
        'log:query': (q) => ({
          ok: true,
          value: {
            records:
              q.kind === 'credential'
                ? [record(2, 'write-through-failure', 'failed'), record(1, 'rotation', 'success')]
                : [],
            total: 2,
            hasMore: false,
          },
        }),
      },
    })
    setDeskApiForTests(api)
    await act(async () => {
      render(<CredentialHistoryPanel entity={makeEntity(5, NOW)} />)
    })
    const rows = screen
      .getAllByRole('row')
      .slice(1)
      .map((r) => r.textContent)
    expect(rows[0]).toContain('Write-through failed')
    expect(rows[0]).toContain('Faces had a problem (HTTP 503).')
    expect(rows[1]).toContain('Rotation')
    expect(rows[1]).toContain('(ent-5-c1)')
    expect(api.calls.find((c) => c.channel === 'log:query')?.input).toMatchObject({
      kind: 'credential',
      entityId: 'ent-5',
    })
  })
})

// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import type { AppInfo } from '../../../../shared/model'
import { useAppStore } from './app-store'
import { NoticesBanner } from './notices-banner'

const info = (notices: AppInfo['notices']): AppInfo => ({
  version: '0.1.0',
  transport: 'service',
  environment: 'production',
  keychain: { backend: 'keychain', detail: '' },
  dataDir: '/d',
  businessTimeZone: 'Europe/Zurich',
  startedAtMs: 0,
  notices,
  store: { kind: 'sqlite', location: '/d/production/desk.sqlite' },
})

afterEach(cleanup)

describe('notices banner', () => {
  it('says what the desk recovered, with the file, until dismissed', () => {
    useAppStore.setState({
      info: {
        status: 'ready',
        value: info([
          {
            id: 'n1',
            level: 'error',
            title: 'The desk’s database was damaged',
            body: '/d/production/desk.sqlite could not be used. Entities are intact (12 entities).',
            file: '/d/production/desk.sqlite',
            atMs: 0,
          },
        ]),
      },
    })
    render(<NoticesBanner />)
    expect(screen.getByRole('alert').textContent).toContain('Entities are intact (12 entities).')
    fireEvent.click(screen.getByRole('button', { name: /Dismiss/ }))
    expect(screen.queryByRole('alert')).toBeNull()
  })

  it('shows nothing when the desk has nothing to say', () => {
    useAppStore.setState({ info: { status: 'ready', value: info([]) } })
    const { container } = render(<NoticesBanner />)
    expect(container.textContent).toBe('')
  })
})

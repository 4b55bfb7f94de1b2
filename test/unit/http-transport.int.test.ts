import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHttpTransport } from '../../src/renderer/src/api/http-transport'
import { startEchoService } from '../../src/main/adapters/http-service/echo-service.test-helper'
import { SESSION_COOKIE, type ServiceServer } from '../../src/main/adapters/http-service/service-server'

describe('the renderer HTTP transport against the real service server', () => {
  let server: ServiceServer
  let host: string
  let cookie: string

  beforeAll(async () => {
    server = await startEchoService()
    host = `127.0.0.1:${server.port}`
    cookie = `${SESSION_COOKIE}=${server.sessionToken}`
  })
  afterAll(() => server.close())

  it('carries every contract call of the renderer transport over the same wire', async () => {
    const api = createHttpTransport({
      baseUrl: `http://${host}`,
      fetchFn: (url, init) => fetch(url, { ...init, headers: { ...(init?.headers ?? {}), cookie } }),
    })
    const r = await api.call('tokens:preview', { text: 'Entity/Outtask ID: 110034' })
    expect(r).toEqual({
      ok: true,
      value: { echoed: 'tokens:preview', input: { text: 'Entity/Outtask ID: 110034' } },
    })
    const unauth = createHttpTransport({ baseUrl: `http://${host}` })
    const denied = await unauth.call('app:info', {})
    expect(denied.ok).toBe(false)
    if (!denied.ok) expect(denied.problem.message).toContain('not signed in')
  })

  it('reports an unreachable service as offline instead of throwing', async () => {
    const api = createHttpTransport({ baseUrl: 'http://127.0.0.1:1' })
    const r = await api.call('app:info', {})
    expect(r).toMatchObject({ ok: false, problem: { kind: 'offline' } })
  })
})

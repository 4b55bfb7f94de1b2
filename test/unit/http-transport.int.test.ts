import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { REQUEST_CHANNELS } from '../../src/shared/channels'
import { createHttpTransport } from '../../src/renderer/src/api/http-transport'
import { createDispatcher, type Handlers } from '../../src/main/app/dispatcher'
import { createPushBus } from '../../src/main/app/push-bus'
import { createMemoryLogger } from '../../src/main/logging/logger'
import {
  SESSION_COOKIE,
  startServiceServer,
  type ServiceServer,
} from '../../src/main/adapters/http-service/service-server'

describe('the renderer HTTP transport against the real service server', () => {
  let server: ServiceServer
  let host: string
  let cookie: string

  beforeAll(async () => {
    const rendererDir = mkdtempSync(join(tmpdir(), 'renderer-'))
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Faces Concur Desk</title>')
    const handlers = {} as Record<string, (i: unknown) => Promise<unknown>>
    for (const c of REQUEST_CHANNELS) handlers[c] = async (input) => ({ echoed: c, input })
    server = await startServiceServer({
      dispatch: createDispatcher(handlers as unknown as Handlers, createMemoryLogger()),
      bus: createPushBus(),
      log: createMemoryLogger(),
      rendererDir,
    })
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

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHttpClient } from './undici-http'

let server: Server
let base = ''
let connections = 0
const seen: Array<{ method: string; url: string; headers: IncomingMessage['headers']; body: string }> = []
/** Called when a `/slow` request has reached the server (which never answers it). */
let onSlowArrived: (() => void) | null = null

function handle(req: IncomingMessage, res: ServerResponse, body: string): void {
  seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body })
  if (req.url === '/slow') return void onSlowArrived?.()
  if (req.url === '/moved') {
    res.writeHead(302, { location: '/echo' })
    return void res.end()
  }
  res.setHeader('set-cookie', ['a=1', 'b=2'])
  res.setHeader('concur-correlationid', 'abc-123')
  res.writeHead(req.url === '/missing' ? 404 : 200, { 'content-type': 'text/plain' })
  res.end(`${req.method} ${req.url} ${body}`)
}

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = ''
    req.setEncoding('utf8')
    req.on('data', (c: string) => (body += c))
    req.on('end', () => handle(req, res, body))
  })
  server.on('connection', () => connections++)
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(async () => {
  server.closeAllConnections()
  await new Promise((r) => server.close(r))
})

describe('undici HTTP client (the production Fetch)', () => {
  it('sends method, headers and body, and returns status, headers and text', async () => {
    const http = createHttpClient()
    const res = await http.fetch(`${base}/echo?x=1`, {
      method: 'POST',
      headers: { 'content-type': 'application/xml', 'concur-correlationid': 'mine' },
      body: '<Profile/>',
    })
    expect(res.status).toBe(200)
    expect(res.ok).toBe(true)
    expect(await res.text()).toBe('POST /echo?x=1 <Profile/>')
    expect(res.headers.get('Concur-CorrelationId')).toBe('abc-123')
    expect(res.headers.get('set-cookie')).toBe('a=1, b=2')
    expect(res.headers.get('x-absent')).toBeNull()
    expect(seen.at(-1)?.headers['content-type']).toBe('application/xml')
    await http.close()
  })

  it('reports a non-2xx status without throwing, and does not follow redirects', async () => {
    const http = createHttpClient()
    const missing = await http.fetch(`${base}/missing`, { method: 'GET', headers: {} })
    expect([missing.status, missing.ok]).toEqual([404, false])
    const moved = await http.fetch(`${base}/moved`, { method: 'GET', headers: {} })
    expect(moved.status).toBe(302)
    expect(moved.headers.get('location')).toBe('/echo')
    await http.close()
  })

  it('reuses pooled connections for consecutive calls', async () => {
    const http = createHttpClient()
    const before = connections
    for (let i = 0; i < 20; i++)
      await (await http.fetch(`${base}/echo`, { method: 'GET', headers: {} })).text()
    // undici may open a second socket while the first is still being released; never one per call.
    expect(connections - before).toBeGreaterThanOrEqual(1)
    expect(connections - before).toBeLessThanOrEqual(2)
    await http.close()
  })

  it('rejects when the signal aborts, so callers can map it to cancelled or timed out', async () => {
    const http = createHttpClient()
    const controller = new AbortController()
    onSlowArrived = () => controller.abort()
    await expect(
      http.fetch(`${base}/slow`, { method: 'GET', headers: {}, signal: controller.signal }),
    ).rejects.toThrow()
    await http.close()
  })

  it('rejects with a network error when nothing listens', async () => {
    const http = createHttpClient()
    const closed = createServer()
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r))
    const port = (closed.address() as AddressInfo).port
    await new Promise((r) => closed.close(r))
    await expect(http.fetch(`http://127.0.0.1:${port}/`, { method: 'GET', headers: {} })).rejects.toThrow(
      /ECONNREFUSED|connect/i,
    )
    await http.close()
  })
})

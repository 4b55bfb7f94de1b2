import { createServer, request, type Server } from 'node:http'
import { connect, type AddressInfo, type Socket } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { silentLogger } from '../../logging/logger'
import { guardConnections } from './connection-guard'
import { createRejectionLog } from './rejection-log'

describe('connection guard', () => {
  let server: Server
  const sockets: Socket[] = []
  afterEach(async () => {
    for (const s of sockets) s.destroy()
    server.closeAllConnections()
    await new Promise((r) => server.close(r))
  })

  it('at the cap, closes the oldest idle connection and keeps busy ones (a live request, an event stream)', async () => {
    let release: () => void = () => {}
    const held = new Promise<void>((r) => (release = r))
    server = createServer((req, res) => {
      if (req.url === '/slow') void held.then(() => res.end('slow done'))
      else res.end('ok')
    })
    const rejections = createRejectionLog({ log: silentLogger })
    const stats = guardConnections(server, { maxPerAddress: 4, maxTotal: 100, rejections })
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    const port = (server.address() as AddressInfo).port
    const get = (path: string) =>
      new Promise<string>((resolve, reject) => {
        const req = request({ host: '127.0.0.1', port, path, agent: false }, (res) => {
          let body = ''
          res.on('data', (c: Buffer) => (body += c.toString()))
          res.on('end', () => resolve(body))
        })
        req.on('error', reject)
        req.end()
      })

    const slow = get('/slow')
    await new Promise<void>((r) => server.once('request', () => r()))
    for (let i = 0; i < 20; i++) {
      const s = connect(port, '127.0.0.1')
      s.on('error', () => {})
      sockets.push(s)
      await new Promise<void>((r) => s.once('connect', () => (s.write('GET / HTTP/1.1\r\n'), r())))
    }
    expect(await get('/')).toBe('ok')
    release()
    expect(await slow).toBe('slow done')
    expect(stats().open).toBeLessThanOrEqual(4)
    expect(rejections.totals()['connection-cap']).toBeGreaterThanOrEqual(17)
  })

  it('refuses a new connection only when every connection of its address is busy', async () => {
    const holds: Array<() => void> = []
    server = createServer((_req, res) => holds.push(() => res.end('x')))
    const rejections = createRejectionLog({ log: silentLogger })
    guardConnections(server, { maxPerAddress: 2, maxTotal: 100, rejections })
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    const port = (server.address() as AddressInfo).port
    const open = () =>
      new Promise<Socket>((resolve) => {
        const s = connect(port, '127.0.0.1')
        s.on('error', () => {})
        sockets.push(s)
        s.once('connect', () => resolve(s))
      })
    for (let i = 0; i < 2; i++) {
      const s = await open()
      const seen = new Promise<void>((r) => server.once('request', () => r()))
      s.write(`GET / HTTP/1.1\r\nHost: x\r\n\r\n`)
      await seen
    }
    const third = await open()
    await new Promise<void>((r) => third.once('close', () => r()))
    expect(rejections.totals()['connection-cap']).toBe(1)
    for (const h of holds) h()
  })
})

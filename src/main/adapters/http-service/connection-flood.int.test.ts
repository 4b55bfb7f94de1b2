/**
 * About 20,000 half-open connections (the machine's file-descriptor limit) once locked the real
 * client out until the 60 s header timeout. Here the server runs in its own process with a low
 * descriptor limit (256), a flood four times that size never finishes its headers, and the real
 * client must still be served.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { connect, type Socket } from 'node:net'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const FD_LIMIT = 256
const FLOOD = 1_000

function startServerProcess(): Promise<{ child: ChildProcess; port: number; launchUrl: string }> {
  const main = join(import.meta.dirname, 'echo-service.test-main.ts')
  const child = spawn(
    'bash',
    ['-c', `ulimit -n ${FD_LIMIT} && exec "$0" --import tsx "$1"`, process.execPath, main],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  )
  return new Promise((resolve, reject) => {
    let out = ''
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString()
      const line = out.split('\n').find((l) => l.startsWith('{'))
      if (line) resolve({ child, ...(JSON.parse(line) as { port: number; launchUrl: string }) })
    })
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()))
    child.on('exit', (code) => reject(new Error(`echo service exited with ${code}: ${out}`)))
  })
}

/** Opens a connection that sends the start of a request and never finishes its headers. */
function halfOpen(port: number): Promise<Socket> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1')
    socket.on('error', () => {})
    socket.on('connect', () => {
      socket.write(`GET / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nX-Slow: `)
      resolve(socket)
    })
    socket.on('close', () => resolve(socket))
  })
}

describe('a flood of half-open connections', () => {
  let server: { child: ChildProcess; port: number; launchUrl: string }
  const flood: Socket[] = []

  beforeAll(async () => {
    server = await startServerProcess()
  })
  afterAll(() => {
    for (const s of flood) s.destroy()
    server?.child.kill('SIGTERM')
  })

  it('does not lock the real client out: it signs in and is served while the flood stays open', async () => {
    for (let i = 0; i < FLOOD; i += 100) {
      flood.push(...(await Promise.all(Array.from({ length: 100 }, () => halfOpen(server.port)))))
    }
    const signal = AbortSignal.timeout(20_000)
    const link = await fetch(server.launchUrl, { redirect: 'manual', signal })
    expect(link.status).toBe(303)
    const cookie = link.headers.get('set-cookie')!.split(';')[0]!
    const page = await fetch(`http://127.0.0.1:${server.port}/`, { headers: { cookie }, signal })
    expect(page.status).toBe(200)
    expect(await page.text()).toContain('Faces Concur Desk')
    const call = await fetch(`http://127.0.0.1:${server.port}/rpc/app:info`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: '{}',
      signal,
    })
    expect(await call.json()).toMatchObject({ ok: true })
    // The flood was shed rather than held: most of its sockets have been closed by the server.
    const stillOpen = flood.filter((s) => !s.destroyed && s.readyState === 'open').length
    expect(stillOpen).toBeLessThan(FD_LIMIT)
  })
})

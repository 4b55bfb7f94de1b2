/**
 * `./desk serve --new-link`: a second process asks the running service for a fresh sign-in
 * link over a local control socket in the data folder (a named pipe on Windows). Only this
 * machine's user who owns the data folder can connect (the socket is 0600), and the link goes
 * to whoever asked, not into the service's output.
 */
import { createHash } from 'node:crypto'
import { chmodSync, existsSync, unlinkSync } from 'node:fs'
import { connect, createServer, type Server } from 'node:net'
import { join } from 'node:path'
import type { Logger } from '../../logging/logger'

const REQUEST = 'new-link\n'
const MAX_REPLY_BYTES = 4096

/** Where the control socket of the desk with data folder `dataDir` lives. */
export function linkControlPath(dataDir: string): string {
  if (process.platform === 'win32') {
    const id = createHash('sha256').update(dataDir.toLowerCase()).digest('hex').slice(0, 16)
    return `\\\\.\\pipe\\faces-concur-desk-${id}`
  }
  return join(dataDir, 'service.sock')
}

/** Asks the desk on `dataDir` for a new link; resolves null when no desk answers there. */
export function requestNewLink(dataDir: string, timeoutMs = 5_000): Promise<string | null> {
  return new Promise((resolve) => {
    const socket = connect(linkControlPath(dataDir))
    let reply = ''
    const finish = (value: string | null): void => {
      clearTimeout(timer)
      socket.destroy()
      resolve(value)
    }
    const timer = setTimeout(() => finish(null), timeoutMs)
    socket.setEncoding('utf8')
    socket.on('connect', () => socket.write(REQUEST))
    socket.on('data', (chunk: string) => {
      reply += chunk
      if (reply.length > MAX_REPLY_BYTES) finish(null)
    })
    socket.on('end', () => finish(reply.trim() || null))
    socket.on('error', () => finish(null))
  })
}

/** Serves new-link requests for the running desk. */
export async function startLinkControl(
  dataDir: string,
  mintUrl: () => string,
  log: Logger,
): Promise<{ close(): Promise<void> }> {
  const path = linkControlPath(dataDir)
  if (process.platform !== 'win32' && existsSync(path)) {
    // A live desk answers; a stale socket file from a crashed one does not and is removed.
    if ((await requestNewLink(dataDir, 1_000)) !== null) {
      log.warn('link-control: another desk already serves this data folder; --new-link goes to that one')
      return { close: async () => {} }
    }
    unlinkSync(path)
  }
  const server: Server = createServer((socket) => {
    let request = ''
    socket.setEncoding('utf8')
    socket.setTimeout(5_000, () => socket.destroy())
    socket.on('error', () => socket.destroy())
    socket.on('data', (chunk: string) => {
      request += chunk
      if (request === REQUEST) {
        log.info('link-control: minted a new sign-in link on request')
        socket.end(`${mintUrl()}\n`)
      } else if (request.length >= REQUEST.length) socket.destroy()
    })
  })
  const oldMask = process.umask(0o077)
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(path, () => resolve())
    })
  } catch (err) {
    log.warn('link-control: cannot open the control socket; --new-link will not work (SIGUSR2 still does)', {
      err,
    })
    return { close: async () => {} }
  } finally {
    process.umask(oldMask)
  }
  if (process.platform !== 'win32') chmodSync(path, 0o600)
  return {
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

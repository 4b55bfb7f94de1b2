/**
 * A local update feed for the updater tests: a generic-provider server on 127.0.0.1 serving
 * `latest-linux.yml` and the AppImage it names, the way a release looks (see
 * scripts/release/sign-update-feed.ts), plus the `electron` module electron-updater requires,
 * installed into Node's require cache (electron-updater is CommonJS and calls require('electron')
 * lazily, which vi.mock does not reach). Its `net.request` is Node's http.request: real HTTP.
 */
import { generateKeyPairSync, createHash, type KeyObject } from 'node:crypto'
import { EventEmitter } from 'node:events'
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { createServer, request, type RequestOptions, type Server } from 'node:http'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { vi } from 'vitest'
import { signUpdateFile, UPDATE_SIGNATURE_FIELD } from './update-signature'

/** An Ed25519 key pair as the release workflow holds it (private) and the build bakes in (public). */
export function updateKeyPair(): { privateKeyPem: string; publicKey: KeyObject } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519')
  return { privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), publicKey }
}

/** How the feed misbehaves. */
export type FeedOptions = {
  version: string
  /** The AppImage's bytes (a shell script, so an install can really run it). */
  body: Buffer
  /** Sign the entries with this key; null publishes an unsigned feed. */
  signWith: string | null
  /** Serve different bytes than the feed's SHA-512 describes. */
  corrupt?: boolean
}

/** A running feed. */
export type UpdateFeed = {
  url: string
  requests: string[]
  fileName: string
  setOptions(next: FeedOptions): void
  stop(): Promise<void>
}

/** Starts the feed on a free loopback port. */
export async function startUpdateFeed(initial: FeedOptions): Promise<UpdateFeed> {
  let options = initial
  const requests: string[] = []
  const fileName = (): string => `faces-concur-desk-${options.version}-x86_64.AppImage`
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://feed').pathname
    requests.push(path)
    if (path === '/latest-linux.yml') {
      const entry = {
        url: fileName(),
        sha512: createHash('sha512').update(options.body).digest('base64'),
        size: options.body.length,
      }
      const signature = options.signWith ? signUpdateFile(options.signWith, options.version, entry) : null
      res
        .writeHead(200, { 'content-type': 'text/yaml' })
        .end(
          [
            `version: ${options.version}`,
            'files:',
            `  - url: ${entry.url}`,
            `    sha512: ${entry.sha512}`,
            `    size: ${entry.size}`,
            ...(signature ? [`    ${UPDATE_SIGNATURE_FIELD}: ${signature}`] : []),
            `path: ${entry.url}`,
            `sha512: ${entry.sha512}`,
            "releaseDate: '2026-12-01T09:00:00.000Z'",
            '',
          ].join('\n'),
        )
      return
    }
    if (path === `/${fileName()}`) {
      const bytes = Buffer.from(options.body)
      if (options.corrupt) bytes[bytes.length - 2] = (bytes[bytes.length - 2] ?? 0) ^ 0xff
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': bytes.length })
      res.end(bytes)
      return
    }
    res.writeHead(404).end()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  return {
    url: `http://127.0.0.1:${port}/`,
    requests,
    get fileName() {
      return fileName()
    },
    setOptions: (next) => {
      options = next
    },
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

/** The packaged copy electron-updater thinks it runs in: resources, AppImage, caches in a temp dir. */
export type FakeInstall = {
  dir: string
  appImagePath: string
  app: EventEmitter & { quit: ReturnType<typeof vi.fn>; relaunch: ReturnType<typeof vi.fn> }
  restore(): void
}

/**
 * Installs a fake `electron` for electron-updater (app, net, session, autoUpdater), points
 * `process.resourcesPath` at an app-update.yml naming `feedUrl`, and sets APPIMAGE to an old copy.
 */
export function installFakePackagedApp(feedUrl: string, currentVersion: string): FakeInstall {
  const dir = mkdtempSync(join(tmpdir(), 'desk-updater-'))
  const resources = join(dir, 'resources')
  mkdirSync(resources)
  writeFileSync(
    join(resources, 'app-update.yml'),
    `provider: generic\nurl: ${feedUrl}\nupdaterCacheDirName: faces-concur-desk-updater\n`,
  )
  const appImagePath = join(dir, `faces-concur-desk-${currentVersion}-x86_64.AppImage`)
  writeFileSync(appImagePath, '#!/bin/sh\nexit 0\n', { mode: 0o755 })

  const app = Object.assign(new EventEmitter(), {
    isPackaged: true,
    getVersion: () => currentVersion,
    getName: () => 'Faces Concur Desk',
    getAppPath: () => join(resources, 'app.asar'),
    getPath: () => join(dir, 'user-data'),
    whenReady: () => Promise.resolve(),
    quit: vi.fn(),
    relaunch: vi.fn(),
  })
  const electron = {
    app,
    autoUpdater: new EventEmitter(),
    session: { fromPartition: () => ({}) },
    net: {
      // Electron's net.request takes a session and a redirect mode that Node's http has no use for.
      request: ({ session: _s, redirect: _r, ...options }: RequestOptions & Record<string, unknown>) =>
        request(options),
    },
  }
  const require = createRequire(import.meta.url)
  const id = require.resolve('electron')
  const previous = require.cache[id]
  require.cache[id] = { id, filename: id, loaded: true, exports: electron } as unknown as NodeJS.Module
  const saved = {
    resourcesPath: process.resourcesPath,
    APPIMAGE: process.env.APPIMAGE,
    XDG_CACHE_HOME: process.env.XDG_CACHE_HOME,
  }
  ;(process as { resourcesPath?: string }).resourcesPath = resources
  process.env.APPIMAGE = appImagePath
  process.env.XDG_CACHE_HOME = join(dir, 'cache')
  return {
    dir,
    appImagePath,
    app,
    restore() {
      if (previous) require.cache[id] = previous
      else delete require.cache[id]
      ;(process as { resourcesPath?: string }).resourcesPath = saved.resourcesPath
      for (const key of ['APPIMAGE', 'XDG_CACHE_HOME'] as const) {
        if (saved[key] === undefined) delete process.env[key]
        else process.env[key] = saved[key]
      }
    },
  }
}

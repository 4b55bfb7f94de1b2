/**
 * A real team desk for the client tests: service mode in a child process (the built entry run by
 * tsx), Sandbox, HTTPS on 127.0.0.1 with a certificate made by openssl, no keychain (a headless
 * server's memory store for the Sandbox). Without users it is a solo desk: fresh sign-in links
 * come from SIGUSR2, as documented. With `users` it is a team desk with named users, added (and
 * later disabled, reset …) by `./desk users …` on its data folder, as an admin would.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import {
  makeSelfSignedCertificate,
  type TestCertificate,
} from '../../src/main/adapters/http-service/tls-cert.test-helper'
import { usersCommand } from './team-desk.test-helper'

const SERVICE_ENTRY = resolve(import.meta.dirname, '../../src/main/service.ts')

/** A running team desk. */
export type TeamDeskProcess = {
  origin: string
  port: number
  dataDir: string
  cert: TestCertificate
  /** The first sign-in link (a desk without users; '' for a team desk). */
  firstLink: string
  /** What the desk printed so far. */
  output(): string
  /** `./desk users <args>` on the desk's data folder while it runs; what it printed. */
  users(args: string[], opts?: { role?: string; password?: string }): Promise<string>
  /** A fresh single-use sign-in link (SIGUSR2; the desk prints it). */
  newLink(): Promise<string>
  stop(): Promise<void>
}

/** Starts service mode over TLS; `port` 0 picks one; `cert` default: a new self-signed one. */
export async function startTeamDeskProcess(
  opts: {
    port?: number
    cert?: TestCertificate
    dataDir?: string
    /** `--secret-key-file`: a headless desk keeps its secrets encrypted in the database. */
    secretKeyFile?: string
    /** Users added before the desk starts (`./desk users add`); none: a solo desk. */
    users?: { name: string; role: 'admin' | 'agent'; password?: string }[]
  } = {},
): Promise<TeamDeskProcess> {
  const cert = opts.cert ?? makeSelfSignedCertificate('IP:127.0.0.1,DNS:localhost')
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'team-desk-'))
  const users = (args: string[], o: { role?: string; password?: string } = {}) =>
    usersCommand(dataDir, args, o)
  for (const u of opts.users ?? [])
    await users(['add', u.name], { role: u.role, ...(u.password ? { password: u.password } : {}) })
  const child: ChildProcess = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      SERVICE_ENTRY,
      '--data-dir',
      dataDir,
      '--no-open',
      '--sandbox',
      '--listen',
      `127.0.0.1:${opts.port ?? 0}`,
      '--tls-cert',
      cert.certFile,
      '--tls-key',
      cert.keyFile,
      ...(opts.secretKeyFile ? ['--secret-key-file', opts.secretKeyFile] : []),
    ],
    {
      env: { ...process.env, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  let out = ''
  let err = ''
  const waiters: Array<() => void> = []
  child.stdout!.on('data', (d: Buffer) => {
    out += d.toString()
    for (const w of waiters.splice(0)) w()
  })
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()))
  // A team desk prints where to sign in instead of a link.
  const links = (): string[] =>
    [...out.matchAll(/^(?:Open: |Team desk: sign in at )(\S+)/gm)].map((m) => m[1]!)
  const waitForLinks = (n: number): Promise<string> =>
    new Promise((done, fail) => {
      const check = (): void => {
        const all = links()
        if (all.length >= n) return done(all[n - 1]!)
        if (child.exitCode !== null) return fail(new Error(`the team desk exited: ${err}`))
        waiters.push(check)
      }
      child.once('exit', () => check())
      check()
    })
  const firstLink = await waitForLinks(1)
  const url = new URL(firstLink)
  return {
    origin: url.origin,
    port: Number(url.port),
    dataDir,
    cert,
    firstLink: opts.users?.length ? '' : firstLink,
    users,
    output: () => out,
    async newLink() {
      const n = links().length + 1
      // The desk prints one link per burst of signals (500 ms): ask again until it has.
      child.kill('SIGUSR2')
      const again = setInterval(() => child.kill('SIGUSR2'), 700)
      try {
        return await waitForLinks(n)
      } finally {
        clearInterval(again)
      }
    },
    stop: () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null) return done()
        child.once('exit', () => done())
        child.kill('SIGTERM')
      }),
  }
}

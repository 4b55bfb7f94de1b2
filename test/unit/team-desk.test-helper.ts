/** A composed Sandbox desk in service mode with named users, over real HTTP on loopback, for the team tests. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createDesk, type Desk } from '../../src/main/app/desk'
import { runUsersCommand } from '../../src/main/app/users-command'
import { createMemorySecretStore } from '../../src/main/adapters/keychain/keytar-secret-store'
import { createConfSettingsStore } from '../../src/main/adapters/storage/conf-settings-store'
import {
  startServiceServer,
  type ServiceLimits,
  type ServiceServer,
} from '../../src/main/adapters/http-service/service-server'
import { raw, type RawResponse } from '../../src/main/adapters/http-service/raw-request.test-helper'
import { createMemoryLogger } from '../../src/main/logging/logger'
import type { SignInLimits } from '../../src/main/core/team/sign-in'
import type { TeamAuthPort } from '../../src/main/core/team/team-auth-port'

/** A running team desk. */
export type TeamDeskWorld = {
  desk: Desk
  server: ServiceServer
  dataDir: string
  log: ReturnType<typeof createMemoryLogger>
  host: string
  /** `./desk users …` against the running desk's data folder; its output. */
  users(args: string[], opts?: { role?: string; password?: string }): Promise<string>
  /** POST /rpc/<channel> with a cookie or bearer token. */
  rpc(channel: string, body: unknown, auth?: { cookie?: string; bearer?: string }): Promise<RawResponse>
  signIn(name: string, password: string, newPassword?: string): Promise<RawResponse>
  stop(): Promise<void>
}

/** The session cookie of a sign-in answer (`name=value`). */
export function cookieOf(r: RawResponse): string {
  const set = ([] as string[]).concat(r.headers['set-cookie'] ?? [])[0] ?? ''
  return set.split(';')[0]!
}

/** `./desk users <args>` on the Sandbox database of `dataDir` (a desk may run on it); its output. */
export async function usersCommand(
  dataDir: string,
  args: string[],
  opts: { role?: string; password?: string } = {},
): Promise<string> {
  let out = ''
  await runUsersCommand({
    args,
    role: opts.role,
    passwordStdin: opts.password !== undefined,
    dataDir,
    databaseUrl: null,
    environment: 'sandbox',
    readStdin: async () => Promise.resolve(`${opts.password ?? ''}\n`),
    out: (t) => (out += t),
  })
  return out
}

/**
 * Starts a Sandbox desk in `dataDir` (a new one by default) and its HTTP service; `watchAuth`
 * stands between the HTTP layer and the desk's TeamAuthPort (a test that counts what it is asked).
 */
export async function startTeamDesk(
  options: {
    dataDir?: string
    signInLimits?: SignInLimits
    limits?: Partial<ServiceLimits>
    watchAuth?: (auth: TeamAuthPort) => TeamAuthPort
  } = {},
): Promise<TeamDeskWorld> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'desk-team-'))
  const rendererDir = join(dataDir, 'renderer')
  mkdirSync(rendererDir, { recursive: true })
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>desk</title><p>the desk UI</p>')
  const log = createMemoryLogger()
  const desk = await createDesk({
    transport: 'service',
    dataDir,
    settings: createConfSettingsStore(dataDir),
    secrets: createMemorySecretStore('test'),
    log,
    version: 'test',
    ...(options.signInLimits ? { signInLimits: options.signInLimits } : {}),
  })
  const server = await startServiceServer({
    dispatch: desk.dispatch,
    bus: desk.bus,
    log,
    rendererDir,
    team: options.watchAuth ? options.watchAuth(desk.team.auth) : desk.team.auth,
    ...(options.limits ? { limits: options.limits } : {}),
  })
  const host = `127.0.0.1:${server.port}`
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    raw(server.port, {
      method: 'POST',
      path,
      headers: { host, 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    })
  return {
    desk,
    server,
    dataDir,
    log,
    host,
    users: (args, opts = {}) => usersCommand(dataDir, args, opts),
    rpc: (channel, body, auth = {}) =>
      post(`/rpc/${channel}`, body, {
        ...(auth.cookie ? { cookie: auth.cookie } : {}),
        ...(auth.bearer ? { authorization: `Bearer ${auth.bearer}` } : {}),
      }),
    signIn: (name, password, newPassword) =>
      post('/auth/sign-in', { name, password, ...(newPassword ? { newPassword } : {}) }),
    async stop() {
      await server.close()
      await desk.stop()
    },
  }
}

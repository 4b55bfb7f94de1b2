/**
 * Service mode: the desk under plain Node, without Electron. Serves the same renderer over the
 * same contract on http://127.0.0.1:<port>/ (or over HTTPS on --listen) and keeps the scheduler
 * running headless.
 *
 *   node out/main/service.js [--data-dir DIR] [--database-url URL [--instances shared]] [--port N | --listen HOST:PORT
 *     --tls-cert FILE --tls-key FILE [--public-url URL]] [--no-open] [--sandbox|--production]
 *     [--secret-key-file FILE]
 *   node out/main/service.js --new-link [--data-dir DIR]   a fresh sign-in link from the running desk
 *   node out/main/service.js secrets new-key|rotate-key|status …   the encrypted secret store
 */
import { spawn } from 'node:child_process'
import { X509Certificate } from 'node:crypto'
import { existsSync } from 'node:fs'
import { createServer } from 'node:net'
import { homedir } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { createDesk } from './app/desk'
import { runUsersCommand, UsageError } from './app/users-command'
import { sandboxTestClock, TEST_CLOCK_ENV } from './app/sandbox-test-clock'
import { requestNewLink, startLinkControl } from './adapters/http-service/link-control'
import { DeskError, isDeskError } from './core/errors/desk-error'
import { planListen, type ListenPlan } from './adapters/http-service/listen-plan'
import { startServiceServer } from './adapters/http-service/service-server'
import { openServiceSecrets } from './adapters/secrets/open-service-secrets'
import { runSecretsCommand } from './adapters/secrets/secrets-command'
import { systemClock } from './core/clock'
import { createConfSettingsStore } from './adapters/storage/conf-settings-store'
import { ensurePrivateDir } from './adapters/storage/db/file-modes'
import { createFolderOwnerLock } from './adapters/storage/lock/folder-owner-lock'
import { settingsRecoveryNotice } from './adapters/storage/settings-recovery'
import type { DeskNotice } from '../shared/model'
import { createLogger, silentLogger } from './logging/logger'
import { createFileLogSink } from './logging/file-sink'
import { createStartTiming, formatStartPhases } from './logging/start-timing'

/** The default data folder per platform (the same folder the Electron app uses). */
export function defaultDataDir(): string {
  if (process.env.FACES_CONCUR_DESK_DATA_DIR) return process.env.FACES_CONCUR_DESK_DATA_DIR
  const home = homedir()
  if (process.platform === 'win32')
    return join(process.env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'Faces Concur Desk')
  if (process.platform === 'darwin') return join(home, 'Library', 'Application Support', 'Faces Concur Desk')
  return join(process.env.XDG_CONFIG_HOME ?? join(home, '.config'), 'Faces Concur Desk')
}

async function main(): Promise<void> {
  const timing = createStartTiming()
  timing.mark('node and the bundle loaded')
  if (process.argv[2] === 'secrets') {
    const outcome = await runSecretsCommand(process.argv.slice(3), {
      dataDir: resolve(defaultDataDir()),
      databaseUrl: process.env.FACES_CONCUR_DESK_DATABASE_URL ?? null,
    })
    ;(outcome.code === 0 ? process.stdout : process.stderr).write(outcome.out)
    process.exit(outcome.code)
  }
  const { values, positionals } = parseArgs({
    options: {
      'data-dir': { type: 'string' },
      'database-url': { type: 'string' },
      instances: { type: 'string' },
      port: { type: 'string' },
      listen: { type: 'string' },
      'tls-cert': { type: 'string' },
      'tls-key': { type: 'string' },
      'public-url': { type: 'string' },
      'secret-key-file': { type: 'string' },
      'new-link': { type: 'boolean' },
      'no-open': { type: 'boolean' },
      sandbox: { type: 'boolean' },
      production: { type: 'boolean' },
      'renderer-dir': { type: 'string' },
      role: { type: 'string' },
      'password-stdin': { type: 'boolean' },
    },
    strict: true,
    allowPositionals: true,
  })
  const dataDir = resolve(values['data-dir'] ?? defaultDataDir())
  if (positionals[0] === 'users') {
    await runUsers(positionals.slice(1), values, dataDir)
    return
  }
  if (positionals.length > 0)
    throw new DeskError(
      'invalid-input',
      `Unknown command "${positionals.join(' ')}": ./desk serve takes flags only (see README), and ./desk users … manages users.`,
    )
  const instances = values.instances ?? 'solo'
  if (instances !== 'solo' && instances !== 'shared')
    throw new DeskError(
      'invalid-input',
      `--instances is "solo" (one desk per database, the default) or "shared" (several team-desk instances on one PostgreSQL database), not "${instances}".`,
    )
  if (values['new-link']) {
    const url = await requestNewLink(dataDir)
    if (!url) {
      throw new DeskError(
        'invalid-input',
        `No desk in service mode is running with the data folder ${dataDir}. Start it with ./desk serve (it prints a sign-in link), or pass the --data-dir it runs with.`,
      )
    }
    process.stdout.write(`Open (once; the link works for an hour): ${url}\n`)
    return
  }
  // Checked before anything else starts: a wrong flag or certificate stops here with what to do
  // (a DeskError of kind invalid-input: exit code 2).
  const plan: ListenPlan = planListen({
    listen: values.listen,
    port: values.port,
    tlsCert: values['tls-cert'],
    tlsKey: values['tls-key'],
    publicUrl: values['public-url'],
  })
  ensurePrivateDir(dataDir)
  // One desk per data folder, before anything in it is read or changed (a second start that then
  // fails, e.g. on a busy port, can never touch the running desk's data). A refusal is a
  // StoreInUseError (a DeskError of kind conflict: exit code 2).
  const folderLock = createFolderOwnerLock({ target: dataDir, log: silentLogger })
  await folderLock.acquire()
  await assertPortFree(plan)
  timing.mark('data folder locked, port checked')
  const sink = createFileLogSink(join(dataDir, 'logs'), { echo: process.env.DESK_LOG_ECHO === '1' })
  const log = createLogger(sink, 'desk')
  const settings = createConfSettingsStore(dataDir)
  const notices: DeskNotice[] = []
  if (settings.recovery) {
    const notice = settingsRecoveryNotice(settings.recovery, settings.path, Date.now())
    notices.push(notice)
    log.warn('settings: the settings file could not be read', { ...settings.recovery })
  }
  if (values.sandbox || values.production) {
    settings.write({ ...settings.read(), environment: values.production ? 'production' : 'sandbox' })
  }
  const environment = settings.read().environment
  // Refused (invalid-input: exit code 2) outside the Sandbox, before any secret is opened.
  const sandboxClock = sandboxTestClock(process.env[TEST_CLOCK_ENV], environment)
  if (sandboxClock) {
    const startIso = new Date(sandboxClock.nowMs()).toISOString()
    process.stdout.write(`Note: the Sandbox's clock starts at ${startIso} (${TEST_CLOCK_ENV}, tests only).\n`)
    log.warn('service: the Sandbox runs on a test clock', { startIso })
  }
  timing.mark('settings read')

  const databaseUrl = values['database-url'] ?? process.env.FACES_CONCUR_DESK_DATABASE_URL ?? null
  // No keychain and no usable key: a SecretKeyError (a DeskError of kind invalid-input: exit code 2).
  const secretHome = await openServiceSecrets({
    environment,
    dataDir,
    databaseUrl,
    keyFile: values['secret-key-file'],
    shared: instances === 'shared',
    clock: systemClock,
    log,
  })
  const secrets = secretHome.store
  timing.mark('secrets opened')

  const desk = await createDesk({
    transport: 'service',
    dataDir,
    databaseUrl,
    instances,
    notices,
    settings,
    secrets,
    log,
    ...(sandboxClock ? { sandboxClock } : {}),
    version: process.env.npm_package_version ?? '0.1.0',
    startTiming: timing,
  })
  timing.mark('desk composed')
  // What the desk recovered or imported at start: on the console as well as in the UI banner.
  for (const n of desk.info().notices)
    process.stdout.write(`${n.level === 'info' ? 'Note' : 'Warning'}: ${n.title}. ${n.body}\n`)
  const rendererDir = resolve(values['renderer-dir'] ?? join(__dirname, '..', 'renderer'))
  if (!existsSync(join(rendererDir, 'index.html'))) {
    log.warn('service: renderer not built', { rendererDir })
  }
  const server = await startServiceServer({
    dispatch: desk.dispatch,
    bus: desk.bus,
    log,
    rendererDir,
    listen: plan,
    team: desk.team.auth,
    newLinkHint:
      'on the machine the desk runs on, run ./desk serve --new-link (with the same --data-dir, if any), or send the desk SIGUSR2; restarting the desk also prints one.',
  })
  timing.mark('HTTP server listening')
  const linkControl = await startLinkControl(dataDir, () => server.newLaunchUrl(), log)

  const teamDesk = await desk.team.auth.hasUsers().catch(() => false)
  timing.mark('link control, team users checked')
  const keychainNote = secretHome.note ? ` (secrets: ${secretHome.note})` : ''
  process.stdout.write(
    `Faces Concur Desk (service mode, ${environment === 'sandbox' ? 'Sandbox' : 'production'})${keychainNote}\n` +
      `Data: ${dataDir}\n` +
      `Store: ${desk.info().store?.location ?? '-'}\n` +
      (plan.loopback ? '' : `Listening on ${plan.host}:${server.port}, HTTPS only\n`) +
      // What the desktop app shows on its first connect to this desk: compare before trusting it.
      (plan.tls ? `Certificate SHA-256: ${new X509Certificate(plan.tls.cert).fingerprint256}\n` : '') +
      (teamDesk
        ? `Team desk: sign in at ${server.origin}/ with a user name and password (./desk users list).\n`
        : `Open: ${server.launchUrl}\n` +
          'The link signs in one browser, once. For another: ./desk serve --new-link (or kill -USR2 ' +
          `${process.pid}).\n` +
          'For named users, roles and an audit trail: ./desk users add NAME --role admin (see README, Team desk).\n'),
  )
  // A fresh link on demand, printed where the first one was (a terminal, or the service's journal).
  // One link per burst: conf's when-exit re-raises the first SIGUSR2 it sees, so it arrives twice.
  let linkBurst: NodeJS.Timeout | null = null
  process.on('SIGUSR2', () => {
    if (linkBurst) return
    process.stdout.write(`Open: ${server.newLaunchUrl()}\n`)
    linkBurst = setTimeout(() => (linkBurst = null), 500)
    linkBurst.unref()
  })
  log.info('service: ready', Object.fromEntries(timing.phases().map((p) => [p.phase, p.ms])))
  if (process.env.DESK_START_TIMING === '1') process.stderr.write(formatStartPhases(timing.phases()))
  if (!values['no-open']) openInBrowser(teamDesk ? `${server.origin}/` : server.launchUrl)

  let stopping = false
  const shutdown = async (signal: string): Promise<void> => {
    if (stopping) return
    stopping = true
    log.info(`service: stopping (${signal})`)
    await linkControl.close()
    await server.close()
    await desk.stop()
    await secretHome.close()
    await folderLock.release()
    process.exit(0)
  }
  process.on('SIGINT', () => void shutdown('SIGINT'))
  process.on('SIGTERM', () => void shutdown('SIGTERM'))
}

/** `./desk users …` against this data folder's environment and database. */
async function runUsers(
  args: string[],
  values: { role?: string; 'password-stdin'?: boolean; 'database-url'?: string },
  dataDir: string,
): Promise<void> {
  ensurePrivateDir(dataDir)
  const settings = createConfSettingsStore(dataDir)
  try {
    await runUsersCommand({
      args,
      role: values.role,
      passwordStdin: values['password-stdin'] ?? false,
      dataDir,
      databaseUrl: values['database-url'] ?? process.env.FACES_CONCUR_DESK_DATABASE_URL ?? null,
      environment: settings.read().environment,
      readStdin: async () => {
        const chunks: Buffer[] = []
        for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
        return Buffer.concat(chunks).toString('utf8')
      },
      out: (text) => process.stdout.write(text),
    })
  } catch (err) {
    if (!(err instanceof UsageError || err instanceof DeskError)) throw err
    process.stderr.write(`${err.message}\n`)
    process.exitCode = 2
  }
}

/** Fails (a DeskError of kind conflict) when the fixed port is taken, before the desk builds anything. */
async function assertPortFree(plan: ListenPlan): Promise<void> {
  if (plan.port === 0) return
  await new Promise<void>((resolve, reject) => {
    const probe = createServer()
    probe.once('error', (err: NodeJS.ErrnoException) =>
      reject(
        err.code === 'EADDRINUSE'
          ? new DeskError(
              'conflict',
              `Port ${plan.port} on ${plan.host} is in use by another program. Pick another with --port, or stop that program.`,
            )
          : err,
      ),
    )
    probe.listen({ host: plan.host, port: plan.port }, () => probe.close(() => resolve()))
  })
}

/** Opens the default browser where one exists; silently does nothing on a headless machine. */
function openInBrowser(url: string): void {
  const command =
    process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer.exe' : 'xdg-open'
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) return
  try {
    const child = spawn(command, [url], { stdio: 'ignore', detached: true })
    child.on('error', () => {})
    child.unref()
  } catch {
    // No browser opener: the URL is printed above.
  }
}

main().catch((err: unknown) => {
  process.stderr.write(
    `Faces Concur Desk could not start: ${err instanceof Error ? err.message : String(err)}\n`,
  )
  // A start-up problem the user fixes by changing a flag or a file, or by stopping the program
  // that holds the folder or the port: exit code 2, no stack.
  process.exit(isDeskError(err, 'invalid-input') || isDeskError(err, 'conflict') ? 2 : 1)
})

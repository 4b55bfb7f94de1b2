/**
 * Service mode: the desk under plain Node, without Electron. Serves the same renderer over the
 * same contract on http://127.0.0.1:<port>/ (or over HTTPS on --listen) and keeps the scheduler
 * running headless.
 *
 *   node out/main/service.js [--data-dir DIR] [--port N | --listen HOST:PORT --tls-cert FILE
 *     --tls-key FILE [--public-url URL]] [--no-open] [--sandbox|--production]
 *   node out/main/service.js --new-link [--data-dir DIR]   a fresh sign-in link from the running desk
 */
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import { homedir } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { createDesk } from './app/desk'
import { requestNewLink, startLinkControl } from './adapters/http-service/link-control'
import { DeskError, isDeskError } from './core/errors/desk-error'
import { planListen, type ListenPlan } from './adapters/http-service/listen-plan'
import { startServiceServer } from './adapters/http-service/service-server'
import { openDeskSecrets } from './adapters/keychain/keytar-secret-store'
import { createConfSettingsStore } from './adapters/storage/conf-settings-store'
import { createLogger } from './logging/logger'
import { createFileLogSink } from './logging/file-sink'

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
  const { values } = parseArgs({
    options: {
      'data-dir': { type: 'string' },
      port: { type: 'string' },
      listen: { type: 'string' },
      'tls-cert': { type: 'string' },
      'tls-key': { type: 'string' },
      'public-url': { type: 'string' },
      'new-link': { type: 'boolean' },
      'no-open': { type: 'boolean' },
      sandbox: { type: 'boolean' },
      production: { type: 'boolean' },
      'renderer-dir': { type: 'string' },
    },
    strict: true,
  })
  const dataDir = resolve(values['data-dir'] ?? defaultDataDir())
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
  // Checked before anything else starts: a wrong flag or certificate stops here with what to do.
  const plan: ListenPlan = planListen({
    listen: values.listen,
    port: values.port,
    tlsCert: values['tls-cert'],
    tlsKey: values['tls-key'],
    publicUrl: values['public-url'],
  })
  await mkdir(dataDir, { recursive: true })
  const sink = createFileLogSink(join(dataDir, 'logs'), { echo: process.env.DESK_LOG_ECHO === '1' })
  const log = createLogger(sink, 'desk')
  const settings = createConfSettingsStore(dataDir)
  if (settings.recovery) {
    log.warn('settings: the settings file could not be read; it was kept aside and defaults are in use', {
      movedTo: settings.recovery.movedTo,
      reason: settings.recovery.reason,
    })
    process.stdout.write(
      `Warning: the settings file could not be read (${settings.recovery.reason}). It was kept as ${settings.recovery.movedTo}; the desk starts with default settings.\n`,
    )
  }
  if (values.sandbox || values.production) {
    settings.write({ ...settings.read(), environment: values.production ? 'production' : 'sandbox' })
  }
  const environment = settings.read().environment

  const secrets = await openDeskSecrets(environment, log)

  const desk = await createDesk({
    transport: 'service',
    dataDir,
    settings,
    secrets,
    log,
    version: process.env.npm_package_version ?? '0.1.0',
  })
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
    newLinkHint:
      'on the machine the desk runs on, run ./desk serve --new-link (with the same --data-dir, if any), or send the desk SIGUSR2; restarting the desk also prints one.',
  })
  const linkControl = await startLinkControl(dataDir, () => server.newLaunchUrl(), log)

  const keychainNote =
    secrets.describe().backend === 'memory' ? ` (secrets: ${secrets.describe().detail})` : ''
  process.stdout.write(
    `Faces Concur Desk (service mode, ${environment === 'sandbox' ? 'Sandbox' : 'production'})${keychainNote}\n` +
      `Data: ${dataDir}\n` +
      (plan.loopback ? '' : `Listening on ${plan.host}:${server.port}, HTTPS only\n`) +
      `Open: ${server.launchUrl}\n` +
      'The link signs in one browser, once. For another: ./desk serve --new-link (or kill -USR2 ' +
      `${process.pid}).\n`,
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
  if (!values['no-open']) openInBrowser(server.launchUrl)

  let stopping = false
  const shutdown = async (signal: string): Promise<void> => {
    if (stopping) return
    stopping = true
    log.info(`service: stopping (${signal})`)
    await linkControl.close()
    await server.close()
    await desk.stop()
    process.exit(0)
  }
  process.on('SIGINT', () => void shutdown('SIGINT'))
  process.on('SIGTERM', () => void shutdown('SIGTERM'))
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
  // A start-up problem the user fixes by changing a flag or a file: exit code 2, no stack.
  process.exit(isDeskError(err, 'invalid-input') ? 2 : 1)
})

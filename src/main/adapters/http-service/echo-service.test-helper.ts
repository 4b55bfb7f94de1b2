/** A service-mode server over handlers that echo their validated input, for transport tests. */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { REQUEST_CHANNELS } from '../../../shared/channels'
import { createDispatcher, type Handlers } from '../../app/dispatcher'
import { createPushBus } from '../../app/push-bus'
import type { PushBus } from '../../core/ports'
import { createMemoryLogger, type Logger } from '../../logging/logger'
import type { ListenPlan } from './listen-plan'
import { loopbackPlan, startServiceServer, type ServiceLimits, type ServiceServer } from './service-server'

/** Starts the real server with echoing handlers and a one-page renderer folder. */
export async function startEchoService(
  opts: {
    bus?: PushBus
    log?: Logger
    listen?: ListenPlan
    port?: number
    limits?: Partial<ServiceLimits>
  } = {},
): Promise<ServiceServer> {
  const rendererDir = mkdtempSync(join(tmpdir(), 'renderer-'))
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Faces Concur Desk</title>')
  const handlers = {} as Record<string, (i: unknown) => Promise<unknown>>
  for (const c of REQUEST_CHANNELS) handlers[c] = async (input) => ({ echoed: c, input })
  return startServiceServer({
    dispatch: createDispatcher(handlers as unknown as Handlers, createMemoryLogger()),
    bus: opts.bus ?? createPushBus(),
    log: opts.log ?? createMemoryLogger(),
    rendererDir,
    newLinkHint: 'run ./desk serve --new-link on the desk machine.',
    ...(opts.listen ? { listen: opts.listen } : opts.port ? { listen: loopbackPlan(opts.port) } : {}),
    ...(opts.limits ? { limits: opts.limits } : {}),
  })
}

/** Opens a sign-in link the way a browser does and returns the session cookie (`name=value`) it got. */
export async function signIn(server: ServiceServer, url = server.newLaunchUrl()): Promise<string> {
  const res = await fetch(url, { redirect: 'manual' })
  const setCookie = res.headers.get('set-cookie') ?? ''
  const pair = setCookie.split(';')[0] ?? ''
  if (res.status !== 303 || !pair.startsWith(`${server.cookieName}=`)) {
    throw new Error(`sign-in failed: HTTP ${res.status}, set-cookie "${setCookie.slice(0, 40)}"`)
  }
  return pair
}

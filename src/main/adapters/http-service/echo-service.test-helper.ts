/** A service-mode server over handlers that echo their validated input, for transport tests. */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { REQUEST_CHANNELS } from '../../../shared/channels'
import { createDispatcher, type Handlers } from '../../app/dispatcher'
import { createPushBus } from '../../app/push-bus'
import type { PushBus } from '../../core/ports'
import { createMemoryLogger } from '../../logging/logger'
import { startServiceServer, type ServiceServer } from './service-server'

/** Starts the real server with echoing handlers and a one-page renderer folder. */
export async function startEchoService(
  opts: { bus?: PushBus; sessionToken?: string; port?: number } = {},
): Promise<ServiceServer> {
  const rendererDir = mkdtempSync(join(tmpdir(), 'renderer-'))
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Faces Concur Desk</title>')
  const handlers = {} as Record<string, (i: unknown) => Promise<unknown>>
  for (const c of REQUEST_CHANNELS) handlers[c] = async (input) => ({ echoed: c, input })
  return startServiceServer({
    dispatch: createDispatcher(handlers as unknown as Handlers, createMemoryLogger()),
    bus: opts.bus ?? createPushBus(),
    log: createMemoryLogger(),
    rendererDir,
    ...(opts.sessionToken ? { sessionToken: opts.sessionToken } : {}),
    ...(opts.port ? { port: opts.port } : {}),
  })
}

/**
 * A composed desk on the Sandbox for cross-layer tests, as service mode builds it: conf settings in
 * a temp folder, a memory secret store, the real loopback simulators; plus the small helpers the
 * tests share (unwrap a Result, wait for a condition, collect pushes).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { RequestChannel } from '../../src/shared/channels'
import type { PushMessage, RequestInput, RequestOutputs } from '../../src/shared/contract'
import type { Result } from '../../src/shared/result'
import { createDesk, type Desk } from '../../src/main/app/desk'
import { createMemorySecretStore } from '../../src/main/adapters/keychain/keytar-secret-store'
import { createConfSettingsStore } from '../../src/main/adapters/storage/conf-settings-store'
import { systemClock } from '../../src/main/core/clock'
import type { Clock } from '../../src/main/core/ports'
import { createMemoryLogger } from '../../src/main/logging/logger'

/** The value of a successful Result; a failure throws with its kind and message. */
export function value<T>(r: Result<unknown>): T {
  if (!r.ok) throw new Error(`expected success, got ${r.problem.kind}: ${r.problem.message}`)
  return r.value as T
}

/** Polls `probe` every 50 ms until it gives a truthy value (at most `limitMs`, real time). */
export async function eventually<T>(
  what: string,
  probe: () => Promise<T | null | undefined | false> | T | null | undefined | false,
  limitMs = 30_000,
): Promise<T> {
  const until = Date.now() + limitMs
  for (;;) {
    const v = await probe()
    if (v) return v
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

/** A running composed desk with typed calls and the pushes it sent. */
export type TestDesk = {
  desk: Desk
  dataDir: string
  /** The desk's clock (the real one unless the test gave one). */
  clock: Clock
  pushes: PushMessage[]
  call<C extends RequestChannel>(channel: C, input: RequestInput<C>): Promise<RequestOutputs[C]>
  /** The failure of a call expected to fail. */
  problem<C extends RequestChannel>(
    channel: C,
    input: RequestInput<C>,
  ): Promise<{ kind: string; message: string }>
  stop(): Promise<void>
}

/** Starts a composed desk on the Sandbox in a fresh temp folder, on `opts.clock` (default: real). */
export async function startTestDesk(opts: { clock?: Clock } = {}): Promise<TestDesk> {
  const dataDir = mkdtempSync(join(tmpdir(), 'desk-sbx-'))
  const clock = opts.clock ?? systemClock
  const desk = await createDesk({
    clock,
    transport: 'service',
    dataDir,
    settings: createConfSettingsStore(dataDir),
    secrets: createMemorySecretStore('test'),
    log: createMemoryLogger(),
    version: 'test',
  })
  const pushes: PushMessage[] = []
  desk.bus.subscribe((m) => void pushes.push(m))
  return {
    desk,
    dataDir,
    clock,
    pushes,
    call: async (channel, input) => value(await desk.dispatch(channel, input)),
    problem: async (channel, input) => {
      const r = await desk.dispatch(channel, input)
      if (r.ok) throw new Error(`expected ${channel} to fail, it succeeded`)
      return r.problem
    },
    async stop() {
      await desk.stop()
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import {
  createHttpTransport,
  defaultReconnectDelayMs,
  type ConnectionState,
  type HttpTransport,
  type PushStream,
} from './http-transport'

/** A push stream the test opens, fails and feeds by hand. */
class FakeStream implements PushStream {
  onopen: ((event: Event) => void) | null = null
  onmessage: ((event: MessageEvent) => void) | null = null
  onerror: ((event: Event) => void) | null = null
  isClosed = false
  open(): void {
    this.onopen?.(new Event('open'))
  }
  fail(): void {
    this.onerror?.(new Event('error'))
  }
  push(data: unknown): void {
    this.onmessage?.(new MessageEvent('message', { data: JSON.stringify(data) }))
  }
  close(): void {
    this.isClosed = true
  }
}

type Reply = 'down' | number | { status: number; body: string }

function world() {
  const streams: FakeStream[] = []
  const states: ConnectionState[] = []
  const delays: number[] = []
  let resyncs = 0
  let reply: Reply = { status: 200, body: JSON.stringify({ ok: true, value: {} }) }
  const transport: HttpTransport = createHttpTransport({
    fetchFn: async () => {
      if (reply === 'down') throw new TypeError('fetch failed')
      if (typeof reply === 'number') return new Response('', { status: reply })
      return new Response(reply.body, { status: reply.status })
    },
    openStream: () => {
      const s = new FakeStream()
      streams.push(s)
      return s
    },
    onConnectionChange: (s) => void states.push(s),
    onResync: () => void resyncs++,
    reconnectDelayMs: (attempt) => {
      const ms = 1000 * attempt
      delays.push(ms)
      return ms
    },
  })
  return {
    transport,
    streams,
    states,
    delays,
    resyncs: () => resyncs,
    latest: () => streams[streams.length - 1]!,
    answer: (r: Reply) => void (reply = r),
  }
}

beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  vi.useRealTimers()
})

describe('the service-mode push stream', () => {
  it('backs off 1 s, 2 s, 4 s … up to 30 s, with jitter around each step', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 12].map((n) => defaultReconnectDelayMs(n, () => 0.5))).toEqual([
      1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000,
    ])
    expect(defaultReconnectDelayMs(1, () => 0)).toBe(800)
    expect(defaultReconnectDelayMs(1, () => 1)).toBe(1200)
  })

  it('opens once for all subscribers and delivers pushes to the right channel', () => {
    const w = world()
    const seen: unknown[] = []
    w.transport.subscribe('notify', (n) => void seen.push(n))
    w.transport.subscribe('log:appended', () => void seen.push('wrong channel'))
    w.latest().open()
    w.latest().push({ channel: 'notify', payload: { id: 'n1' } })
    expect(w.streams).toHaveLength(1)
    expect(seen).toEqual([{ id: 'n1' }])
    expect(w.states).toEqual(['live'])
    expect(w.resyncs()).toBe(0)
  })

  it('reconnects after a drop with growing back-off while the service is down, then resyncs once', async () => {
    const w = world()
    w.transport.subscribe('notify', () => {})
    w.latest().open()
    w.answer('down')
    w.latest().fail()
    expect(w.streams[0]!.isClosed).toBe(true)
    expect(w.transport.connection()).toBe('reconnecting')
    await vi.advanceTimersByTimeAsync(1000)
    await vi.advanceTimersByTimeAsync(2000)
    expect(w.delays).toEqual([1000, 2000, 3000])
    expect(w.streams).toHaveLength(1)
    w.answer({ status: 200, body: JSON.stringify({ ok: true, value: {} }) })
    await vi.advanceTimersByTimeAsync(3000)
    expect(w.streams).toHaveLength(2)
    w.latest().open()
    expect(w.states).toEqual(['live', 'reconnecting', 'live'])
    expect(w.resyncs()).toBe(1)
    w.latest().fail()
    expect(w.delays.at(-1)).toBe(1000)
  })

  it('reports a session the service no longer accepts as signed out, and recovers once it is valid again', async () => {
    const w = world()
    w.transport.subscribe('notify', () => {})
    w.latest().open()
    w.answer(401)
    w.latest().fail()
    await vi.advanceTimersByTimeAsync(1000)
    expect(w.transport.connection()).toBe('signed-out')
    const call = await w.transport.call('app:info', {})
    expect(call).toMatchObject({ ok: false, problem: { kind: 'signed-out' } })
    if (!call.ok) expect(call.problem.message).toContain('Open a new sign-in link')
    await vi.advanceTimersByTimeAsync(2000)
    expect(w.transport.connection()).toBe('signed-out')
    expect(w.streams).toHaveLength(1)
    w.answer({ status: 200, body: JSON.stringify({ ok: true, value: {} }) })
    await vi.advanceTimersByTimeAsync(3000)
    expect(w.streams).toHaveLength(2)
    w.latest().open()
    expect(w.transport.connection()).toBe('live')
    expect(w.resyncs()).toBe(1)
  })

  it('stops reconnecting once closed', async () => {
    const w = world()
    w.transport.subscribe('notify', () => {})
    w.latest().fail()
    w.transport.close()
    await vi.advanceTimersByTimeAsync(60_000)
    expect(w.streams).toHaveLength(1)
  })
})

describe('the service-mode reply check', () => {
  it.each([
    ['not JSON', { status: 200, body: '<html>proxy error</html>' }, 'is not JSON (HTTP 200)'],
    ['JSON but no result', { status: 200, body: '{"entities":[]}' }, 'is not a result (HTTP 200)'],
    [
      'a failure of an unknown kind',
      { status: 200, body: '{"ok":false,"problem":{"kind":"oops","message":"x"}}' },
      'is not a result',
    ],
    [
      'a failure without a message',
      { status: 200, body: '{"ok":false,"problem":{"kind":"bug"}}' },
      'is not a result',
    ],
    ['a 502 from something in between', { status: 502, body: 'Bad gateway' }, 'is not JSON (HTTP 502)'],
  ] as const)('turns %s into a clear failure', async (_what, reply, says) => {
    const w = world()
    w.answer(reply)
    const r = await w.transport.call('app:info', {})
    expect(r.ok).toBe(false)
    if (!r.ok) {
      expect(r.problem.kind).toBe('bug')
      expect(r.problem.message).toContain(says)
      expect(r.problem.message).toContain('Reload the page')
    }
  })

  it('passes a well-formed failure through with its fields and correlation id', async () => {
    const w = world()
    const problem = {
      kind: 'invalid-input',
      message: 'Fix it',
      fields: { name: 'Enter a name' },
      correlationId: 'c-1',
    }
    w.answer({ status: 200, body: JSON.stringify({ ok: false, problem }) })
    expect(await w.transport.call('app:info', {})).toEqual({ ok: false, problem })
  })

  it('accepts a success whose value JSON dropped (a handler that returns nothing)', async () => {
    const w = world()
    w.answer({ status: 200, body: '{"ok":true}' })
    expect(await w.transport.call('app:info', {})).toEqual({ ok: true, value: undefined })
  })

  it('reports an unreachable service as offline', async () => {
    const w = world()
    w.answer('down')
    expect(await w.transport.call('app:info', {})).toMatchObject({ ok: false, problem: { kind: 'offline' } })
  })
})

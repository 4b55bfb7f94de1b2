import { describe, expect, it } from 'vitest'
import { PUSH_CHANNELS, REQUEST_CHANNELS } from '../../shared/channels'
import { requestSchemas } from '../../shared/contract'
import { DeskError } from '../core/errors/desk-error'
import { createMemoryLogger } from '../logging/logger'
import { createDispatcher, type Handlers } from './dispatcher'

function handlersReturning(value: unknown): Handlers {
  const h = {} as Record<string, (input: unknown) => Promise<unknown>>
  for (const c of REQUEST_CHANNELS) h[c] = async (input) => ({ channel: c, input, value })
  return h as unknown as Handlers
}

describe('the typed contract', () => {
  it('gives every request channel exactly one input schema', () => {
    expect(Object.keys(requestSchemas).sort()).toEqual([...REQUEST_CHANNELS].sort())
  })

  it('names channels area:verb-noun and never repeats one', () => {
    for (const c of [...REQUEST_CHANNELS, ...PUSH_CHANNELS.filter((p) => p !== 'notify')]) {
      expect(c).toMatch(/^[a-z]+:[a-z-]+$/)
    }
    expect(new Set(REQUEST_CHANNELS).size).toBe(REQUEST_CHANNELS.length)
  })

  it('rejects an entity whose company UUID is the malformed sample from the desk process', () => {
    const r = requestSchemas['entities:create'].safeParse({
      name: 'Demo',
      outtaskId: '110034',
      companyUuid: '79840cd9-5989-4675c-a254-3cdkkkdddeeebb178',
      siteIds: [],
      vendorSiteIds: [],
      travelConfigIds: [],
      facesCompanyId: 'F1',
    })
    expect(r.success).toBe(false)
    expect(r.error?.issues[0]?.path).toEqual(['companyUuid'])
  })
})

describe('the dispatcher', () => {
  it('passes validated input to the handler and wraps the value in a Result', async () => {
    const dispatch = createDispatcher(handlersReturning(42), createMemoryLogger())
    const r = await dispatch('entities:get', { entityId: 'e1' })
    expect(r).toEqual({ ok: true, value: { channel: 'entities:get', input: { entityId: 'e1' }, value: 42 } })
  })

  it('rejects an unknown channel without calling any handler', async () => {
    const dispatch = createDispatcher(handlersReturning(1), createMemoryLogger())
    const r = await dispatch('shell:exec', { cmd: 'rm -rf /' })
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.problem.kind).toBe('invalid-input')
  })

  it('rejects input that does not match the schema and names the field', async () => {
    const dispatch = createDispatcher(handlersReturning(1), createMemoryLogger())
    const r = await dispatch('log:query', { limit: 5000 })
    expect(r.ok).toBe(false)
    if (!r.ok) {
      expect(r.problem.kind).toBe('invalid-input')
      expect(Object.keys(r.problem.fields ?? {})).toContain('limit')
    }
  })

  it('rejects extra properties (strict schemas) so nothing unexpected crosses', async () => {
    const dispatch = createDispatcher(handlersReturning(1), createMemoryLogger())
    const r = await dispatch('app:info', { __proto__: { polluted: true }, extra: 1 })
    expect(r.ok).toBe(false)
  })

  it('turns a DeskError into its problem and an unexpected error into a bug without details', async () => {
    const h = handlersReturning(1) as unknown as Record<string, (i: unknown) => Promise<unknown>>
    h['entities:get'] = async () => {
      throw new DeskError('not-found', 'No entity with that id.')
    }
    h['entities:list'] = async () => {
      throw new TypeError('secret-ish internals at line 3')
    }
    const log = createMemoryLogger()
    const dispatch = createDispatcher(h as unknown as Handlers, log)
    expect(await dispatch('entities:get', { entityId: 'x' })).toEqual({
      ok: false,
      problem: { kind: 'not-found', message: 'No entity with that id.' },
    })
    const bug = await dispatch('entities:list', {})
    expect(bug.ok).toBe(false)
    if (!bug.ok) {
      expect(bug.problem.kind).toBe('bug')
      expect(bug.problem.message).not.toContain('internals')
    }
    expect(log.lines.some((l) => l.includes('entities:list: unexpected failure'))).toBe(true)
  })
})

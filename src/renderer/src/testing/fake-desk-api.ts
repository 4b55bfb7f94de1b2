/**
 * An in-memory DeskApi for component tests, screenshots and the UI benchmark. It answers every
 * channel from plain data, filters the log like main does, and lets the caller push events.
 * Channels listed in `failing` answer with a Result failure (to test error states).
 */
import type { PushChannel, RequestChannel } from '../../../shared/channels'
import type { PushPayloads, RequestInput, RequestOutputs } from '../../../shared/contract'
import type { DeskApi } from '../../../shared/desk-api'
import { parseTokenPaste } from '../../../shared/intake/token-parser'
import type {
  EntityView,
  ParsedTokenBlock,
  SandboxStatus,
  SyncLogRecord,
  TokenView,
  UpdateStatus,
} from '../../../shared/model'
import type { Problem, Result } from '../../../shared/result'
import { SANDBOX_SWITCH_IDS, type SandboxSwitchId } from '../../../shared/sandbox-switches'
import { matchesLogFilter } from '../features/log/log-store'
import {
  makeEntities,
  makeLogRecords,
  makePollStats,
  makeSettings,
  makeRunHistory,
  makeToken,
  makeTravellerDetail,
  makeTravellers,
} from './demo-data'

/** What service mode answers in Settings → Updates. */
const serviceModeUpdates: UpdateStatus = {
  state: 'unsupported',
  currentVersion: '0.1.0',
  availableVersion: null,
  downloadPercent: null,
  lastCheckedAtMs: null,
  message:
    'Updates come with the desktop app. In service mode, install the new release on this machine and restart the desk.',
  syncsRunning: 0,
}

/** A fake API plus test hooks. */
export type FakeDeskApi = DeskApi & {
  emit<P extends PushChannel>(channel: P, payload: PushPayloads[P]): void
  calls: Array<{ channel: RequestChannel; input: unknown }>
  entities: EntityView[]
  tokens: TokenView[]
  log: SyncLogRecord[]
}

/** Options of the fake. */
export type FakeDeskOptions = {
  nowMs?: number
  entityCount?: number
  logCount?: number
  failing?: Partial<Record<RequestChannel, Problem>>
  /** Sandbox switches reported as on (since `nowMs`). */
  sandboxOn?: SandboxSwitchId[]
  overrides?: { [C in RequestChannel]?: (input: RequestInput<C>) => Result<RequestOutputs[C]> }
}

/** Creates the fake. */
export function createFakeDeskApi(opts: FakeDeskOptions = {}): FakeDeskApi {
  const nowMs = opts.nowMs ?? Date.now()
  const entities = makeEntities(opts.entityCount ?? 40, nowMs)
  const tokens = entities.flatMap((e) => (e.credential.state === 'request-token' ? [e.credential.token] : []))
  tokens.push(
    makeToken(9001, nowMs, {
      entityId: entities[1]?.id ?? 'ent-1',
      receivedAtMs: nowMs - 23 * 3_600_000,
      expiresAtMs: nowMs + 3_600_000,
    }),
  )
  const log = makeLogRecords(opts.logCount ?? 2000, nowMs, Math.min(50, entities.length || 1))
  const listeners = new Map<string, Set<(p: unknown) => void>>()
  const calls: FakeDeskApi['calls'] = []
  let settings = makeSettings()
  let switches: SandboxStatus['switches'] = SANDBOX_SWITCH_IDS.map((id) => {
    const isOn = opts.sandboxOn?.includes(id) ?? false
    return { id, isOn, sinceMs: isOn ? nowMs : null, entityId: null, entityName: null, note: null }
  })
  const sandboxStatus = (): SandboxStatus => ({
    active: true,
    concurTokenUrl: 'http://127.0.0.1:4001',
    concurDataCentres: { us2: 'http://127.0.0.1:4002', eu2: 'http://127.0.0.1:4003' },
    facesUrl: 'http://127.0.0.1:4004',
    startedAtMs: nowMs,
    switches,
  })

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- test double answering every channel
  function answer(channel: RequestChannel, input: any): Result<unknown> {
    const e = entities.find((x) => x.id === input?.entityId)
    const notFound: Result<never> = {
      ok: false,
      problem: { kind: 'not-found', message: 'That entity does not exist.' },
    }
    switch (channel) {
      case 'app:info':
        return {
          ok: true,
          value: {
            version: '0.1.0',
            transport: 'service',
            environment: 'sandbox',
            keychain: { backend: 'memory', detail: 'Sandbox keeps secrets in memory' },
            dataDir: '/tmp/desk',
            businessTimeZone: 'Europe/Zurich',
            startedAtMs: nowMs,
            notices: [],
            store: { kind: 'sqlite', location: '/tmp/desk/sandbox/desk.sqlite' },
          },
        }
      case 'entities:list':
        return { ok: true, value: entities }
      case 'entities:get':
      case 'entities:mark-step':
      case 'entities:set-polling':
      case 'entities:archive':
      case 'entities:ack-login-changes':
        return e ? { ok: true, value: e } : notFound
      case 'entities:compose-case':
        return e
          ? {
              ok: true,
              value: {
                subject: `Company request token for ${e.name} (${e.outtaskId})`,
                body: `Hello SAP Concur support,\n\nplease issue a company request token for Entity/Outtask ID ${e.outtaskId} (${e.companyUuid}).\n\nThank you`,
              },
            }
          : notFound
      case 'entities:create':
        return {
          ok: false,
          problem: {
            kind: 'invalid-input',
            message: 'Check the fields.',
            fields: { outtaskId: 'The Entity/Outtask ID is digits only, e.g. 110034' },
          },
        }
      case 'entities:update':
        return e ? { ok: true, value: { ...e, ...input.input } } : notFound
      case 'entities:import-csv':
        return {
          ok: true,
          value: {
            rows: [
              { line: 2, outcome: 'created', outtaskId: '120001', reasons: [] },
              {
                line: 3,
                outcome: 'rejected',
                outtaskId: null,
                reasons: ['The Entity/Outtask ID is digits only'],
              },
            ],
            created: 1,
            updated: 0,
            rejected: 1,
          },
        }
      case 'tokens:preview':
        return { ok: true, value: previewBlocks(input.text) }
      case 'tokens:submit':
        return { ok: true, value: { accepted: [], rejected: [], skipped: [], createdEntities: [] } }
      case 'tokens:list':
        return { ok: true, value: tokens }
      case 'tokens:exchange':
      case 'tokens:discard': {
        const t = tokens.find((x) => x.id === input.tokenId)
        return t ? { ok: true, value: { ...t, state: 'exchanging' } } : notFound
      }
      case 'travellers:list':
        return { ok: true, value: makeTravellers(25, nowMs) }
      case 'travellers:detail':
        return e ? { ok: true, value: makeTravellerDetail(e.id, input.loginId, nowMs) } : notFound
      case 'sync:run-history':
        return e ? { ok: true, value: makeRunHistory(e.id, nowMs).slice(0, input.limit ?? 50) } : notFound
      case 'sync:run-entity':
      case 'sync:run-traveller':
        return {
          ok: true,
          value: {
            runId: `run-${calls.length}`,
            entityId: input.entityId,
            kind: input.loginId ? 'traveller' : input.full ? 'full-resync' : 'manual',
            direction: input.direction ?? 'concur-to-faces',
            state: 'running',
            pagesDone: 1,
            pagesTotal: 4,
            profilesDone: 30,
            profilesTotal: 120,
            failed: 0,
            counts: { read: 0, written: 0, unchanged: 0, skipped: 0, flagged: 0, rejected: 0, failed: 0 },
            startedAtMs: nowMs,
            finishedAtMs: null,
          },
        }
      case 'sync:cancel':
        return { ok: false, problem: { kind: 'not-found', message: 'That run already finished.' } }
      case 'sync:runs':
        return { ok: true, value: [] }
      case 'sync:poll-stats':
        return { ok: true, value: makePollStats(nowMs) }
      case 'log:query': {
        const limit = input.limit ?? 200
        const out: SyncLogRecord[] = []
        let total = 0
        let oldestAtMs: number | null = null
        for (let k = log.length - 1; k >= 0; k--) {
          const r = log[k] as SyncLogRecord
          if (!matchesLogFilter(r, input)) continue
          total++
          oldestAtMs = r.atMs
          if (input.beforeSeq !== undefined && r.seq >= input.beforeSeq) continue
          if (out.length < limit) out.push(r)
        }
        const last = out[out.length - 1]
        return {
          ok: true,
          value: { records: out, total, hasMore: !!last && out.length === limit && last.seq > 1, oldestAtMs },
        }
      }
      case 'log:export-csv':
        return { ok: true, value: { filename: 'sync-log.csv', csv: 'seq,message\n1,hello\n', rows: 1 } }
      case 'settings:get':
        return { ok: true, value: settings }
      case 'settings:update':
        settings = {
          ...settings,
          ...input,
          production: { ...settings.production, ...input.production },
          schedule: { ...settings.schedule, ...input.schedule },
          intakeWindow: { ...settings.intakeWindow, ...input.intakeWindow },
        }
        return { ok: true, value: settings }
      case 'settings:set-secret':
        settings = {
          ...settings,
          production: {
            ...settings.production,
            [input.name === 'faces-api-key' ? 'hasFacesApiKey' : 'hasConcurClientSecret']: true,
          },
        }
        return { ok: true, value: settings }
      case 'settings:test-connection':
        return {
          ok: true,
          value: {
            atMs: nowMs,
            concur: {
              target: 'concur',
              verdict: 'wrong-secret',
              message:
                'Concur at us2.api.concursolutions.com knows the client ID but rejected the client secret (code 64).',
              correlationId: 'c-test-1',
              durationMs: 310,
            },
            faces: {
              target: 'faces',
              verdict: 'ok',
              message: 'Faces at faces.example.com accepted the user desk and the API key.',
              correlationId: null,
              durationMs: 40,
            },
          },
        }
      case 'sandbox:issue-token':
        return e
          ? {
              ok: true,
              value: {
                caseText: `Dear support,\n\nEntity/Outtask ID: ${e.outtaskId}\nClient_UUID: ${e.companyUuid}\nRequest_Token: at-demo${e.outtaskId}abcdefghijklmnopqrstuvwxyz\n\nKind regards, SAP Concur`,
              },
            }
          : notFound
      case 'sandbox:new-customer-reply':
        return {
          ok: true,
          value: {
            caseText:
              'Entity/Outtask ID: 119901\nClient_UUID: 5b6c7d8e-9f01-4a2b-8c3d-4e5f60718293\nRequest_Token: at-newcustomer0123456789abcdef',
            outtaskId: '119901',
            companyUuid: '5b6c7d8e-9f01-4a2b-8c3d-4e5f60718293',
          },
        }
      case 'sandbox:status':
      case 'sandbox:reset':
        return { ok: true, value: sandboxStatus() }
      case 'sandbox:set-switch':
        switches = switches.map((s) =>
          s.id === input.switch
            ? {
                ...s,
                isOn: input.on,
                sinceMs: input.on ? nowMs : null,
                note: input.on ? 'Switched on in the fake.' : null,
              }
            : s,
        )
        return { ok: true, value: sandboxStatus() }
      case 'updates:status':
      case 'updates:check':
        return { ok: true, value: serviceModeUpdates }
      case 'updates:install':
        return { ok: false, problem: { kind: 'conflict', message: serviceModeUpdates.message ?? '' } }
      default:
        return {
          ok: false,
          problem: { kind: 'bug', message: `The fake desk does not answer ${String(channel)}.` },
        }
    }
  }

  // The same pure parser main runs; matching and duplicates are decided here as main would.
  function previewBlocks(text: string): ParsedTokenBlock[] {
    const seen = new Map<string, number>()
    return parseTokenPaste(text).map((b) => {
      const known = entities.find((x) => x.outtaskId === b.outtaskId)
      const key = `${b.outtaskId}|${b.tokenPreview}`
      const first = seen.get(key)
      const isDuplicate = first !== undefined
      if (!isDuplicate) seen.set(key, b.index)
      return {
        index: b.index,
        lines: b.lines,
        outtaskId: b.outtaskId,
        companyUuid: b.companyUuid,
        tokenPreview: b.tokenPreview,
        errors: b.errors,
        warnings: b.warnings,
        notes: b.notes,
        match: known
          ? {
              kind: 'known',
              entityId: known.id,
              entityName: known.name,
              uuidMatches: known.companyUuid === b.companyUuid,
            }
          : { kind: 'unknown' },
        isDuplicate,
        duplicateOf: isDuplicate ? { kind: 'in-paste', blockIndex: first } : null,
        isValid: b.errors.length === 0 && !!b.outtaskId && !!b.companyUuid && !!b.tokenPreview,
        receivedAtMs: null,
      }
    })
  }

  return {
    transport: 'service',
    calls,
    entities,
    tokens,
    log,
    async call<C extends RequestChannel>(
      channel: C,
      input: RequestInput<C>,
    ): Promise<Result<RequestOutputs[C]>> {
      calls.push({ channel, input })
      const failure = opts.failing?.[channel]
      if (failure) return { ok: false, problem: failure }
      const override = opts.overrides?.[channel] as
        ((i: RequestInput<C>) => Result<RequestOutputs[C]>) | undefined
      if (override) return override(input)
      return answer(channel, input) as Result<RequestOutputs[C]>
    },
    subscribe<P extends PushChannel>(channel: P, listener: (payload: PushPayloads[P]) => void): () => void {
      let set = listeners.get(channel)
      if (!set) listeners.set(channel, (set = new Set()))
      set.add(listener as (p: unknown) => void)
      return () => set.delete(listener as (p: unknown) => void)
    },
    emit(channel, payload) {
      for (const l of listeners.get(channel) ?? []) l(payload)
    },
  }
}

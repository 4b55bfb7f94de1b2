/**
 * Ports: the only ways the core touches the world. Adapters implement them
 * (src/main/adapters), tests pass fakes. Nothing under core/ imports electron or does I/O itself
 * (ESLint enforces it; the file-backed stores waiting for issue 12 are the listed exception).
 * The scheduler's CronPort sits beside its only user, core/scheduler/poll-scheduler.ts.
 */
import type { PushChannel } from '../../shared/channels'
import type { PushMessage, PushPayloads } from '../../shared/contract'
import type { Result } from '../../shared/result'
import type { Principal } from './team/principal'

/** Time source; inject a fake one in tests. */
export interface Clock {
  /** Epoch milliseconds now. */
  nowMs(): number
  /** Resolves after `ms`, or rejects with an AbortError when `signal` aborts. */
  wait(ms: number, signal?: AbortSignal): Promise<void>
}

/** Names of secrets in the OS keychain. One account per secret. */
export type SecretName =
  | `refresh-token:${string}`
  | `request-token:${string}`
  | 'concur-client-secret'
  | 'faces-api-key'
  | `sandbox:${string}`

/**
 * Where secrets live: the OS keychain; on a headless team desk without one, encrypted in the
 * database; memory only for the Sandbox when neither exists.
 */
export interface SecretStore {
  read(name: SecretName): Promise<string | null>
  write(name: SecretName, value: string): Promise<void>
  remove(name: SecretName): Promise<void>
  /** Which backend holds the secrets, for the UI. */
  describe(): { backend: 'keychain' | 'encrypted' | 'memory'; detail: string }
}

/** A JSON document persisted on disk (electron-store under Electron, conf in service mode). */
export interface SettingsStore<T> {
  read(): T
  write(next: T): void
  /** Absolute path of the file, for diagnostics. */
  readonly path: string
}

/** What the clients send: the subset of fetch's RequestInit they use. */
export type HttpRequestInit = {
  method: string
  headers: Record<string, string>
  body?: string | null
  signal?: AbortSignal
}

/** What the clients read back: the subset of fetch's Response they use. */
export type HttpResponse = {
  readonly status: number
  readonly ok: boolean
  readonly headers: { get(name: string): string | null }
  text(): Promise<string>
}

/**
 * One HTTP exchange, fetch-shaped so global `fetch` fits. Production uses the keep-alive undici
 * client (adapters/http); tests may pass global fetch or a wrapper, always against real servers.
 */
export type Fetch = (url: string, init: HttpRequestInit) => Promise<HttpResponse>

/** Fan-out of pushes from the services to every connected UI (IPC window, SSE clients); app/push-bus.ts builds it. */
export interface PushBus {
  emit<P extends PushChannel>(channel: P, payload: PushPayloads[P]): void
  /** Returns the unsubscribe function. */
  subscribe(listener: (message: PushMessage) => void): () => void
}

/**
 * The transport-facing door: validates and dispatches one request, used by both transports
 * (Electron IPC, service-mode HTTP). `principal`: who asks (the HTTP layer's; none under Electron,
 * where the local user acts); its role is checked on every call. Never throws; app/dispatcher.ts builds it.
 */
export type Dispatch = (
  channel: unknown,
  rawInput: unknown,
  principal?: Principal,
) => Promise<Result<unknown>>

/**
 * Ports: the only ways the core touches the world. Adapters implement them
 * (src/main/adapters), tests pass fakes. Nothing under core/ imports electron or does I/O itself.
 */

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

/** Where secrets live: the OS keychain (or memory only, for the Sandbox when no keychain exists). */
export interface SecretStore {
  read(name: SecretName): Promise<string | null>
  write(name: SecretName, value: string): Promise<void>
  remove(name: SecretName): Promise<void>
  /** Which backend holds the secrets, for the UI. */
  describe(): { backend: 'keychain' | 'memory'; detail: string }
}

/** A JSON document persisted on disk (electron-store under Electron, conf in service mode). */
export interface SettingsStore<T> {
  read(): T
  write(next: T): void
  /** Absolute path of the file, for diagnostics. */
  readonly path: string
}

/** The fetch function (global fetch in production; same in tests, against loopback simulators). */
export type Fetch = typeof fetch

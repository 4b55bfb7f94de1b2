/**
 * The names of every request and push between the UI and the main process. Kept free of any
 * import so the sandboxed preload can bundle it without dependencies. `contract.ts` gives each
 * name its schema and types; a test checks that both lists agree.
 */
export const REQUEST_CHANNELS = [
  'app:info',
  'entities:list',
  'entities:get',
  'entities:create',
  'entities:update',
  'entities:archive',
  'entities:import-csv',
  'entities:mark-step',
  'entities:compose-case',
  'entities:set-polling',
  'entities:ack-login-changes',
  'tokens:preview',
  'tokens:submit',
  'tokens:list',
  'tokens:exchange',
  'tokens:discard',
  'travellers:list',
  'travellers:detail',
  'sync:run-entity',
  'sync:run-traveller',
  'sync:cancel',
  'sync:runs',
  'sync:run-history',
  'sync:poll-stats',
  'log:query',
  'log:export-csv',
  'settings:get',
  'settings:update',
  'settings:set-secret',
  'settings:test-connection',
  'sandbox:issue-token',
  'sandbox:new-customer-reply',
  'sandbox:status',
  'sandbox:set-switch',
  'sandbox:reset',
  'updates:status',
  'updates:check',
  'updates:install',
  'session:me',
  'audit:query',
  'audit:export-csv',
  'account:tokens',
  'account:create-token',
  'account:revoke-token',
  'presence:list',
  'team:status',
  'team:connect',
  'team:confirm-certificate',
  'team:disconnect',
  'users:list',
  'users:add',
  'users:disable',
  'users:enable',
  'users:reset',
  'users:set-role',
] as const

/** A request channel name. */
export type RequestChannel = (typeof REQUEST_CHANNELS)[number]

export const PUSH_CHANNELS = [
  'entity:updated',
  'entity:removed',
  'token:updated',
  'sync:run-updated',
  'log:appended',
  'notify',
  'settings:changed',
  'updates:changed',
  'sandbox:changed',
  'presence:changed',
  'team:changed',
] as const

/** A push channel name. */
export type PushChannel = (typeof PUSH_CHANNELS)[number]

/** True when `name` is a known request channel (used at every transport boundary). */
export function isRequestChannel(name: unknown): name is RequestChannel {
  return typeof name === 'string' && (REQUEST_CHANNELS as readonly string[]).includes(name)
}

/** True when `name` is a known push channel. */
export function isPushChannel(name: unknown): name is PushChannel {
  return typeof name === 'string' && (PUSH_CHANNELS as readonly string[]).includes(name)
}

/** Electron IPC names: every request crosses as `desk:call`, every push as `desk:push`; nothing else does. */
export const IPC_CALL_CHANNEL = 'desk:call'
export const IPC_PUSH_CHANNEL = 'desk:push'

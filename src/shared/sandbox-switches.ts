/**
 * The Sandbox's bad-day switches: what each one rehearses, whether it is about one entity, and the
 * words the Sandbox panel and the banner use. One list for main (which runs them) and the renderer
 * (which shows them), so a switch cannot exist on one side only.
 */

/** Every switch, in the order the Sandbox panel lists them. */
export const SANDBOX_SWITCH_IDS = [
  'concur-down',
  'concur-slow',
  'concur-rate-limited',
  'faces-down',
  'token-expires-soon',
  'token-after-window',
  'refresh-token-dead',
  'rotation-not-taken',
  'login-id-change',
  'large-entity',
] as const

/** A switch's id. */
export type SandboxSwitchId = (typeof SANDBOX_SWITCH_IDS)[number]

/** How a switch is shown and what it needs. */
export type SandboxSwitchInfo = {
  id: SandboxSwitchId
  /** The checkbox label on the Sandbox panel. */
  title: string
  /** The banner's phrase while it is on: "Sandbox: <phrase> (switched on 10:41)". */
  bannerPhrase: (entityName: string | null) => string
  /** Where to look once it is on (the normal screens, as in production). */
  effect: string
  /** What turning it off does, and how the desk recovers. */
  recovery: string
  /** 'connected': needs an entity with a refresh token; null: applies to the whole Sandbox. */
  needsEntity: 'connected' | null
}

const INFO: Record<SandboxSwitchId, Omit<SandboxSwitchInfo, 'id'>> = {
  'concur-down': {
    title: 'Concur is down',
    bannerPhrase: () => 'Concur is down',
    effect:
      'Every call to Concur gets "503 Service Unavailable". The desk polls the connected entities now: they turn red ("entities in error"), their last poll says failed, and an exchange fails with the token still valid (Exchange now works again later).',
    recovery: 'Turning it off polls the connected entities again; they recover at the next good poll.',
    needsEntity: null,
  },
  'concur-slow': {
    title: 'Concur is slow',
    bannerPhrase: () => 'Concur answers slowly (2.5 s per call)',
    effect:
      'Every Concur call waits 2.5 s before it is answered. Exchanges take seconds, and a sync runs long enough to watch its progress bar.',
    recovery: 'Turning it off makes Concur answer at its usual speed again.',
    needsEntity: null,
  },
  'concur-rate-limited': {
    title: 'Concur 429 storm',
    bannerPhrase: () => 'Concur rate-limits most calls (429)',
    effect:
      'Six calls in ten get "429 Too Many Requests" with Retry-After 2 s. The desk backs off and retries: syncs slow down and the sync log shows the waits.',
    recovery: 'Turning it off lets every call through; the desk polls the connected entities again.',
    needsEntity: null,
  },
  'faces-down': {
    title: 'Faces is down',
    bannerPhrase: () => 'Faces is down',
    effect:
      'Every call to Faces gets "503", and one traveller per connected entity changes in Concur so the desk has something to write: the poll now fails to write it (retry list, entities in error), and a hand-off or rotation waits ("Faces holds an older refresh token: retrying since …").',
    recovery: 'Turning it off retries the waiting hand-offs at once and polls the connected entities again.',
    needsEntity: null,
  },
  'token-expires-soon': {
    title: 'A token that expires in 5 minutes',
    bannerPhrase: () => "SAP's replies carry a token that expires in 5 minutes",
    effect:
      'The next "Simulate SAP\'s reply" sends a token that reached the desk 5 minutes before the end of its lifetime: the paste preview, Today and the timeline count down from 5 minutes, and it expires unless it is exchanged in time.',
    recovery: 'Turning it off makes the next replies fresh again.',
    needsEntity: null,
  },
  'token-after-window': {
    title: 'A token that arrived at 16:40',
    bannerPhrase: () => "SAP's replies arrive at 16:40, after the intake window",
    effect:
      'The next "Simulate SAP\'s reply" sends a token that arrived at 16:40 Zurich time, after the intake window closed: the verdict says it arrived outside the window and whether anyone can still exchange it.',
    recovery: 'Turning it off makes the next replies arrive now again.',
    needsEntity: null,
  },
  'refresh-token-dead': {
    title: 'A dead refresh token (108)',
    bannerPhrase: (name) => `Concur revoked the refresh token of ${name ?? 'an entity'} (108)`,
    effect:
      'Concur forgets the entity\'s refresh token; the desk syncs it now, gets code 108, re-checks, and marks the credential dead: "Credential dead: request a new token", a notification, the entity in error.',
    recovery:
      "Turning it off only clears this banner: a dead credential comes back as in production, with a new request token (Simulate SAP's reply → Paste tokens → exchange).",
    needsEntity: 'connected',
  },
  'rotation-not-taken': {
    title: 'A rotation that Faces does not take',
    bannerPhrase: (name) => `Faces refuses the Concur link of ${name ?? 'an entity'}`,
    effect:
      'Faces answers 503 to every update of the entity\'s Concur link, and the desk refreshes now, so Concur rotates the refresh token: the entity says "Faces holds an older refresh token: retrying since …".',
    recovery:
      'Turning it off lets Faces take the link again; the desk writes it through at once and Faces acknowledges the new generation.',
    needsEntity: 'connected',
  },
  'login-id-change': {
    title: 'A login-ID change',
    bannerPhrase: (name) => `A traveller of ${name ?? 'an entity'} changed login ID`,
    effect:
      'Concur renames one traveller\'s login (same Concur UUID), and the desk syncs the entity now: the entity shows "1 login-id change to review" and the sync log has the change.',
    recovery:
      'Turning it off only clears this banner: the change really happened. Review it on the entity ("Mark as reviewed").',
    needsEntity: 'connected',
  },
  'large-entity': {
    title: 'A large entity (5,000 travellers)',
    bannerPhrase: () => 'a large entity with 5,000 travellers is in the Sandbox',
    effect:
      'Adds "Grossfirma Holding AG" (Outtask ID 119500) with 5,000 travellers in the simulated Concur. Connect it like any entity (Simulate SAP\'s reply → Paste tokens → exchange): its first sync reads 5,000 profiles, long enough to watch the progress bar.',
    recovery: 'Turning it off archives the entity (polling stops, a running sync is cancelled).',
    needsEntity: null,
  },
}

/** What the panel and the banner say about a switch. */
export function sandboxSwitchInfo(id: SandboxSwitchId): SandboxSwitchInfo {
  return { id, ...INFO[id] }
}

/** True when `value` names a switch (used at the boundary). */
export function isSandboxSwitchId(value: unknown): value is SandboxSwitchId {
  return typeof value === 'string' && (SANDBOX_SWITCH_IDS as readonly string[]).includes(value)
}

/** The large entity the "large entity" switch adds (fixed, so a test can find it). */
export const LARGE_SANDBOX_ENTITY = {
  name: 'Grossfirma Holding AG',
  outtaskId: '119500',
  companyUuid: '5f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0',
  facesCompanyId: 'FC-119500',
  travelConfigIds: ['91500'],
  travellers: 5_000,
} as const

/**
 * Ports between the token desk and the sync engine. The sync engine implements the poll status
 * and polling control; it reads entities through `EntitySource` (see entity-source.ts).
 */
import type { PollSummary } from '../../../shared/model'

/** What the sync engine knows about one entity's polling. */
export type PollStatus = {
  lastPoll: PollSummary | null
  nextPollAtMs: number | null
  consecutiveFailures: number
  retryListSize: number
  /** Cumulative count of login-id changes detected since the desk started tracking (never reset). */
  loginIdChanges: number
}

/** Reads polling facts for the entity view; the sync engine implements it. */
export interface PollStatusProvider {
  /** Null when the engine has never seen the entity. */
  statusOf(entityId: string): PollStatus | null
}

/** Tells the sync engine that polling of an entity was switched on or off. */
export interface PollControl {
  setPollingActive(entityId: string, active: boolean): void | Promise<void>
}

/** A provider for when no sync engine is wired (tests, early start-up). */
export const noPollStatus: PollStatusProvider = { statusOf: () => null }

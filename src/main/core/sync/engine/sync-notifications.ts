/** The texts of the sync engine's notifications (a background failure never raises a dialog: it is a notification and a log line). */
import type { DeskNotification } from '../../../../shared/model'
import type { Problem } from '../../../../shared/result'

type EntityName = { id: string; name: string }

/** A Concur login id changed: applied to the existing Faces traveller, or only flagged (policy). */
export function loginChangeNotification(
  entity: EntityName,
  from: string,
  to: string,
  applied: boolean,
  nowMs: number,
): DeskNotification {
  return {
    id: `login-change-${entity.id}-${to}-${nowMs}`,
    level: 'warning',
    title: `Concur login ID changed in ${entity.name}`,
    body: applied
      ? `${from} is now ${to}. The existing Faces traveller was updated; no second profile was created.`
      : `${from} is now ${to}. Faces was left unchanged (policy: flag only). Check the traveller, then acknowledge it on the entity.`,
    entityId: entity.id,
    atMs: nowMs,
  }
}

/** Polls after this many failures in a row are worth a notification (once, when the count is reached). */
export const FAILING_POLLS_BEFORE_NOTICE = 3

/** Polling an entity keeps failing. */
export function pollFailingNotification(
  entity: EntityName,
  problem: Problem | null,
  nowMs: number,
): DeskNotification {
  return {
    id: `poll-failing-${entity.id}-${nowMs}`,
    level: 'error',
    title: `Polling ${entity.name} keeps failing`,
    body: `${problem?.message ?? 'The last three polls failed.'} The desk keeps trying at every scheduled run.`,
    entityId: entity.id,
    atMs: nowMs,
  }
}

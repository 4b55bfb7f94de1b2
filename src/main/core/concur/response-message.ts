/**
 * Concur's `TravelProfileResponseMessage`s (docs/concur-api.md §3.7), read wherever Concur may send them:
 * a bare message as the whole body (also with HTTP 200, e.g. E003 for an unknown login), several
 * inside an `<Error><Message>` wrapper, or FOP's `CannotBeChangedProfileSyncMessage`. S = success,
 * W = done with problems, E = failed and nothing changed: an E is permanent for that request, so
 * the desk records the traveller as rejected with a message that says what to do, never retries it.
 */
import { ConcurError } from './concur-error'
import { child, childText, childrenNamed, tagOf, textOf } from './xml-tree'
import type { XmlNode } from './travel-profile'

/** One message of a Travel Profile response. */
export interface ProfileMessage {
  code: string
  message: string
  field?: string
  severity: 'success' | 'warning' | 'error'
}

/** What a set of messages means for the request that got them. */
export type ProfileOutcome = 'success' | 'warning' | 'rejected'

const MESSAGE_TAGS = ['TravelProfileResponseMessage', 'CannotBeChangedProfileSyncMessage']

/** The messages of a response root, or null when the root carries none. */
export function readResponseMessages(root: XmlNode): ProfileMessage[] | null {
  const tag = (tagOf(root) ?? '').toLowerCase()
  if (MESSAGE_TAGS.some((t) => t.toLowerCase() === tag)) return [readMessage(root)]
  const holder = tag === 'error' ? child(root, 'Message') : root
  if (!holder) return null
  const nodes = MESSAGE_TAGS.flatMap((t) => childrenNamed(holder, t))
  return nodes.length > 0 ? nodes.map(readMessage) : null
}

/** The outcome of a set of messages: any E rejects, any W warns, else success. */
export function outcomeOf(messages: readonly ProfileMessage[]): ProfileOutcome {
  if (messages.some((m) => m.severity === 'error')) return 'rejected'
  if (messages.some((m) => m.severity === 'warning')) return 'warning'
  return 'success'
}

/**
 * What a support-desk user should do about a rejection, for one traveller (`login`). Names the
 * login and the field; Concur's own text is quoted only after the advice.
 */
export function rejectionAdvice(messages: readonly ProfileMessage[], login: string): string {
  const errors = messages.filter((m) => m.severity === 'error')
  const first = errors[0]
  if (!first) return `Concur accepted the profile of ${login}.`
  const field = first.field ? ` (${first.field})` : ''
  const quoted = errors.map((m) => `${m.code} ${m.message}`.trim()).join('; ')
  switch (first.code.toUpperCase()) {
    case 'E003':
      return `Concur has no profile with login ${login}. Create it in Concur, or correct the login in Faces.`
    case 'E001':
      return `Concur does not let the desk change ${first.field ?? 'this data'} of ${login}. Change it in Concur itself, or undo the edit in Faces. Concur said: ${quoted}`
    case 'E002':
      return `Concur needs a field that is empty for ${login}${field}. Fill it in Faces; the desk sends the traveller with the next change. Concur said: ${quoted}`
    case 'E004':
      return `Concur could not decrypt the profile of ${login}. Contact SAP Concur support with the correlation id. Concur said: ${quoted}`
    case 'E101':
      return `Concur refuses an address of ${login} in a restricted territory. Correct the address in Faces. Concur said: ${quoted}`
    case 'E111':
      return `Concur could not create the core profile of ${login} (a duplicate login or an unknown company). Check the login in Faces and in Concur. Concur said: ${quoted}`
    default:
      return `Concur refused the profile of ${login}${field}. Correct it in Faces (the desk sends it with the next change) or check it in Concur. Concur said: ${quoted}`
  }
}

/** What a set of W-messages means: Concur applied the rest; the named fields need a look. */
export function warningAdvice(messages: readonly ProfileMessage[], login: string): string {
  const warnings = messages
    .filter((m) => m.severity === 'warning')
    .map((m) => `${m.code}${m.field ? ` ${m.field}` : ''}: ${m.message}`.trim())
  return `Concur applied the profile of ${login} but not everything: ${warnings.join('; ')}. Check those fields in Faces; the desk sends them again with the next change.`
}

/** The permanent error for a rejected request: E003 reads as not-found, every other E as invalid input. */
export function rejectionError(
  messages: readonly ProfileMessage[],
  login: string,
  details: { status?: number; correlationId?: string } = {},
): ConcurError {
  const first = messages.find((m) => m.severity === 'error')
  const code = first?.code.toUpperCase() ?? ''
  return new ConcurError(code === 'E003' ? 'not-found' : 'invalid-input', rejectionAdvice(messages, login), {
    ...details,
    travellerRejected: true,
    ...(code ? { messageCode: code } : {}),
  })
}

function readMessage(node: XmlNode): ProfileMessage {
  const code = (childText(node, 'Code') ?? '').trim()
  const messageNode = child(node, 'Message')
  const message = (messageNode ? textOf(messageNode) : '').replace(/\s+/g, ' ').trim()
  const field = childText(node, 'Field')?.trim()
  const first = code.charAt(0).toUpperCase()
  const severity: ProfileMessage['severity'] =
    first === 'S' ? 'success' : first === 'W' || code.toUpperCase() === 'UNKNOWN' ? 'warning' : 'error'
  return { code, message, severity, ...(field ? { field } : {}) }
}

/** Concur's `<Error>` documents (Invalid User, XML document errors, wrapped messages) as ConcurErrors. */
import { ConcurError } from './concur-error'
import { outcomeOf, readResponseMessages, rejectionError } from './response-message'
import type { XmlNode } from './travel-profile'
import { child, childText, childrenNamed, textOf } from './xml-tree'

/** Maps an `<Error>` document (Invalid User, XML document errors, wrapped messages) to a ConcurError. */
export function errorFromErrorElement(
  root: XmlNode,
  status?: number,
  correlationId?: string,
  login = '',
): ConcurError {
  const message = child(root, 'Message')
  const nested = message ? childrenNamed(message, 'TravelProfileResponseMessage') : []
  const details = { ...(status === undefined ? {} : { status }), ...(correlationId ? { correlationId } : {}) }
  const messages = readResponseMessages(root)
  if (messages && outcomeOf(messages) === 'rejected')
    return rejectionError(messages, login || 'this login', details)
  const text =
    nested.length > 0
      ? nested.map((m) => `${childText(m, 'Code') ?? ''} ${childText(m, 'Message') ?? ''}`.trim()).join('; ')
      : message
        ? textOf(message).trim()
        : ''
  const invalidUser = /^Invalid User:(.*)$/i.exec(text)
  if (invalidUser)
    return new ConcurError(
      'not-found',
      `Concur has no profile with login ${(invalidUser[1] ?? '').trim() || login || 'this login'} (Invalid User). Create it in Concur, or correct the login in Faces.`,
      { ...details, travellerRejected: true, messageCode: 'INVALID-USER' },
    )
  if (/error in XML document/i.test(text))
    return new ConcurError(
      'bug',
      `Concur could not read the XML the desk sent (${text}). This is a bug in the desk: report it with the correlation id.`,
      { ...details, travellerRejected: true },
    )
  return new ConcurError(
    'remote-failed',
    `Concur reported an error: ${text.slice(0, 300) || '(no message)'}`,
    details,
  )
}

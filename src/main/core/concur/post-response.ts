import { ConcurError } from './concur-error'
import { parseConcurRoot } from './concur-xml-root'
import { tagOf } from './xml-tree'
import { errorFromErrorElement } from './profile-xml'
import { readResponseMessages, type ProfileMessage } from './response-message'

/**
 * Reads a profile POST response: a bare `TravelProfileResponseMessage`, several of them, or an
 * `<Error>` wrapper around them (FOP uses `CannotBeChangedProfileSyncMessage`). An `<Error>`
 * without messages (XML document error, Invalid User) becomes a thrown ConcurError.
 */
export function parsePostResponse(xml: string): ProfileMessage[] {
  const root = parseConcurRoot(xml, 'profile-update answer')
  const messages = readResponseMessages(root)
  if (messages) return messages
  if ((tagOf(root) ?? '').toLowerCase() === 'error') throw errorFromErrorElement(root)
  throw new ConcurError(
    'remote-failed',
    `Concur sent a profile-update answer with the unexpected root element <${tagOf(root) ?? ''}>.`,
  )
}

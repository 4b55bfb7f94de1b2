import { ConcurError } from './concur-error'
import { XmlSyntaxError, parseXmlTree, rootOf, tagOf } from './xml-tree'
import { errorFromErrorElement } from './profile-xml'
import { readResponseMessages, type ProfileMessage } from './response-message'
import type { XmlNode } from './travel-profile'

/**
 * Reads a profile POST response: a bare `TravelProfileResponseMessage`, several of them, or an
 * `<Error>` wrapper around them (FOP uses `CannotBeChangedProfileSyncMessage`). An `<Error>`
 * without messages (XML document error, Invalid User) becomes a thrown ConcurError.
 */
export function parsePostResponse(xml: string): ProfileMessage[] {
  let nodes: XmlNode[]
  try {
    nodes = parseXmlTree(xml)
  } catch (err) {
    if (err instanceof XmlSyntaxError)
      throw new ConcurError(
        'remote-failed',
        `Concur sent a profile-update answer that is not well-formed XML (line ${err.line}, column ${err.column}: ${err.detail})`,
        { cause: err },
      )
    throw err
  }
  const root = rootOf(nodes)
  if (!root) throw new ConcurError('remote-failed', 'Concur sent an empty profile-update answer.')
  const messages = readResponseMessages(root)
  if (messages) return messages
  if ((tagOf(root) ?? '').toLowerCase() === 'error') throw errorFromErrorElement(root)
  throw new ConcurError(
    'remote-failed',
    `Concur sent a profile-update answer with the unexpected root element <${tagOf(root) ?? ''}>.`,
  )
}

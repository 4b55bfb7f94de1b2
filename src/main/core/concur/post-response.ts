import { ConcurError } from './concur-error'
import {
  XmlSyntaxError,
  child,
  childText,
  childrenNamed,
  parseXmlTree,
  rootOf,
  tagOf,
  textOf,
} from './xml-tree'
import { errorFromErrorElement } from './profile-xml'
import type { PostMessage } from './concur-client'
import type { XmlNode } from './travel-profile'

/**
 * Reads a profile POST response: a bare `TravelProfileResponseMessage`, several of them, or an
 * `<Error>` wrapper around them (FOP uses `CannotBeChangedProfileSyncMessage`). An `<Error>`
 * without messages (XML document error, Invalid User) becomes a thrown ConcurError.
 */
export function parsePostResponse(xml: string): PostMessage[] {
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
  const tag = (tagOf(root) ?? '').toLowerCase()
  let messageNodes: XmlNode[]
  if (isMessage(tag)) messageNodes = [root]
  else {
    const holder = tag === 'error' ? child(root, 'Message') : root
    messageNodes = holder
      ? [
          ...childrenNamed(holder, 'TravelProfileResponseMessage'),
          ...childrenNamed(holder, 'CannotBeChangedProfileSyncMessage'),
        ]
      : []
    if (messageNodes.length === 0) {
      if (tag === 'error') throw errorFromErrorElement(root)
      throw new ConcurError(
        'remote-failed',
        `Concur sent a profile-update answer with the unexpected root element <${tagOf(root) ?? ''}>.`,
      )
    }
  }
  return messageNodes.map(readMessage)
}

function isMessage(tag: string): boolean {
  return tag === 'travelprofileresponsemessage' || tag === 'cannotbechangedprofilesyncmessage'
}

function readMessage(node: XmlNode): PostMessage {
  const code = (childText(node, 'Code') ?? '').trim()
  const messageNode = child(node, 'Message')
  const message = (messageNode ? textOf(messageNode) : '').replace(/\s+/g, ' ').trim()
  const field = childText(node, 'Field')?.trim()
  const first = code.charAt(0).toUpperCase()
  const severity: PostMessage['severity'] =
    first === 'S' ? 'success' : first === 'W' || code === 'UNKNOWN' ? 'warning' : 'error'
  return { code, message, severity, ...(field ? { field } : {}) }
}

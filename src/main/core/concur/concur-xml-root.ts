/** The root element of an XML answer from Concur, or a ConcurError that names the answer and where it is malformed. */
import { ConcurError } from './concur-error'
import type { XmlNode } from './travel-profile'
import { XmlSyntaxError, parseXmlTree, rootOf } from './xml-tree'

/** Parses `xml` and returns its root; `what` names the answer in the message ("summary page", …). */
export function parseConcurRoot(xml: string, what: string): XmlNode {
  let nodes: XmlNode[]
  try {
    nodes = parseXmlTree(xml)
  } catch (err) {
    if (err instanceof XmlSyntaxError)
      throw new ConcurError(
        'remote-failed',
        `Concur sent a ${what} that is not well-formed XML (line ${err.line}, column ${err.column}: ${err.detail})`,
        { cause: err },
      )
    throw err
  }
  const root = rootOf(nodes)
  if (!root) throw new ConcurError('remote-failed', `Concur sent an empty ${what}.`)
  return root
}

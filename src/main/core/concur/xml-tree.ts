import { XMLBuilder, XMLParser, XMLValidator } from 'fast-xml-parser'
import type { XmlNode } from './travel-profile'
import { DeskError } from '../errors/desk-error'

/**
 * Small helpers over fast-xml-parser's `preserveOrder` tree. Order-preserving trees let unknown
 * elements survive a read-modify-write, and element order matters to Concur's XSD check.
 */

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  processEntities: true,
})

const builder = new XMLBuilder({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  suppressEmptyNode: true,
  format: true,
  indentBy: '  ',
  processEntities: true,
})

/**
 * Thrown when a document is not well-formed XML; `line`/`column` point at the problem. The parsers
 * re-throw it as a ConcurError that names the call; on its own it is a failed remote answer.
 */
export class XmlSyntaxError extends DeskError {
  constructor(
    readonly detail: string,
    readonly line: number,
    readonly column: number,
  ) {
    super('remote-failed', `not well-formed XML at line ${line}, column ${column}: ${detail}`)
    this.name = 'XmlSyntaxError'
  }
}

/** Parses XML into top-level nodes after a strict well-formedness check. */
export function parseXmlTree(xml: string): XmlNode[] {
  const verdict = XMLValidator.validate(xml)
  if (verdict !== true) throw new XmlSyntaxError(verdict.err.msg, verdict.err.line, verdict.err.col)
  return parser.parse(xml) as XmlNode[]
}

/** Serialises nodes (with an XML declaration). */
export function buildXml(nodes: XmlNode[]): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${String(builder.build(nodes)).trim()}\n`
}

/** The element name of a node, or null for text nodes. */
export function tagOf(node: XmlNode): string | null {
  for (const key of Object.keys(node)) if (key !== ':@' && key !== '#text') return key
  return null
}

/** Child nodes of an element node. */
export function childrenOf(node: XmlNode): XmlNode[] {
  const tag = tagOf(node)
  if (!tag) return []
  const kids = node[tag]
  return Array.isArray(kids) ? kids : []
}

/** Child elements only (text nodes dropped). */
export function elementsOf(node: XmlNode): XmlNode[] {
  return childrenOf(node).filter((c) => tagOf(c) !== null)
}

/** Attributes of an element node (names as written). */
export function attrsOf(node: XmlNode): Record<string, string> {
  const a = node[':@']
  return a && typeof a === 'object' && !Array.isArray(a) ? (a as Record<string, string>) : {}
}

/** Attribute value by case-insensitive name. */
export function attr(node: XmlNode, name: string): string | undefined {
  const lower = name.toLowerCase()
  for (const [k, v] of Object.entries(attrsOf(node))) if (k.toLowerCase() === lower) return String(v)
  return undefined
}

/** Text content of an element ('' for an empty element). */
export function textOf(node: XmlNode): string {
  return childrenOf(node)
    .map((c) => (typeof c['#text'] === 'string' || typeof c['#text'] === 'number' ? String(c['#text']) : ''))
    .join('')
}

/** First child element with this name, matched case-insensitively (Concur's docs disagree on casing). */
export function child(node: XmlNode, name: string): XmlNode | undefined {
  const lower = name.toLowerCase()
  return elementsOf(node).find((c) => tagOf(c)?.toLowerCase() === lower)
}

/** All child elements with this name, case-insensitively. */
export function childrenNamed(node: XmlNode, name: string): XmlNode[] {
  const lower = name.toLowerCase()
  return elementsOf(node).filter((c) => tagOf(c)?.toLowerCase() === lower)
}

/** Text of a named child, or undefined when the child is absent. */
export function childText(node: XmlNode, name: string): string | undefined {
  const c = child(node, name)
  return c === undefined ? undefined : textOf(c)
}

/** Builds an element node. */
export function element(tag: string, children: XmlNode[] = [], attributes?: Record<string, string>): XmlNode {
  const node: XmlNode = { [tag]: children }
  if (attributes && Object.keys(attributes).length > 0) node[':@'] = attributes
  return node
}

/** Builds a leaf element holding text ('' gives an empty element). */
export function leaf(tag: string, text: string, attributes?: Record<string, string>): XmlNode {
  return element(tag, text === '' ? [] : [{ '#text': text }], attributes)
}

/** The first top-level element (the document root). */
export function rootOf(nodes: XmlNode[]): XmlNode | undefined {
  return nodes.find((n) => tagOf(n) !== null)
}

/** How the simulated Concur applies a posted profile to the stored one (omitted = unchanged, empty/nil = cleared, W012/W016). */
import type { XmlNode } from '../../core/concur/travel-profile'
import { attr, attrsOf, childrenNamed, element, elementsOf, tagOf, textOf } from '../../core/concur/xml-tree'
import {
  lower,
  MERGED_SECTIONS,
  SECTION_ORDER,
  SINGLE_PER_TYPE_PHONES,
  type SimMessage,
} from './sim-profile-checks'

/** True when the element asks to be cleared: empty text or xsi:nil="true". */
function isCleared(n: XmlNode): boolean {
  const nil = Object.entries(attrsOf(n)).find(([k]) => k.toLowerCase().endsWith(':nil'))
  return (
    (nil !== undefined && String(nil[1]).toLowerCase() === 'true') ||
    (elementsOf(n).length === 0 && textOf(n).trim() === '')
  )
}

/** Merges one posted section's children into the stored one: omitted = unchanged, empty/nil = cleared. */
export function mergeChildren(stored: XmlNode | undefined, posted: XmlNode): XmlNode {
  const tag = tagOf(posted) ?? ''
  const kids = stored ? [...elementsOf(stored)] : []
  for (const c of elementsOf(posted)) {
    const replacement = isCleared(c) ? element(tagOf(c) ?? '') : c
    const i = kids.findIndex((k) => lower(k) === lower(c))
    if (i >= 0) kids[i] = replacement
    else kids.push(replacement)
  }
  return element(tag, kids, { ...(stored ? attrsOf(stored) : {}), ...attrsOf(posted) })
}

/** Telephones: one per non-cell type (W016, last wins), cells synchronised as a list with the primary rule (W012). */
function mergeTelephones(
  stored: XmlNode | undefined,
  posted: XmlNode,
  warn: (m: SimMessage) => void,
): XmlNode {
  const old = stored ? childrenNamed(stored, 'Telephone') : []
  const incoming = childrenNamed(posted, 'Telephone')
  const typeOf = (t: XmlNode): string => (attr(t, 'Type') ?? '').toLowerCase()
  const byType = new Map<string, XmlNode>()
  for (const t of old) if (typeOf(t) !== 'cell') byType.set(typeOf(t), t)
  const seen = new Set<string>()
  for (const t of incoming) {
    const type = typeOf(t)
    if (type === 'cell') continue
    if (seen.has(type) && SINGLE_PER_TYPE_PHONES.includes(type))
      warn({
        code: 'W016',
        message: `Only one ${attr(t, 'Type') ?? ''} telephone is allowed; the last one was kept.`,
        field: 'Telephones/Telephone',
      })
    seen.add(type)
    byType.set(type, t)
  }
  let cells = old.filter((t) => typeOf(t) === 'cell')
  const postedCells = incoming.filter((t) => typeOf(t) === 'cell')
  if (postedCells.length === 1) {
    const only = postedCells[0]!
    cells = [element('Telephone', elementsOf(only), { ...attrsOf(only), PrimaryMobile: 'true' })]
  } else if (postedCells.length > 1) {
    const primaries = postedCells.filter(
      (t) => (attr(t, 'PrimaryMobile') ?? '').toLowerCase() === 'true',
    ).length
    if (primaries === 1) cells = postedCells
    else
      warn({
        code: 'W012',
        message: 'Exactly one cell phone must be the primary mobile; cell phones were not changed.',
        field: 'Telephones/Telephone',
      })
  }
  return element('Telephones', [...byType.values(), ...cells], attrsOf(posted))
}

/** Emails and addresses: one per type, the last one wins (W016 for emails). */
function mergeByType(
  stored: XmlNode | undefined,
  posted: XmlNode,
  itemName: string,
  warnDuplicates: boolean,
  warn: (m: SimMessage) => void,
): XmlNode {
  const typeOf = (t: XmlNode): string => (attr(t, 'Type') ?? '').toLowerCase()
  const byType = new Map<string, XmlNode>()
  for (const t of stored ? childrenNamed(stored, itemName) : []) byType.set(typeOf(t), t)
  const seen = new Set<string>()
  for (const t of childrenNamed(posted, itemName)) {
    if (seen.has(typeOf(t)) && warnDuplicates)
      warn({
        code: 'W016',
        message: `Only one ${attr(t, 'Type') ?? ''} ${itemName} is allowed; the last one was kept.`,
        field: `${tagOf(posted) ?? ''}/${itemName}`,
      })
    seen.add(typeOf(t))
    byType.set(typeOf(t), t)
  }
  return element(tagOf(posted) ?? '', [...byType.values()], attrsOf(posted))
}

/** Applies posted sections to stored ones and returns the new sections plus warnings. */
export function applyProfileUpdate(
  stored: XmlNode[],
  posted: XmlNode[],
): { sections: XmlNode[]; warnings: SimMessage[] } {
  const warnings: SimMessage[] = []
  const warn = (m: SimMessage): void => {
    warnings.push(m)
  }
  const result = [...stored]
  for (const section of posted) {
    const name = lower(section)
    if (name === 'password') continue
    const i = result.findIndex((s) => lower(s) === name)
    const current = i >= 0 ? result[i] : undefined
    let next: XmlNode
    if (name === 'telephones') next = mergeTelephones(current, section, warn)
    else if (name === 'emailaddresses') next = mergeByType(current, section, 'EmailAddress', true, warn)
    else if (name === 'addresses') next = mergeByType(current, section, 'Address', false, warn)
    else if (MERGED_SECTIONS.has(name)) next = mergeChildren(current, section)
    else next = section
    if (i >= 0) result[i] = next
    else result.push(next)
  }
  result.sort((a, b) => rank(a) - rank(b))
  return { sections: result, warnings }
}

function rank(n: XmlNode): number {
  const i = SECTION_ORDER.indexOf(lower(n))
  return i < 0 ? SECTION_ORDER.length : i
}

/**
 * Pure decisions of the paste screen: which blocks a submit takes, why the submit button cannot be
 * used (said, never a silent grey button), and what a duplicate is in words: neutral, with where
 * the first copy is ("Already exchanged for Umbrella Demo GmbH at 10:25; nothing to do").
 */
import type { ParsedTokenBlock, TokenDuplicate } from '../../../../shared/model'

/** The preview as the paste store holds it. */
export type PreviewState =
  | { status: 'empty' }
  | { status: 'loading' }
  | { status: 'ready'; blocks: ParsedTokenBlock[] }
  | { status: 'failed' }

/** Blocks a submit would take in now. */
export function takeableBlocks(
  blocks: readonly ParsedTokenBlock[],
  createUnknown: boolean,
): ParsedTokenBlock[] {
  return blocks.filter((b) => b.isValid && !b.isDuplicate && (b.match.kind === 'known' || createUnknown))
}

/** Valid blocks for an Outtask ID no entity has (the inline "Add entity" offers itself there). */
export function unknownEntityBlocks(blocks: readonly ParsedTokenBlock[]): ParsedTokenBlock[] {
  return blocks.filter((b) => b.isValid && !b.isDuplicate && b.match.kind === 'unknown')
}

/** Why "Submit" cannot be used now; null when it can. */
export function submitBlocker(
  preview: PreviewState,
  createUnknown: boolean,
  isSending: boolean,
): string | null {
  if (isSending) return 'The tokens are being submitted.'
  if (preview.status === 'empty') return 'Paste the text from the Concur case or e-mail first.'
  if (preview.status === 'loading') return 'Reading the pasted text…'
  if (preview.status === 'failed') return 'The pasted text could not be read: see the message in the preview.'
  const blocks = preview.blocks
  if (blocks.length === 0)
    return 'No token block found: a block needs an Outtask ID, a Company UUID and a request token.'
  if (takeableBlocks(blocks, createUnknown).length > 0) return null
  const unknown = unknownEntityBlocks(blocks)
  if (unknown.length > 0)
    return `No entity has Outtask ID ${unknown.map((b) => b.outtaskId).join(', ')}: add it (button in the preview), or tick "Create entities for unknown Outtask IDs".`
  if (blocks.every((b) => b.isDuplicate && b.errors.length === 0))
    return 'Nothing new to submit: the desk already has every token in this paste.'
  return 'Every block needs fixing first: see the messages in red in the preview.'
}

/** What a duplicate block says (neutral: nothing to fix, nothing to do). */
export function duplicateText(
  dup: TokenDuplicate,
  format: {
    clock: (ms: number) => string
    isToday: (ms: number) => boolean
    dateTime: (ms: number) => string
  },
): string {
  if (dup.kind === 'in-paste')
    return `The same token as block ${dup.blockIndex + 1} (the e-mail quotes itself): it is taken once. Nothing to do.`
  const at = (ms: number): string => (format.isToday(ms) ? format.clock(ms) : format.dateTime(ms))
  switch (dup.state) {
    case 'exchanged':
      return `Already exchanged for ${dup.entityName} at ${at(dup.exchangedAtMs ?? dup.receivedAtMs)}; nothing to do.`
    case 'pending':
    case 'exchanging':
      return `Already received for ${dup.entityName} at ${at(dup.receivedAtMs)}; it waits on Today. Nothing to do here.`
    case 'failed':
      return `Already received for ${dup.entityName} at ${at(dup.receivedAtMs)}; its exchange failed: Today says what to do.`
    case 'expired':
      return `Already received for ${dup.entityName} at ${at(dup.receivedAtMs)}, and it expired unexchanged. Only a new request token helps.`
  }
}

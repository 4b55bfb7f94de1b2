import { describe, expect, it } from 'vitest'
import type { ParsedTokenBlock } from '../../../../shared/model'
import { duplicateText, submitBlocker, takeableBlocks } from './paste-model'

const block = (patch: Partial<ParsedTokenBlock>): ParsedTokenBlock => ({
  index: 0,
  lines: [1, 3],
  outtaskId: '119999',
  companyUuid: '0b7e2f5a-1c3d-4e5f-8a9b-0c1d2e3f4a5b',
  tokenPreview: 'at-ab…yz',
  errors: [],
  warnings: [],
  notes: [],
  match: { kind: 'known', entityId: 'e1', entityName: 'Umbrella Demo GmbH', uuidMatches: true },
  isDuplicate: false,
  duplicateOf: null,
  isValid: true,
  receivedAtMs: null,
  ...patch,
})

const format = {
  clock: () => '10:25',
  isToday: () => true,
  dateTime: () => 'Wed 25 Nov, 10:25',
}

describe('the paste screen decisions', () => {
  it('says why a submit is not possible, never a silent grey button', () => {
    expect(submitBlocker({ status: 'empty' }, false, false)).toBe(
      'Paste the text from the Concur case or e-mail first.',
    )
    expect(submitBlocker({ status: 'loading' }, false, false)).toBe('Reading the pasted text…')
    const unknown = block({ match: { kind: 'unknown' } })
    expect(submitBlocker({ status: 'ready', blocks: [unknown] }, false, false)).toBe(
      'No entity has Outtask ID 119999: add it (button in the preview), or tick "Create entities for unknown Outtask IDs".',
    )
    expect(submitBlocker({ status: 'ready', blocks: [unknown] }, true, false)).toBeNull()
    const dup = block({ isDuplicate: true, isValid: false, duplicateOf: { kind: 'in-paste', blockIndex: 0 } })
    expect(submitBlocker({ status: 'ready', blocks: [dup] }, false, false)).toBe(
      'Nothing new to submit: the desk already has every token in this paste.',
    )
    expect(submitBlocker({ status: 'ready', blocks: [block({})] }, false, true)).toBe(
      'The tokens are being submitted.',
    )
  })

  it('takes valid blocks once, unknown ones only when entities may be created', () => {
    const blocks = [
      block({}),
      block({ index: 1, isDuplicate: true, isValid: false }),
      block({ index: 2, match: { kind: 'unknown' } }),
    ]
    expect(takeableBlocks(blocks, false).map((b) => b.index)).toEqual([0])
    expect(takeableBlocks(blocks, true).map((b) => b.index)).toEqual([0, 2])
  })

  it('words duplicates neutrally, saying where the first copy is', () => {
    expect(
      duplicateText(
        {
          kind: 'known',
          tokenId: 't1',
          state: 'exchanged',
          entityName: 'Umbrella Demo GmbH',
          receivedAtMs: 1,
          exchangedAtMs: 2,
        },
        format,
      ),
    ).toBe('Already exchanged for Umbrella Demo GmbH at 10:25; nothing to do.')
    expect(duplicateText({ kind: 'in-paste', blockIndex: 0 }, format)).toBe(
      'The same token as block 1 (the e-mail quotes itself): it is taken once. Nothing to do.',
    )
    expect(
      duplicateText(
        {
          kind: 'known',
          tokenId: 't1',
          state: 'pending',
          entityName: 'Nordlicht Reisen AG',
          receivedAtMs: 1,
          exchangedAtMs: null,
        },
        { ...format, isToday: () => false },
      ),
    ).toBe(
      'Already received for Nordlicht Reisen AG at Wed 25 Nov, 10:25; it waits on Today. Nothing to do here.',
    )
  })
})

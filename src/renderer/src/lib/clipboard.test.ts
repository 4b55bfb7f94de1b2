// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest'
import { copyText } from './clipboard'

afterEach(() => vi.restoreAllMocks())

describe('copyText', () => {
  it('uses the async clipboard when the page may', async () => {
    const writeText = vi.fn().mockResolvedValue(undefined)
    vi.stubGlobal('navigator', { clipboard: { writeText } })
    expect(await copyText('case body')).toBe(true)
    expect(writeText).toHaveBeenCalledWith('case body')
    vi.unstubAllGlobals()
  })

  it('falls back to a hidden text area when the async clipboard refuses', async () => {
    vi.stubGlobal('navigator', {
      clipboard: { writeText: vi.fn().mockRejectedValue(new Error('not focused')) },
    })
    const copied: string[] = []
    document.execCommand = vi.fn(() => {
      copied.push(document.querySelector('textarea')?.value ?? '')
      return true
    })
    expect(await copyText('case body')).toBe(true)
    expect(copied).toEqual(['case body'])
    expect(document.querySelector('textarea')).toBeNull()
    vi.unstubAllGlobals()
  })
})

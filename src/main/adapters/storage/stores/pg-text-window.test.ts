import { describe, expect, it } from 'vitest'
import { createSearchSample, indexWordOf } from './pg-text-window'

const sample = Array.from(
  { length: 500 },
  (_, i) => `updated in faces\ntraveller.${i}.7@corp7.example\ncompany 7 ag\nent-7\nrun-${i}`,
)

describe('the word of a needle the trigram index looks up', () => {
  it('is the rarest word when it is rare in the sample', () => {
    expect(indexWordOf('traveller.4711.7@corp7', sample)).toBe('4711')
    expect(indexWordOf('company 7 ag run-321', sample)).toBe('321')
  })

  it('is the needle itself when it is one word, has no word of three characters, or no word is rare', () => {
    expect(indexWordOf('timeout', sample)).toBe('timeout')
    expect(indexWordOf('7.7', sample)).toBe('7.7')
    expect(indexWordOf('updated in faces', sample)).toBe('updated in faces')
    expect(indexWordOf('traveller.4711', [])).toBe('traveller.4711')
  })

  it('never hands the index a LIKE wildcard: words are letters and digits only', () => {
    const word = indexWordOf('50%_off\\sale', sample)
    expect(word === '50%_off\\sale' || /^[\p{L}\p{N}]+$/u.test(word)).toBe(true)
    expect(indexWordOf('50%_off\\sale', sample)).toBe('off')
  })
})

describe('the sample of search texts', () => {
  it('is read once and again only after it is older than its age limit; a failed read is an empty sample', async () => {
    let now = 0
    let reads = 0
    const get = createSearchSample(
      () => (++reads === 2 ? Promise.reject(new Error('gone')) : Promise.resolve([`t${reads}`])),
      () => now,
      1_000,
    )
    expect(await get()).toEqual(['t1'])
    now = 1_000
    expect(await get()).toEqual(['t1'])
    now = 1_001
    expect(await get()).toEqual([])
    now = 2_500
    expect(await get()).toEqual(['t3'])
    expect(reads).toBe(3)
  })
})

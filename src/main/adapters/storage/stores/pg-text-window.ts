/**
 * Which part of a text-search needle PostgreSQL's trigram index should look up. pg_trgm's GIN
 * index answers `LIKE '%needle%'` by intersecting the posting lists of every trigram of the
 * needle, and a trigram that nearly every record has (every traveller's e-mail shares its domain,
 * every message its few words) costs a walk of a list as long as the log: 70 ms for
 * "traveller.4711.11@corp11" on 1,000,000 records, 8 ms for its word "4711" alone. So the index
 * looks up the needle's rarest word, judged on a sample of the newest records, and the exact
 * "contains" is checked on the rows it finds (`strpos`): the same matches, a fraction of the work.
 */

/** Words shorter than this have no trigram of their own (pg_trgm pads them). */
const MIN_WORD = 3
/** A word is rare enough to lead when at most this share of the sample has it. */
const RARE_SHARE = 0.02
/** One letter or digit (one character class: nothing to backtrack). */
const ALNUM = /[\p{L}\p{N}]/u

/** The needle's words: its runs of letters and digits (pg_trgm splits there too). */
function wordsOf(needle: string): string[] {
  const words: string[] = []
  let start = -1
  for (let i = 0; i <= needle.length; i++) {
    const alnum = i < needle.length && ALNUM.test(needle[i]!)
    if (alnum && start < 0) start = i
    else if (!alnum && start >= 0) {
      if (i - start >= MIN_WORD) words.push(needle.slice(start, i))
      start = -1
    }
  }
  return words
}

/**
 * The word of `needle` (lower-cased, like the search text) for the index to look up, or the
 * needle itself when it is one word or no word of it is rare in `sample`.
 */
export function indexWordOf(needle: string, sample: readonly string[]): string {
  const words = wordsOf(needle)
  if (words.length === 0 || (words.length === 1 && words[0] === needle) || sample.length === 0) return needle
  let best = needle
  let bestHits = Number.POSITIVE_INFINITY
  for (const word of words) {
    let hits = 0
    for (const text of sample) if (text.includes(word)) hits++
    if (hits < bestHits) {
      best = word
      bestHits = hits
    }
  }
  return bestHits <= RARE_SHARE * sample.length ? best : needle
}

/** A sample of the newest search texts, read at most every `maxAgeMs` (records keep coming). */
export function createSearchSample(
  read: () => Promise<string[]>,
  nowMs: () => number,
  maxAgeMs = 10 * 60_000,
): () => Promise<readonly string[]> {
  let texts: Promise<string[]> | null = null
  let readAtMs = 0
  return () => {
    if (!texts || nowMs() - readAtMs > maxAgeMs) {
      readAtMs = nowMs()
      texts = read().catch(() => [])
    }
    return texts
  }
}

/** Small conversions between rows and records: JSON text, 0/1 booleans, LIKE patterns. */

/** JSON text of a value (null stays null). */
export const toJson = (v: unknown): string | null =>
  v === null || v === undefined ? null : JSON.stringify(v)

/** The value of JSON text, or `fallback` for null. */
export function fromJson<T>(text: string | null, fallback: T): T {
  return text === null ? fallback : (JSON.parse(text) as T)
}

/** 0/1 of a boolean. */
export const bit = (b: boolean | undefined): number => (b ? 1 : 0)

/** `text` for a LIKE pattern, taken literally (with `ESCAPE '\\'`, PostgreSQL's default). */
export const escapeLike = (text: string): string => text.replace(/[\\%_]/g, (c) => `\\${c}`)

/**
 * Where the desk's store lives, from a connection URL: `postgres://…` / `postgresql://…` selects
 * PostgreSQL (optional `schema=` query parameter, default `desk_<environment>`), anything else is
 * a SQLite file: `sqlite:/path/desk.sqlite`, a plain path, or nothing, for the default
 * `<data>/<environment>/desk.sqlite` (one file per environment, so the Sandbox never shares a
 * file with production).
 */
import { join, resolve } from 'node:path'
import { DeskError } from '../../../core/errors/desk-error'

/** A SQLite file or a PostgreSQL schema. */
export type DatabaseLocation =
  { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string; schema: string }

/** Thrown for a URL the desk cannot use (kind invalid-input); the message says what to write instead. */
export class DatabaseUrlError extends DeskError {
  constructor(message: string) {
    super('invalid-input', message)
    this.name = 'DatabaseUrlError'
  }
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/

/** The location for `url` (or the default one) of an environment's store. */
export function databaseLocation(
  url: string | null | undefined,
  environmentDir: string,
  environment: string,
): DatabaseLocation {
  const value = url?.trim() ?? ''
  if (value === '') return { kind: 'sqlite', file: join(environmentDir, 'desk.sqlite') }
  if (value.startsWith('postgres://') || value.startsWith('postgresql://')) {
    const q = value.indexOf('?')
    const params = new URLSearchParams(q >= 0 ? value.slice(q + 1) : '')
    const schema = params.get('schema') ?? `desk_${environment}`
    if (!SCHEMA_NAME.test(schema))
      throw new DatabaseUrlError(
        `The PostgreSQL schema "${schema}" is not a plain name: use lower-case letters, digits and _ (e.g. ?schema=desk_production).`,
      )
    params.delete('schema')
    const rest = params.toString()
    return { kind: 'postgres', url: (q >= 0 ? value.slice(0, q) : value) + (rest ? `?${rest}` : ''), schema }
  }
  if (value.startsWith('sqlite:')) return { kind: 'sqlite', file: resolve(value.slice('sqlite:'.length)) }
  if (value.includes('://'))
    throw new DatabaseUrlError(
      `The database URL "${value.slice(0, value.indexOf('://'))}://…" is not supported: use postgres://user@host/database or a SQLite file path.`,
    )
  return { kind: 'sqlite', file: resolve(value) }
}

/** The location in words for messages, without a password. */
export function describeLocation(location: DatabaseLocation): string {
  if (location.kind === 'sqlite') return location.file
  const at = location.url.indexOf('@')
  const scheme = location.url.indexOf('://') + 3
  const safe = at > scheme ? location.url.slice(0, scheme) + location.url.slice(at + 1) : location.url
  return `${safe} (schema ${location.schema})`
}

import { redact } from './redact'

/** Structured fields attached to a log line (facts: ids, counts, durations, statuses; never payloads). `err` is formatted with its cause chain. */
export type LogFields = { [key: string]: unknown }

/** A subsystem logger. Lines begin with the operation: `refresh: token rejected (code 108)`. */
export interface Logger {
  child(scope: string): Logger
  debug(message: string, fields?: LogFields): void
  info(message: string, fields?: LogFields): void
  warn(message: string, fields?: LogFields): void
  error(message: string, fields?: LogFields): void
}

/** Where formatted, already-redacted lines go. */
export type LogSink = (level: 'debug' | 'info' | 'warn' | 'error', line: string) => void

/** Formats an error with its cause chain, reduced to facts (no bodies, no headers). */
export function formatError(err: unknown): string {
  const parts: string[] = []
  let cur: unknown = err
  for (let depth = 0; cur && depth < 5; depth++) {
    if (cur instanceof Error) {
      parts.push(`${cur.name}: ${cur.message}`)
      cur = (cur as Error & { cause?: unknown }).cause
    } else {
      parts.push(typeof cur === 'object' ? JSON.stringify(cur) : String(cur as string | number | boolean))
      break
    }
  }
  return parts.join(' <- ')
}

/** Creates a logger whose every line passes through `redact` before reaching the sink. */
export function createLogger(sink: LogSink, scope = 'desk', minLevel: 'debug' | 'info' = 'info'): Logger {
  const emit = (level: 'debug' | 'info' | 'warn' | 'error', message: string, fields?: LogFields): void => {
    if (level === 'debug' && minLevel !== 'debug') return
    let line = `${new Date().toISOString()} ${level.toUpperCase()} [${scope}] ${message}`
    if (fields) {
      for (const [k, v] of Object.entries(fields)) {
        if (v === undefined) continue
        line += ` ${k}=${k === 'err' ? JSON.stringify(formatError(v)) : JSON.stringify(v)}`
      }
    }
    sink(level, redact(line))
  }
  return {
    child: (s) => createLogger(sink, `${scope}:${s}`, minLevel),
    debug: (m, f) => emit('debug', m, f),
    info: (m, f) => emit('info', m, f),
    warn: (m, f) => emit('warn', m, f),
    error: (m, f) => emit('error', m, f),
  }
}

/** A logger that discards everything (tests that do not inspect logs). */
export const silentLogger: Logger = createLogger(() => {})

/** A logger that collects lines in memory (tests that inspect logs). */
export function createMemoryLogger(): Logger & { lines: string[] } {
  const lines: string[] = []
  const logger = createLogger((_level, line) => lines.push(line))
  return Object.assign(logger, { lines })
}

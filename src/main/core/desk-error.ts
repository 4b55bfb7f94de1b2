import type { Problem, ProblemKind } from '../../shared/result'

/**
 * An expected failure with a kind and a message a support-desk user can act on. Thrown inside the
 * core; the dispatcher turns it into a `Problem`. The message must never contain a secret.
 */
export class DeskError extends Error {
  constructor(
    readonly kind: ProblemKind,
    message: string,
    readonly extra: { fields?: Record<string, string>; correlationId?: string; cause?: unknown } = {},
  ) {
    super(message, { cause: extra.cause })
    this.name = 'DeskError'
  }

  /** The serialisable problem for the UI. */
  toProblem(): Problem {
    return {
      kind: this.kind,
      message: this.message,
      ...(this.extra.fields ? { fields: this.extra.fields } : {}),
      ...(this.extra.correlationId ? { correlationId: this.extra.correlationId } : {}),
    }
  }
}

/** Exhaustiveness guard for switch statements. */
export function assertNever(x: never): never {
  throw new Error(`Expected no value here, got ${JSON.stringify(x)}`)
}

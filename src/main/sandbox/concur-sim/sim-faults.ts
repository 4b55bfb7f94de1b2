/** Routes a fault rule can target. */
export type FaultRoute = 'token' | 'summary' | 'profile-get' | 'profile-post' | 'any'

/** What a fault does to a matching request. */
export type FaultKind =
  | 'latency'
  | 'status-403'
  | 'status-500'
  | 'status-503'
  | 'status-429'
  | 'code-134'
  | 'timeout'
  | 'drop'
  /** Concur does the work (a token request spends its request token) but its reply never arrives. */
  | 'lost-reply'
  | 'malformed-xml'
  | 'rejection'

/** A programmable fault: applies to the next `count` matching requests (or forever), each with `probability`. */
export interface FaultRule {
  route: FaultRoute
  kind: FaultKind
  /** How many matching requests it hits; absent = until cleared. */
  count?: number
  /** 0..1, drawn from the seeded random. @default 1 */
  probability?: number
  /** For 'latency'. @default 1000 */
  latencyMs?: number
  /** For 'status-429' (and 503): the Retry-After header in seconds. @default 1 */
  retryAfterSec?: number
  /** For 'rejection': the E-code (in an `<Error>` wrapper, HTTP 400) a profile call gets. @default 'E002' */
  messageCode?: string
  /** Only requests to this server ('glz', 'us2', 'eu2', …): one data centre's bad day. @default every server */
  server?: string
}

/** Holds the active fault rules and picks the one that hits a request. */
export function createFaultBook(random: () => number) {
  let nextId = 1
  let rules: Array<FaultRule & { id: number }> = []
  return {
    add(rule: FaultRule): number {
      const id = nextId++
      rules.push({ ...rule, id })
      return id
    },
    remove(id: number): void {
      rules = rules.filter((r) => r.id !== id)
    },
    clear(): void {
      rules = []
    },
    list(): FaultRule[] {
      return rules.map(({ id: _id, ...r }) => r)
    },
    /** Returns every rule that fires for this request (a latency rule can combine with one failure). */
    take(route: Exclude<FaultRoute, 'any'>, server?: string): FaultRule[] {
      const fired: FaultRule[] = []
      let failure = false
      for (const rule of rules) {
        if (rule.route !== route && rule.route !== 'any') continue
        if (rule.server !== undefined && rule.server !== server) continue
        if (rule.kind !== 'latency' && failure) continue
        if (rule.count !== undefined && rule.count <= 0) continue
        if (rule.probability !== undefined && random() >= rule.probability) continue
        if (rule.count !== undefined) rule.count--
        fired.push(rule)
        if (rule.kind !== 'latency') failure = true
      }
      rules = rules.filter((r) => r.count === undefined || r.count > 0)
      return fired
    },
  }
}

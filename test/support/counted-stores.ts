/** The team stores with every call recorded, so a test can say how many queries an answer took. */
import type { TeamStores } from '../../src/main/core/team/team-stores'

/** The calls made so far, as `store.method` with their arguments. */
export type StoreCalls = {
  /** How many calls of `name` (`users.byId`, `sessions.getMany`, …). */
  count(name: string): number
  /** The arguments of each call of `name`. */
  args(name: string): unknown[][]
  /** Every `store.method` called, in order. */
  names(): string[]
  reset(): void
}

/** Wraps each store of `stores`; the same data, every call recorded in `calls`. */
export function countedStores(stores: TeamStores): { stores: TeamStores; calls: StoreCalls } {
  let log: { name: string; args: unknown[] }[] = []
  const wrap = <T extends object>(storeName: string, store: T): T =>
    new Proxy(store, {
      get(target, prop, receiver) {
        const value: unknown = Reflect.get(target, prop, receiver)
        if (typeof value !== 'function') return value
        return (...args: unknown[]): unknown => {
          log.push({ name: `${storeName}.${String(prop)}`, args })
          return (value as (...a: unknown[]) => unknown).apply(target, args)
        }
      },
    })
  const wrapped = Object.fromEntries(
    Object.entries(stores).map(([name, store]) => [name, wrap(name, store as object)]),
  ) as TeamStores
  return {
    stores: wrapped,
    calls: {
      count: (name) => log.filter((c) => c.name === name).length,
      args: (name) => log.filter((c) => c.name === name).map((c) => c.args),
      names: () => log.map((c) => c.name),
      reset: () => void (log = []),
    },
  }
}

/**
 * Where stores persist what should survive a reload (notification history, log filters, shortcut
 * preferences): the page's localStorage, or memory where there is none (unit tests under Node).
 */
import { createJSONStorage, type StateStorage } from 'zustand/middleware'

const memory = new Map<string, string>()
const memoryStorage: StateStorage = {
  getItem: (k) => memory.get(k) ?? null,
  setItem: (k, v) => void memory.set(k, v),
  removeItem: (k) => void memory.delete(k),
}

/** JSON storage for zustand's persist middleware. */
export function persistStorage<S>() {
  return createJSONStorage<S>(() => (typeof localStorage === 'undefined' ? memoryStorage : localStorage))
}

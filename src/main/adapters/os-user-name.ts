/** The OS user's name: who "you" are on a solo desk (its audit trail names them). */
import { userInfo } from 'node:os'

/** The login name of the user running the desk, or `fallback` when the OS has none. */
export function osUserName(fallback = 'you'): string {
  try {
    return userInfo().username || fallback
  } catch {
    return fallback
  }
}

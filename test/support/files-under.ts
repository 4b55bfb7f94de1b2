/** Every file below a folder (tests that prove no secret reached the data folder read each one). */
import { readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'

/** The paths of every regular file under `dir`, recursively (sockets, such as the link control, left out). */
export function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name)
    const st = statSync(p)
    return st.isDirectory() ? filesUnder(p) : st.isFile() ? [p] : []
  })
}

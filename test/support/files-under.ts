/** Every file below a folder (tests that prove no secret reached the data folder read each one). */
import { readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'

/** The paths of every file under `dir`, recursively. */
export function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name)
    return statSync(p).isDirectory() ? filesUnder(p) : [p]
  })
}

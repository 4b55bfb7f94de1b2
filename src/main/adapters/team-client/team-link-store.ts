/**
 * Where the Electron app keeps its link to a team desk: `team-desk.json` in the data folder (0600,
 * written atomically): the desk's address, the pinned certificate, and whether the app is
 * connected. Not a secret, and never a credential: signing in again after a restart is by design.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { z } from 'zod'
import type { CertificateFacts } from '../../../shared/team-link-model'

/** The persisted link. */
export type TeamLinkRecord = { url: string; certificate: CertificateFacts; active: boolean }

/** Read and write the link (null: never connected). */
export interface TeamLinkStore {
  read(): TeamLinkRecord | null
  write(record: TeamLinkRecord): void
}

const recordSchema = z.object({
  url: z.string().max(2000),
  active: z.boolean(),
  certificate: z.object({
    fingerprint256: z.string().max(200),
    subject: z.string().max(2000),
    issuer: z.string().max(2000),
    names: z.array(z.string().max(300)).max(200),
    validFromMs: z.number(),
    validToMs: z.number(),
  }),
})

/** The store in memory (tests). */
export function createMemoryTeamLinkStore(initial: TeamLinkRecord | null = null): TeamLinkStore {
  let record = initial
  return { read: () => record, write: (next) => (record = next) }
}

/**
 * The file store. A file that cannot be read is treated as "never connected" (the app starts
 * solo; connecting again shows the certificate again), and reported once through `onDamaged`.
 */
export function createFileTeamLinkStore(
  dataDir: string,
  onDamaged: (why: string) => void = () => {},
): TeamLinkStore {
  const file = join(dataDir, 'team-desk.json')
  return {
    read() {
      if (!existsSync(file)) return null
      try {
        return recordSchema.parse(JSON.parse(readFileSync(file, 'utf8')))
      } catch (err) {
        onDamaged(err instanceof Error ? err.message.slice(0, 200) : 'unreadable')
        return null
      }
    },
    write(record) {
      const tmp = `${file}.tmp`
      writeFileSync(tmp, `${JSON.stringify(record, null, 2)}\n`, { mode: 0o600 })
      renameSync(tmp, file)
    },
  }
}

/**
 * `./desk secrets …`: the encrypted secret store's maintenance, run while the desk is stopped (it
 * takes the data folder's owner lock, so a running desk is named instead of being changed under).
 *
 *   secrets new-key FILE                      a new random key in FILE (0600), prints its id
 *   secrets rotate-key --new-key-file FILE    re-encrypts every secret with FILE's key in one
 *     [--secret-key-file OLD] [--data-dir DIR] [--database-url URL]   transaction; the old key
 *                                             (file or FACES_CONCUR_DESK_SECRET_KEY) reads until then
 *   secrets status [--secret-key-file FILE]   where the secrets are and which key they need
 */
import { parseArgs } from 'node:util'
import { systemClock } from '../../core/clock'
import { isDeskError } from '../../core/errors/desk-error'
import { silentLogger } from '../../logging/logger'
import { ensurePrivateDir } from '../storage/db/file-modes'
import { createFolderOwnerLock } from '../storage/lock/folder-owner-lock'
import { openEncryptedSecretStore } from './encrypted-secret-store'
import { loadSecretKey, readSecretKeyFile, SecretKeyError, writeNewSecretKeyFile } from './secret-key'
import { openSecretVaultDb, secretVaultLocation } from './secret-vault-db'

/** What a command printed and its exit code (2: the user changes a flag or a file). */
export type CommandOutcome = { code: 0 | 1 | 2; out: string }

const USAGE =
  'usage: ./desk secrets new-key FILE | rotate-key --new-key-file FILE [--secret-key-file OLD] [--data-dir DIR] [--database-url URL] | status [--secret-key-file FILE] [--data-dir DIR] [--database-url URL]'

/** Runs `secrets <args>`; `dataDir` and `databaseUrl` are the defaults when no flag names them. */
export async function runSecretsCommand(
  args: string[],
  defaults: { dataDir: string; databaseUrl: string | null; env?: NodeJS.ProcessEnv },
): Promise<CommandOutcome> {
  try {
    return await run(args, defaults)
  } catch (err) {
    // A key to fix, or a running desk holding the data folder (its holder named).
    if (isDeskError(err, 'invalid-input') || isDeskError(err, 'conflict'))
      return { code: 2, out: `${err.message}\n` }
    if (err instanceof TypeError && (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS'))
      return { code: 2, out: `${err.message}\n${USAGE}\n` }
    throw err
  }
}

async function run(
  args: string[],
  defaults: { dataDir: string; databaseUrl: string | null; env?: NodeJS.ProcessEnv },
): Promise<CommandOutcome> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: {
      'new-key-file': { type: 'string' },
      'secret-key-file': { type: 'string' },
      'data-dir': { type: 'string' },
      'database-url': { type: 'string' },
    },
  })
  const [sub, file] = positionals
  if (sub === 'new-key' && file && positionals.length === 2) {
    const id = writeNewSecretKeyFile(file)
    return {
      code: 0,
      out: `Wrote a new secret key ${id} to ${file} (mode 0600). Keep a copy somewhere safe: without it the secrets cannot be read.\n`,
    }
  }
  if ((sub !== 'rotate-key' && sub !== 'status') || positionals.length !== 1)
    return { code: 2, out: `${USAGE}\n` }
  const dataDir = values['data-dir'] ?? defaults.dataDir
  const env = defaults.env ?? process.env
  const current = loadSecretKey(values['secret-key-file'], env)
  if (!current)
    throw new SecretKeyError(
      'No current secret key: give --secret-key-file FILE (the key the desk runs with) or set FACES_CONCUR_DESK_SECRET_KEY.',
    )
  const next = sub === 'rotate-key' ? readNewKey(values['new-key-file']) : null
  ensurePrivateDir(dataDir)
  const lock = createFolderOwnerLock({ target: dataDir, log: silentLogger })
  await lock.acquire()
  try {
    const vault = await openSecretVaultDb(
      secretVaultLocation(dataDir, values['database-url'] ?? defaults.databaseUrl),
    )
    const store = await openEncryptedSecretStore(vault, [current], systemClock).catch(
      async (err: unknown) => {
        await vault.db.destroy().catch(() => {})
        throw err
      },
    )
    try {
      if (!next)
        return { code: 0, out: `Secrets: ${store.describe().detail}; they open with key ${current.id}.\n` }
      const r = await store.rotateKey(next)
      return {
        code: 0,
        out:
          `Re-encrypted ${r.rotated} secret${r.rotated === 1 ? '' : 's'} in ${vault.describe} from key ${r.from.join(', ') || current.id} to ${r.to} (one transaction).\n` +
          `Start the desk with --secret-key-file ${values['new-key-file']} from now on; the old key is no longer needed.\n`,
      }
    } finally {
      await store.close()
    }
  } finally {
    await lock.release()
  }
}

function readNewKey(file: string | undefined) {
  if (!file)
    throw new SecretKeyError(
      'rotate-key needs --new-key-file FILE (make one with ./desk secrets new-key FILE).',
    )
  return readSecretKeyFile(file)
}

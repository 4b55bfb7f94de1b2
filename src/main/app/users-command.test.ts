import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { fastHasher } from '../../../test/support/team-world'
import { runUsersCommand, UsageError, type UsersCommandInput } from './users-command'

function command(dataDir: string, args: string[], more: Partial<UsersCommandInput> = {}) {
  let out = ''
  const run = runUsersCommand({
    args,
    role: undefined,
    passwordStdin: false,
    dataDir,
    databaseUrl: null,
    environment: 'production',
    readStdin: async () => Promise.resolve(''),
    out: (t) => (out += t),
    hasher: fastHasher,
    ...more,
  })
  return run.then(() => out)
}

describe('./desk users', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'desk-users-cli-'))

  it('explains its usage for an unknown verb, a missing name or role, and extra words', async () => {
    await expect(command(dataDir, [])).rejects.toThrow(UsageError)
    await expect(command(dataDir, ['frobnicate'])).rejects.toThrow(
      /Usage:[\s\S]*users add NAME --role admin\|agent/,
    )
    await expect(command(dataDir, ['disable'])).rejects.toThrow(/Name the user: \.\/desk users disable NAME/)
    await expect(command(dataDir, ['add', 'anna'])).rejects.toThrow(/Give the role: .*--role admin/)
    await expect(command(dataDir, ['add', 'anna', 'meier'], { role: 'agent' })).rejects.toThrow(
      /put a name with spaces in quotes/,
    )
    await expect(command(dataDir, ['list'], { passwordStdin: true })).rejects.toThrow(
      /--password-stdin goes with \.\/desk users add only/,
    )
  })

  it('reads a password from stdin (one trailing newline dropped) and refuses an empty one', async () => {
    await expect(
      command(dataDir, ['add', 'anna'], {
        role: 'admin',
        passwordStdin: true,
        readStdin: async () => Promise.resolve('\n'),
      }),
    ).rejects.toThrow(/No password on standard input/)
    const out = await command(dataDir, ['add', 'anna'], {
      role: 'admin',
      passwordStdin: true,
      readStdin: async () => Promise.resolve('correct horse battery staple\n'),
    })
    expect(out).toBe('Added anna (admin) with the password from standard input.\n')
    expect(out).not.toContain('correct horse')
  })

  it('lists, changes roles, disables (never the last admin), enables and resets in the environment’s own database', async () => {
    expect(await command(dataDir, ['list'])).toMatch(/anna\s+admin\s+active/)
    expect(await command(join(dataDir, 'elsewhere'), ['list'])).toMatch(
      /No users in .*: the desk is a solo desk/,
    )
    await expect(command(dataDir, ['disable', 'anna'])).rejects.toThrow(/anna is the last enabled admin/)
    await command(dataDir, ['add', 'ben'], { role: 'agent' })
    await expect(command(dataDir, ['role', 'ben'])).rejects.toThrow(/Give the role: \.\/desk users role/)
    expect(await command(dataDir, ['role', 'ben'], { role: 'admin' })).toBe('ben is now an admin.\n')
    expect(await command(dataDir, ['disable', 'ANNA'])).toMatch(/Disabled anna: signed out everywhere/)
    expect(await command(dataDir, ['list'])).toMatch(/anna\s+admin\s+disabled/)
    await command(dataDir, ['enable', 'anna'])
    const reset = await command(dataDir, ['reset', 'anna'])
    expect(reset).toMatch(/One-time password: [A-Za-z0-9_-]{20}\n/)
    expect(await command(dataDir, ['list'])).toMatch(/anna\s+admin\s+must set a password/)
  })
})

/** The release's "Signing and update key" step: visible skips, the env it prepares, no secret leaks. */
import { spawnSync } from 'node:child_process'
import { generateKeyPairSync } from 'node:crypto'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { githubEnvLines, signingPlan } from '../../../scripts/release/signing-status.mjs'

const ROOT = resolve(__dirname, '../../..')
const ed = generateKeyPairSync('ed25519')
const privatePem = ed.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()
const publicPem = ed.publicKey.export({ type: 'spki', format: 'pem' }).toString().trim()
const titles = (env: Record<string, string>) => signingPlan(env).notices.map((n) => `${n.level}: ${n.title}`)

describe('signing status', () => {
  it('signs with the secrets that exist and says so', () => {
    const plan = signingPlan({
      RUNNER_OS: 'macOS',
      HAS_MAC_CSC: 'true',
      HAS_APPLE_NOTARY: 'true',
      UPDATE_SIGNING_KEY: privatePem,
    })
    expect(plan.notices.every((n) => n.level === 'notice')).toBe(true)
    expect(plan.exports).toEqual({ DESK_UPDATE_PUBLIC_KEY: publicPem })
    expect(plan.error).toBeNull()
  })

  it('skips visibly, per OS, what has no secret, and turns off certificate auto-discovery', () => {
    expect(titles({ RUNNER_OS: 'Windows', HAS_WIN_CSC: 'false' })).toEqual([
      'warning: Unsigned Windows installer',
      'warning: Update feed not signed',
    ])
    expect(titles({ RUNNER_OS: 'macOS', HAS_MAC_CSC: 'false', HAS_APPLE_NOTARY: 'true' })).toEqual([
      'warning: Unsigned macOS app',
      'warning: Not notarised',
      'warning: Update feed not signed',
    ])
    expect(signingPlan({ RUNNER_OS: 'Windows', HAS_WIN_CSC: 'false' }).exports).toEqual({
      CSC_IDENTITY_AUTO_DISCOVERY: 'false',
    })
    expect(titles({ RUNNER_OS: 'Linux', UPDATE_SIGNING_KEY: privatePem })).toEqual([
      'notice: Linux packages',
      'notice: Update key',
    ])
  })

  it('fails on an update key that is present but unusable', () => {
    expect(signingPlan({ RUNNER_OS: 'Linux', UPDATE_SIGNING_KEY: 'garbage' }).error).toMatch(
      /not a PEM private key/,
    )
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({
      type: 'pkcs8',
      format: 'pem',
    })
    expect(signingPlan({ RUNNER_OS: 'Linux', UPDATE_SIGNING_KEY: rsa.toString() }).error).toMatch(
      /rsa key; it must be Ed25519/,
    )
  })

  it('as the workflow step: annotations, summary and $GITHUB_ENV, never the private key', () => {
    const dir = mkdtempSync(join(tmpdir(), 'signing-'))
    const envFile = join(dir, 'env')
    const summary = join(dir, 'summary')
    writeFileSync(envFile, '')
    const r = spawnSync(process.execPath, [join(ROOT, 'scripts/release/signing-status.mjs')], {
      encoding: 'utf8',
      env: {
        PATH: process.env.PATH,
        RUNNER_OS: 'Windows',
        HAS_WIN_CSC: 'false',
        UPDATE_SIGNING_KEY: privatePem,
        GITHUB_ENV: envFile,
        GITHUB_STEP_SUMMARY: summary,
      },
    })
    expect(r.status).toBe(0)
    expect(r.stdout).toContain('::warning title=Unsigned Windows installer::')
    const written = readFileSync(envFile, 'utf8')
    expect(written).toMatch(/^CSC_IDENTITY_AUTO_DISCOVERY<<(desk_[0-9a-f-]+)\nfalse\n\1\n/)
    expect(written).toContain(publicPem)
    expect(readFileSync(summary, 'utf8')).toContain('| ⚠️ skipped | Unsigned Windows installer |')
    const privateBody = privatePem.split('\n')[1]!
    for (const text of [r.stdout, r.stderr, written, readFileSync(summary, 'utf8')])
      expect(text).not.toContain(privateBody)
  })

  it('writes multi-line values in the delimiter form GitHub reads', () => {
    expect(githubEnvLines({ A: 'x\ny' })).toMatch(/^A<<(desk_\S+)\nx\ny\n\1\n$/)
  })
})

#!/usr/bin/env node
/**
 * Release step "Signing and update key": says, visibly, what this OS's build will be signed with,
 * and prepares the environment of the later steps. Inputs are presence flags of the signing
 * secrets (never their values) plus UPDATE_SIGNING_KEY, whose public half it derives.
 *
 *   HAS_WIN_CSC, HAS_MAC_CSC, HAS_APPLE_NOTARY   'true' when the repository secret exists
 *   UPDATE_SIGNING_KEY                            Ed25519 private key (PKCS#8 PEM), optional
 *   RUNNER_OS                                     Linux | Windows | macOS (set by GitHub)
 *
 * A missing secret is a ::warning annotation and a line in the job summary, never a silent skip;
 * a key that is present but unusable fails the step. Writes DESK_UPDATE_PUBLIC_KEY (baked into the
 * build) and, without a certificate, CSC_IDENTITY_AUTO_DISCOVERY=false to $GITHUB_ENV.
 */
import { createPrivateKey, createPublicKey, randomUUID } from 'node:crypto'
import { appendFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const yes = (v) => v === 'true'

/** What to say and which variables the later steps get, for one OS. Pure: no I/O. */
export function signingPlan(env) {
  const os = env.RUNNER_OS ?? { win32: 'Windows', darwin: 'macOS' }[process.platform] ?? 'Linux'
  const notices = []
  const exports = {}
  const warn = (title, message) => notices.push({ level: 'warning', title, message })
  const info = (title, message) => notices.push({ level: 'notice', title, message })

  if (os === 'Windows') {
    if (yes(env.HAS_WIN_CSC))
      info('Windows signing', 'The NSIS installer is signed with the WIN_CSC_LINK certificate.')
    else {
      warn(
        'Unsigned Windows installer',
        'No WIN_CSC_LINK secret: the NSIS installer is NOT code-signed. SmartScreen warns users before it runs.',
      )
      exports.CSC_IDENTITY_AUTO_DISCOVERY = 'false'
    }
  } else if (os === 'macOS') {
    if (yes(env.HAS_MAC_CSC))
      info('macOS signing', 'The app is signed with the MAC_CSC_LINK Developer ID certificate.')
    else {
      warn(
        'Unsigned macOS app',
        'No MAC_CSC_LINK secret: the app is NOT code-signed. Gatekeeper blocks it, and Squirrel.Mac cannot install updates of it.',
      )
      exports.CSC_IDENTITY_AUTO_DISCOVERY = 'false'
    }
    if (yes(env.HAS_MAC_CSC) && yes(env.HAS_APPLE_NOTARY))
      info('macOS notarisation', 'The app is notarised with APPLE_ID / APPLE_TEAM_ID.')
    else
      warn(
        'Not notarised',
        'APPLE_ID, APPLE_APP_SPECIFIC_PASSWORD and APPLE_TEAM_ID (and a certificate) are needed to notarise: this build is NOT notarised.',
      )
  } else {
    info(
      'Linux packages',
      'AppImage and deb carry no OS code signature; updates are protected by the update feed signature.',
    )
  }

  const key = env.UPDATE_SIGNING_KEY?.trim()
  if (!key) {
    warn(
      'Update feed not signed',
      'No UPDATE_SIGNING_KEY secret: this build carries no update key (its copies never update themselves) and its feed is unsigned (copies that have a key refuse it).',
    )
    return { os, notices, exports, error: null }
  }
  let publicPem
  try {
    const privateKey = createPrivateKey(key)
    if (privateKey.asymmetricKeyType !== 'ed25519')
      return {
        os,
        notices,
        exports,
        error: `UPDATE_SIGNING_KEY is a ${privateKey.asymmetricKeyType} key; it must be Ed25519.`,
      }
    publicPem = createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }).toString().trim()
  } catch {
    return {
      os,
      notices,
      exports,
      error: 'UPDATE_SIGNING_KEY is not a PEM private key (see README "Releasing").',
    }
  }
  exports.DESK_UPDATE_PUBLIC_KEY = publicPem
  info('Update key', 'The update feed is signed and the build carries the matching public key.')
  return { os, notices, exports, error: null }
}

/** `NAME<<delimiter` lines for $GITHUB_ENV (multi-line safe). */
export function githubEnvLines(vars) {
  return Object.entries(vars)
    .map(([name, value]) => {
      const delimiter = `desk_${randomUUID()}`
      return `${name}<<${delimiter}\n${value}\n${delimiter}\n`
    })
    .join('')
}

function main() {
  const plan = signingPlan(process.env)
  for (const n of plan.notices) process.stdout.write(`::${n.level} title=${n.title}::${n.message}\n`)
  if (process.env.GITHUB_STEP_SUMMARY) {
    const rows = plan.notices.map(
      (n) => `| ${n.level === 'warning' ? '⚠️ skipped' : '✅'} | ${n.title} | ${n.message} |`,
    )
    appendFileSync(
      process.env.GITHUB_STEP_SUMMARY,
      `### Signing (${plan.os})\n\n| | What | Detail |\n|---|---|---|\n${rows.join('\n')}\n\n`,
    )
  }
  if (plan.error) {
    process.stdout.write(`::error title=Update key unusable::${plan.error}\n`)
    return 1
  }
  if (process.env.GITHUB_ENV) appendFileSync(process.env.GITHUB_ENV, githubEnvLines(plan.exports))
  return 0
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) process.exitCode = main()

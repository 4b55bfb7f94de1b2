#!/usr/bin/env node
/**
 * Static Electron security gate: runs @doyensec/electronegativity over the main process, the
 * preload and the renderer's index.html, and fails on any finding that is not in the reviewed
 * allowlist (build/electronegativity-allowlist.json, one reason per entry).
 *
 * electronegativity always exits 0 and cannot skip files, so this script copies the shipped
 * sources (no tests, no test fakes) to .tmp/electronegativity/, scans that copy through the JS API
 * and judges the findings itself. Offline it spends ~10 s failing to fetch Electron's release list;
 * that is expected. Exit codes: 0 clean, 1 unallowed or unparsable findings or stale allowlist
 * entries, 2 the scan itself failed.
 *
 *   node scripts/electronegativity-gate.mjs
 */
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, relative, sep } from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')
const WORK_DIR = join(ROOT, '.tmp', 'electronegativity')
const ALLOWLIST_FILE = join(ROOT, 'build', 'electronegativity-allowlist.json')

/** What gets scanned: shipped code only. */
const SCANNED = ['src/main', 'src/preload', 'src/renderer/index.html']

/** Test files and test fakes are not shipped and would only add noise. */
export function isShippedSource(path) {
  const name = path.split(/[\\/]/).pop() ?? ''
  return !/\.test\.tsx?$|\.test-helper\.ts$|\.int\.test\.ts$/.test(name) && name !== 'fake-electron.ts'
}

/**
 * Splits findings into allowed and refused, and lists allowlist entries that matched nothing.
 * An entry matches a finding with the same `id` and `file` (relative, forward slashes) and, when
 * the entry names them, the same `confidence` and `severity`: CSP_GLOBAL_CHECK reports a "maybe
 * weak" policy (FIRM) and a weak one (CERTAIN) under one id, and only the first is reviewed.
 */
export function judgeFindings(findings, allowlist) {
  const used = new Set()
  const refused = []
  const allowed = []
  for (const finding of findings) {
    const index = allowlist.findIndex(
      (entry) =>
        entry.id === finding.id &&
        entry.file === finding.file &&
        (entry.confidence === undefined || entry.confidence === finding.confidence) &&
        (entry.severity === undefined || entry.severity === finding.severity),
    )
    if (index === -1) refused.push(finding)
    else {
      used.add(index)
      allowed.push({ ...finding, reason: allowlist[index].reason })
    }
  }
  const stale = allowlist.filter((_entry, index) => !used.has(index))
  return { allowed, refused, stale }
}

/** Reads and checks the allowlist: every entry needs an id, a file and a real reason. */
export function parseAllowlist(text) {
  const parsed = JSON.parse(text)
  const entries = Array.isArray(parsed) ? parsed : parsed.entries
  if (!Array.isArray(entries)) throw new Error('The allowlist must be a JSON array or { "entries": [...] }.')
  for (const [i, entry] of entries.entries()) {
    if (typeof entry?.id !== 'string' || typeof entry?.file !== 'string') {
      throw new Error(`Allowlist entry ${i} needs "id" and "file" strings.`)
    }
    if (typeof entry.reason !== 'string' || entry.reason.trim().length < 20) {
      throw new Error(
        `Allowlist entry ${i} (${entry.id} in ${entry.file}) needs a "reason" of at least 20 characters.`,
      )
    }
  }
  return entries
}

/** Normalises one electronegativity issue to what the gate compares and prints. */
export function toFinding(issue) {
  return {
    id: String(issue.id),
    file: String(issue.file).split(sep).join('/').replace(/^\.\//, ''),
    line: issue.location?.line ?? 0,
    severity: issue.severity?.name ?? '?',
    confidence: issue.confidence?.name ?? '?',
    description: String(issue.description ?? ''),
    sample: String(issue.sample ?? '').slice(0, 120),
  }
}

function prepareScanDir() {
  rmSync(WORK_DIR, { recursive: true, force: true })
  mkdirSync(WORK_DIR, { recursive: true })
  for (const path of SCANNED) {
    cpSync(join(ROOT, path), join(WORK_DIR, path), {
      recursive: true,
      filter: (src) => isShippedSource(src),
    })
  }
  // electronegativity reads the Electron version from a package.json in the scanned folder.
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'))
  const electronVersion = String(pkg.devDependencies?.electron ?? pkg.dependencies?.electron ?? '').replace(
    /^\D*/,
    '',
  )
  writeFileSync(
    join(WORK_DIR, 'package.json'),
    JSON.stringify(
      { name: pkg.name, version: pkg.version, devDependencies: { electron: electronVersion } },
      null,
      2,
    ),
  )
  return electronVersion
}

/**
 * Checks on the built output, when `npm run build` has produced it: the preload must be one
 * CommonJS file requiring nothing but electron (a sandboxed preload cannot load anything else),
 * and service mode (out/main/service.js and its chunks) must never require electron.
 */
export function checkBuiltOutput(outDir) {
  const problems = []
  const preload = join(outDir, 'preload', 'index.js')
  if (!existsSync(preload)) return { checked: false, problems }
  const code = readFileSync(preload, 'utf8')
  const required = [...code.matchAll(/require\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1])
  for (const name of required)
    if (name !== 'electron') problems.push(`out/preload/index.js requires "${name}"`)
  if (/^[ \t]*(?:import\s[^(]|export\s)/m.test(code)) problems.push('out/preload/index.js is not CommonJS')
  const serviceFiles = [join(outDir, 'main', 'service.js')]
  const chunks = join(outDir, 'main', 'chunks')
  if (existsSync(chunks))
    for (const f of readdirSync(chunks)) if (f.endsWith('.js')) serviceFiles.push(join(chunks, f))
  for (const file of serviceFiles.filter((f) => existsSync(f))) {
    if (
      /require\(\s*["']electron(?:-store)?["']\s*\)|from\s+["']electron["']/.test(readFileSync(file, 'utf8'))
    ) {
      problems.push(`${relative(ROOT, file)} loads electron, but service mode must run under plain Node`)
    }
  }
  return { checked: true, problems }
}

async function main() {
  const require = createRequire(import.meta.url)
  const run = require('@doyensec/electronegativity')
  const allowlist = parseAllowlist(readFileSync(ALLOWLIST_FILE, 'utf8'))
  const electronVersion = prepareScanDir()
  process.stdout.write(`electronegativity: scanning ${SCANNED.join(', ')} (Electron ${electronVersion})\n`)

  let result
  try {
    result = await run({
      input: WORK_DIR,
      isRelative: true,
      electronVersionOverride: electronVersion,
      parserPlugins: [],
    })
  } catch (err) {
    process.stderr.write(
      `electronegativity: the scan failed: ${err instanceof Error ? err.message : String(err)}\n`,
    )
    process.exit(2)
  }

  const findings = result.issues
    .map(toFinding)
    .map((f) => ({ ...f, file: relative(WORK_DIR, join(WORK_DIR, f.file)).split(sep).join('/') }))
  const parseErrors = result.errors.filter((e) => !e.tolerable)
  const { allowed, refused, stale } = judgeFindings(findings, allowlist)
  writeFileSync(
    join(WORK_DIR, 'findings.json'),
    JSON.stringify({ findings, parseErrors, allowed, refused, stale }, null, 2),
  )

  process.stdout.write(
    `electronegativity: ${result.globalChecks} global + ${result.atomicChecks} atomic checks, ` +
      `${findings.length} findings (${allowed.length} allowlisted), ${parseErrors.length} unparsable files\n`,
  )
  for (const f of allowed) process.stdout.write(`  allowed  ${f.id} ${f.file}:${f.line} (${f.reason})\n`)
  for (const f of refused) {
    process.stdout.write(
      `  REFUSED  ${f.id} [${f.severity}/${f.confidence}] ${f.file}:${f.line} ${f.description}\n`,
    )
    if (f.sample) process.stdout.write(`           ${f.sample}\n`)
  }
  for (const e of parseErrors)
    process.stdout.write(`  UNPARSABLE ${relative(WORK_DIR, e.file)}: ${e.message}\n`)
  for (const s of stale)
    process.stdout.write(`  STALE allowlist entry ${s.id} ${s.file}: matched nothing, remove it\n`)

  const built = checkBuiltOutput(join(ROOT, 'out'))
  if (!built.checked)
    process.stdout.write('  built output: out/ absent, preload/service checks skipped (run npm run build)\n')
  else if (built.problems.length === 0)
    process.stdout.write(
      '  built output: preload is CommonJS requiring only electron; service mode is electron-free\n',
    )
  for (const p of built.problems) process.stdout.write(`  BUILD    ${p}\n`)

  const failed = refused.length > 0 || parseErrors.length > 0 || stale.length > 0 || built.problems.length > 0
  process.stdout.write(failed ? 'electronegativity gate: FAILED\n' : 'electronegativity gate: passed\n')
  process.exit(failed ? 1 : 0)
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main()

#!/usr/bin/env node
// Runs a TypeScript file under plain Node through tsx (benchmarks and tools; the app itself runs built).
import { spawnSync } from 'node:child_process'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const [file, ...rest] = process.argv.slice(2)
if (!file) {
  process.stderr.write('usage: node scripts/run-ts.mjs <file.ts> [args…]\n')
  process.exit(2)
}
const r = spawnSync(process.execPath, ['--import', 'tsx', join(root, file), ...rest], {
  stdio: 'inherit',
  cwd: root,
})
process.exit(r.status ?? 1)

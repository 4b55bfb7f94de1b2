/**
 * Intake parser benchmark (not a timed test): `parseTokenPaste` on 200,000-character worst cases
 * (the most the desk reads) of every kind in `adversarial-pastes.test-helper.ts`. The preview runs
 * on every keystroke in the main process, so the target is < 50 ms for any content.
 *
 * Prints, per input, the median and the worst of RUNS runs after a warm-up, and the ratio of the
 * worst input to a plain `split('\n')` of the same length (how far from "one pass" it is).
 *
 * Run: npm run bench:intake [-- --length 200000 --runs 15]   (writes test-results/intake-bench.json)
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { performance } from 'node:perf_hooks'
import { adversarialPastes } from '../src/shared/intake/adversarial-pastes.test-helper'
import { MAX_PASTE_CHARS } from '../src/shared/intake/paste-text'
import { parseTokenPaste } from '../src/shared/intake/token-parser'

const TARGET_MS = 50

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`)
  const v = i === -1 ? NaN : Number(process.argv[i + 1])
  return Number.isFinite(v) && v > 0 ? v : fallback
}

const length = arg('length', MAX_PASTE_CHARS)
const runs = arg('runs', 15)

function time(fn: () => unknown): number {
  const t0 = performance.now()
  fn()
  return performance.now() - t0
}

function stats(samples: number[]): { medianMs: number; worstMs: number } {
  const sorted = [...samples].sort((a, b) => a - b)
  return { medianMs: sorted[Math.floor(sorted.length / 2)] ?? 0, worstMs: sorted.at(-1) ?? 0 }
}

const rows: Array<{ name: string; blocks: number; medianMs: number; worstMs: number }> = []
for (const input of adversarialPastes(length)) {
  for (let i = 0; i < 3; i++) parseTokenPaste(input.text) // warm-up: JIT, not the first call's compile
  const samples: number[] = []
  let blocks = 0
  for (let i = 0; i < runs; i++) samples.push(time(() => (blocks = parseTokenPaste(input.text).length)))
  rows.push({ name: input.name, blocks, ...stats(samples) })
}
const baselineText = 'x'.repeat(length - 1) + '\n'
const baseline = stats(Array.from({ length: runs }, () => time(() => baselineText.split('\n'))))

const pad = (s: string, n: number): string => s.padEnd(n)
const ms = (v: number): string => v.toFixed(1).padStart(7)
process.stdout.write(`parseTokenPaste on ${length.toLocaleString('en-US')} characters, ${runs} runs each\n\n`)
process.stdout.write(
  `${pad('input', 34)} ${'blocks'.padStart(6)} ${'median'.padStart(7)} ${'worst'.padStart(7)}\n`,
)
for (const r of rows)
  process.stdout.write(
    `${pad(r.name, 34)} ${String(r.blocks).padStart(6)} ${ms(r.medianMs)} ${ms(r.worstMs)}\n`,
  )
const slowest = rows.reduce((a, b) => (b.worstMs > a.worstMs ? b : a))
const medians = rows.map((r) => r.medianMs).sort((a, b) => a - b)
const summary = {
  length,
  runs,
  medianOfMediansMs: medians[Math.floor(medians.length / 2)] ?? 0,
  worstMs: slowest.worstMs,
  worstInput: slowest.name,
  targetMs: TARGET_MS,
  withinTarget: rows.every((r) => r.worstMs < TARGET_MS),
  baselineSplitMedianMs: baseline.medianMs,
}
process.stdout.write(
  `\nmedian of medians ${summary.medianOfMediansMs.toFixed(1)} ms; worst ${summary.worstMs.toFixed(1)} ms (${summary.worstInput}); target < ${TARGET_MS} ms: ${summary.withinTarget ? 'met' : 'MISSED'}\n`,
)
mkdirSync('test-results', { recursive: true })
writeFileSync('test-results/intake-bench.json', JSON.stringify({ summary, rows }, null, 2))

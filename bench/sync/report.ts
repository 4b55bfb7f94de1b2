/** The benchmark's markdown table. */

/** Measure, value, target. */
export type Row = [string, string, string]

/** Milliseconds as seconds with two decimals. */
export const fmt = (ms: number): string => `${(ms / 1000).toFixed(2)} s`

/** Prints one table with a heading. */
export function printTable(title: string, rows: Row[]): void {
  process.stdout.write(`\n### ${title}\n\n| Measure | Value | Target |\n| --- | --- | --- |\n`)
  for (const [a, b, c] of rows) process.stdout.write(`| ${a} | ${b} | ${c} |\n`)
}

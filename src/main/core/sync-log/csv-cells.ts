/**
 * CSV cells safe to open in a spreadsheet: a cell that starts with =, +, -, @, a tab or a
 * carriage return (after any leading spaces) is prefixed with an apostrophe so Excel and
 * LibreOffice show it as text instead of running it as a formula. Checked on the whole value,
 * multi-line ones included (papaparse's escapeFormulae tests only single-line values, so
 * "=HYPERLINK(…)" followed by a newline got through).
 */

const TRIGGERS = new Set(['=', '+', '-', '@', '\t', '\r', '\n'])

/** The cell text as it may go into a CSV file. */
export function safeCsvCell(value: string): string {
  let i = 0
  while (i < value.length && value[i] === ' ') i++
  return i < value.length && TRIGGERS.has(value[i]!) ? `'${value}` : value
}

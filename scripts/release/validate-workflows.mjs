#!/usr/bin/env node
/**
 * Validates GitHub Actions workflows offline with GitHub's own workflow parser
 * (@actions/workflow-parser, the one behind GitHub's Actions language service): YAML, the
 * workflow schema (keys, types, events, runner labels' shape), expressions and the contexts
 * allowed where they are used (e.g. no `secrets` in a step's `if:`), and job graph references
 * (`needs:` naming an unknown job).
 *
 *   node scripts/release/validate-workflows.mjs                     # .github/workflows/*.yml
 *   node scripts/release/validate-workflows.mjs path/to/workflow.yml …
 *
 * Exit codes: 0 every workflow valid, 1 errors (printed with file, line and column), 2 no files.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { register } from 'node:module'
import { basename, join, relative, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const ROOT = resolve(fileURLToPath(import.meta.url), '..', '..', '..')
register(pathToFileURL(join(ROOT, 'scripts', 'release', 'json-import-hook.mjs')))
const { parseWorkflow, convertWorkflowTemplate, NoOperationTraceWriter } =
  await import('@actions/workflow-parser')

/** Parses and converts one workflow as GitHub does; returns its error messages (empty when valid). */
export async function workflowErrors(name, content) {
  const parsed = parseWorkflow({ name, content }, new NoOperationTraceWriter())
  const errors = parsed.context.errors.getErrors().map((e) => e.message)
  if (parsed.value === undefined) return errors.length ? errors : [`${name}: not a workflow`]
  const template = await convertWorkflowTemplate(parsed.context, parsed.value)
  for (const e of template.errors ?? []) if (!errors.includes(e.Message)) errors.push(e.Message)
  return errors
}

function workflowFiles(args) {
  if (args.length > 0) return args.map((a) => resolve(a))
  const dir = join(ROOT, '.github', 'workflows')
  return readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => join(dir, f))
}

const files = workflowFiles(process.argv.slice(2))
if (files.length === 0) {
  process.stderr.write('validate-workflows: no workflow files found\n')
  process.exit(2)
}
let failed = 0
for (const file of files) {
  const shown = relative(ROOT, file) || basename(file)
  const errors = await workflowErrors(shown, readFileSync(file, 'utf8'))
  if (errors.length === 0) process.stdout.write(`ok   ${shown}\n`)
  else {
    failed++
    process.stdout.write(`FAIL ${shown}\n${errors.map((e) => `     ${e}`).join('\n')}\n`)
  }
}
process.stdout.write(`validate-workflows: ${files.length - failed} of ${files.length} workflow(s) valid\n`)
process.exit(failed > 0 ? 1 : 0)

/**
 * The rules our GitHub workflows must keep, as functions that return problems (empty = fine), so
 * the test can run them on the real files and on broken copies of them.
 */
import { parse } from 'yaml'

type Step = { name?: string; uses?: string; run?: string; if?: string; env?: Record<string, unknown> }
type Job = {
  'runs-on'?: string
  needs?: string | string[]
  env?: Record<string, unknown>
  strategy?: { matrix?: { include?: Array<Record<string, string>> } }
  steps?: Step[]
}
type Workflow = { on?: Record<string, unknown>; permissions?: unknown; jobs?: Record<string, Job> }

/** The repository secrets the release may read: signing, notarisation and the update key. */
export const SIGNING_SECRETS = [
  'WIN_CSC_LINK',
  'WIN_CSC_KEY_PASSWORD',
  'MAC_CSC_LINK',
  'MAC_CSC_KEY_PASSWORD',
  'APPLE_ID',
  'APPLE_APP_SPECIFIC_PASSWORD',
  'APPLE_TEAM_ID',
  'UPDATE_SIGNING_KEY',
]

/** Parses a workflow file. */
export function parseWorkflowYaml(text: string): Workflow {
  return parse(text) as Workflow
}

/** Every `uses:` is pinned to a full commit SHA with its version in a comment. */
export function pinningProblems(text: string): string[] {
  const problems: string[] = []
  for (const [i, line] of text.split('\n').entries()) {
    const m = /^\s*(?:-\s+)?uses:\s*(\S+)(\s.*)?$/.exec(line)
    if (!m) continue
    const [, ref = '', rest = ''] = m
    if (ref.startsWith('./')) continue
    if (!/^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/.test(ref))
      problems.push(`line ${i + 1}: ${ref} is not pinned to a full 40-hex commit SHA`)
    else if (!/^\s+#\s+v\d+\.\d+\.\d+\s*$/.test(rest))
      problems.push(`line ${i + 1}: ${ref} has no "# vX.Y.Z" comment naming the version`)
  }
  return problems
}

function stepIndex(steps: Step[], what: RegExp): number {
  return steps.findIndex((s) => what.test(s.run ?? ''))
}

/** The release job: one job per OS, and its steps in the order that keeps bad builds unshipped. */
export function releaseOrderProblems(text: string): string[] {
  const wf = parseWorkflowYaml(text)
  const problems: string[] = []
  const tags = (wf.on?.push as { tags?: unknown } | undefined)?.tags
  if (!Array.isArray(tags) || tags.length === 0) problems.push('the release must run on pushed tags')
  const build = wf.jobs?.build
  const oses = (build?.strategy?.matrix?.include ?? []).map((m) => (m.os ?? '').split('-')[0])
  if (oses.join(',') !== 'ubuntu,windows,macos')
    problems.push(`build runs on ${oses.join(',')}, not ubuntu,windows,macos`)
  const steps = build?.steps ?? []
  const order: Array<[string, RegExp]> = [
    ['unit tests', /^\.\/desk test$|npm run test:unit/m],
    ['native rebuild for Electron', /electron-builder install-app-deps/],
    ['app build', /npm run build/],
    ['Electron smoke test', /\.\/desk test-electron/],
    ['installers', /electron-builder --config build\/release\.builder\.yml/],
    ['fuse read-back', /scripts\/release\/check-fuses\.mjs dist/],
    ['feed signature', /scripts\/release\/sign-update-feed\.ts dist/],
    ['upload', /gh release upload/],
  ]
  let previous = -1
  for (const [what, pattern] of order) {
    const at = stepIndex(steps, pattern)
    if (at === -1) problems.push(`the build job has no ${what} step`)
    else if (at < previous) problems.push(`the ${what} step comes too early (step ${at + 1})`)
    else previous = at
  }
  const smoke = steps.filter((s) => /\.\/desk test-electron/.test(s.run ?? ''))
  if (smoke.some((s) => s.if)) problems.push('the Electron smoke test must run on every OS, unconditionally')
  const publishNeeds = [wf.jobs?.publish?.needs ?? []].flat()
  if (!publishNeeds.includes('build')) problems.push('publish must wait for every build job')
  return problems
}

/**
 * Secrets: only the signing set, only in a step's `env:` (never job-wide, never in a script), the
 * certificates reach the status step as presence flags, and that step runs before the installers.
 */
export function secretProblems(text: string): string[] {
  const wf = parseWorkflowYaml(text)
  const problems: string[] = []
  for (const m of text.matchAll(/secrets\.([A-Za-z_][A-Za-z0-9_]*)/g)) {
    if (!SIGNING_SECRETS.includes(m[1] ?? '')) problems.push(`secret ${m[1]} is not a signing secret`)
  }
  for (const [id, job] of Object.entries(wf.jobs ?? {})) {
    if (JSON.stringify(job.env ?? {}).includes('secrets.'))
      problems.push(`job ${id} exposes secrets to every step`)
    for (const step of job.steps ?? []) {
      if (/secrets\./.test(step.run ?? '') || /secrets\./.test(step.if ?? ''))
        problems.push(`step "${step.name ?? step.uses}" reads a secret outside env:`)
      if (step.uses && JSON.stringify(step).includes('secrets.'))
        problems.push(`third-party action ${step.uses} is given a secret`)
    }
  }
  const steps = wf.jobs?.build?.steps ?? []
  const status = steps.findIndex((s) => /scripts\/release\/signing-status\.mjs/.test(s.run ?? ''))
  const installers = stepIndex(steps, /electron-builder --config build\/release\.builder\.yml/)
  if (status === -1) problems.push('no signing status step says what is signed or skipped')
  else {
    if (status > installers) problems.push('the signing status step must run before the installers are built')
    for (const [name, value] of Object.entries(steps[status]?.env ?? {})) {
      if (name.startsWith('HAS_') && !/^\$\{\{ (?:secrets\.\w+ != '' ?(?:&& )?)+\}\}$/.test(String(value)))
        problems.push(`${name} must be a presence flag (secrets.X != ''), not the secret`)
    }
  }
  const env = JSON.stringify(steps[installers]?.env ?? {})
  for (const secret of ['MAC_CSC_LINK', 'WIN_CSC_LINK', 'APPLE_ID'])
    if (!env.includes(`secrets.${secret}`)) problems.push(`the installer step does not read ${secret}`)
  return problems
}

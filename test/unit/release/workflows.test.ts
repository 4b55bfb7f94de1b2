/**
 * The GitHub workflows, offline: GitHub's own workflow parser accepts them (and rejects a broken
 * one), and the release keeps its rules: one job per OS, the Electron smoke test before any
 * installer is built, every action pinned to a commit SHA, signing secrets read only where they
 * are needed and skipped visibly when absent. Each rule is also run on a broken copy, so it can fail.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseWorkflowYaml, pinningProblems, releaseOrderProblems, secretProblems } from './workflow-rules'

const ROOT = resolve(__dirname, '../../..')
const read = (file: string) => readFileSync(join(ROOT, file), 'utf8')
const RELEASE = read('.github/workflows/release.yml')
const PR = read('.github/workflows/pr.yml')
const validate = (...files: string[]) =>
  spawnSync(process.execPath, [join(ROOT, 'scripts/release/validate-workflows.mjs'), ...files], {
    encoding: 'utf8',
    cwd: ROOT,
  })
const scratch = (name: string, text: string) => {
  const file = join(mkdtempSync(join(tmpdir(), 'wf-')), name)
  writeFileSync(file, text)
  return file
}

describe("GitHub's workflow parser", () => {
  it('accepts every workflow in .github/workflows', () => {
    const r = validate()
    expect(r.stdout).toContain('validate-workflows: 2 of 2 workflow(s) valid')
    expect(r.status).toBe(0)
  })

  it('rejects a broken workflow with file, line and reason', () => {
    const r = validate(
      scratch('release.yml', RELEASE.replace('runs-on: ${{ matrix.os }}', 'runs-onn: ${{ matrix.os }}')),
    )
    expect(r.status).toBe(1)
    expect(r.stdout).toMatch(/release\.yml \(Line: \d+, Col: \d+\): Unexpected value 'runs-onn'/)
    const secretInIf = RELEASE.replace("if: runner.os == 'Linux'", "if: secrets.UPDATE_SIGNING_KEY != ''")
    expect(validate(scratch('release.yml', secretInIf)).stdout).toMatch(/Unrecognized named-value: 'secrets'/)
    const ghost = RELEASE.replace('    needs: build\n', '    needs: [build, ghost]\n')
    expect(validate(scratch('release.yml', ghost)).stdout).toMatch(/depends on unknown job 'ghost'/)
  })
})

describe('the release workflow', () => {
  it('builds one job per OS on a tag, and smoke-tests Electron before any installer is built', () => {
    expect(releaseOrderProblems(RELEASE)).toEqual([])
  })

  it('runs the smoke test through ./desk test-electron, which fails (never skips) without Electron', () => {
    const desk = read('desk')
    const command = /test-electron\)([\s\S]*?);;/.exec(desk)?.[1] ?? ''
    expect(command).toContain('DESK_REQUIRE_ELECTRON=1')
    expect(command).toMatch(/playwright test --project=electron/)
  })

  it('catches a release that builds before the smoke test, or skips it on an OS', () => {
    const late = RELEASE.replace(
      '        run: ./desk test-electron\n',
      '        run: echo smoke later\n',
    ).replace(
      '        run: node scripts/release/check-fuses.mjs dist\n',
      '        run: node scripts/release/check-fuses.mjs dist && ./desk test-electron\n',
    )
    expect(releaseOrderProblems(late)).toEqual(
      expect.arrayContaining([expect.stringMatching(/comes too early/)]),
    )
    const noSmoke = RELEASE.replace('        run: ./desk test-electron\n', '        run: echo no smoke\n')
    expect(releaseOrderProblems(noSmoke)).toContain('the build job has no Electron smoke test step')
    const linuxOnly = RELEASE.replace(
      '      - name: Electron smoke test\n',
      "      - name: Electron smoke test\n        if: runner.os == 'Linux'\n",
    )
    expect(releaseOrderProblems(linuxOnly)).toContain(
      'the Electron smoke test must run on every OS, unconditionally',
    )
    expect(releaseOrderProblems(RELEASE.replace('os: windows-2025', 'os: ubuntu-22.04'))).toContain(
      'build runs on ubuntu,ubuntu,macos, not ubuntu,windows,macos',
    )
  })

  it('reads signing secrets only where needed, and says what it skips', () => {
    expect(secretProblems(RELEASE)).toEqual([])
    const leaked = RELEASE.replace(
      "HAS_WIN_CSC: ${{ secrets.WIN_CSC_LINK != '' }}",
      'HAS_WIN_CSC: ${{ secrets.WIN_CSC_LINK }}',
    ).replace('run: ./desk install', 'run: echo ${{ secrets.NPM_TOKEN }} && ./desk install')
    expect(secretProblems(leaked)).toEqual([
      'secret NPM_TOKEN is not a signing secret',
      'step "Install" reads a secret outside env:',
      "HAS_WIN_CSC must be a presence flag (secrets.X != ''), not the secret",
    ])
    const jobWide = RELEASE.replace(
      '    defaults:\n',
      '    env:\n      CSC_LINK: ${{ secrets.MAC_CSC_LINK }}\n    defaults:\n',
    )
    expect(secretProblems(jobWide)).toContain('job build exposes secrets to every step')
  })
})

describe('every workflow', () => {
  it('pins each action to a full commit SHA, with the version in a comment', () => {
    expect(pinningProblems(RELEASE)).toEqual([])
    expect(pinningProblems(PR)).toEqual([])
    expect(RELEASE).toMatch(/uses: actions\/checkout@[0-9a-f]{40} # v\d+\.\d+\.\d+/)
    expect(
      pinningProblems(
        '      - uses: actions/checkout@v7\n      - uses: actions/setup-node@820762786026740c76f36085b0efc47a31fe5020\n      - uses: ./local-action\n',
      ),
    ).toEqual([
      'line 1: actions/checkout@v7 is not pinned to a full 40-hex commit SHA',
      'line 2: actions/setup-node@820762786026740c76f36085b0efc47a31fe5020 has no "# vX.Y.Z" comment naming the version',
    ])
  })

  it('grants write access only to the release jobs that upload', () => {
    expect(parseWorkflowYaml(PR).permissions).toEqual({ contents: 'read' })
    expect(parseWorkflowYaml(RELEASE).permissions).toEqual({ contents: 'read' })
    expect(PR).not.toMatch(/write/)
  })
})

describe('the pull-request workflow', () => {
  it('runs exactly what CI runs (.ci/run → ./desk test) on a Debian 12 machine like ours', () => {
    const wf = parseWorkflowYaml(PR)
    expect(Object.keys(wf.on ?? {})).toContain('pull_request')
    const job = wf.jobs!['desk-test'] as { container?: string; steps: Array<{ run?: string }> }
    expect(job.container).toBe('debian:12')
    expect(job.steps.map((s) => s.run)).toContain('bash .ci/run')
    expect(read('.ci/run')).toMatch(/^\.\/desk test$/m)
  })
})

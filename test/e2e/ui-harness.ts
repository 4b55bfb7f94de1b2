/**
 * Runs the built renderer (out/renderer) against the in-memory fake DeskApi instead of service
 * mode: a tiny static server plus the fake bundled into an init script that sets `window.desk`
 * before the page's own scripts run. Used for screen screenshots and axe checks with rich data
 * and by bench/ui-bench.ts (2,000 entities, 100,000 log records).
 */
import { createServer, type Server } from 'node:http'
import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { extname, join, resolve } from 'node:path'
import { build } from 'esbuild'
import { expect, type Page } from '@playwright/test'

const RENDERER_DIR = resolve('out/renderer')
const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' }

/** Fake desk options passed to the page (see src/renderer/src/testing/fake-desk-api.ts). */
export type FakeDeskPageOptions = { entityCount?: number; logCount?: number; nowMs?: number }

let bundled: Promise<string> | null = null

/** The fake DeskApi as one IIFE script. */
export function fakeDeskScript(): Promise<string> {
  bundled ??= build({
    entryPoints: [resolve('src/renderer/src/testing/fake-desk-global.ts')],
    bundle: true,
    format: 'iife',
    write: false,
    logLevel: 'error',
  }).then((r) => r.outputFiles[0]?.text ?? '')
  return bundled
}

/** Serves out/renderer on a free loopback port. */
export async function serveRenderer(): Promise<{ url: string; stop: () => Promise<void> }> {
  if (!existsSync(join(RENDERER_DIR, 'index.html')))
    throw new Error('out/renderer is missing: run `npm run build` first.')
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname
    const file = join(RENDERER_DIR, path === '/' ? 'index.html' : path)
    if (!file.startsWith(RENDERER_DIR)) {
      res.writeHead(403).end()
      return
    }
    readFile(file).then(
      (body) =>
        res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(body),
      () => res.writeHead(404).end(),
    )
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  return { url: `http://127.0.0.1:${port}/`, stop: () => new Promise((r) => server.close(() => r())) }
}

/** Installs the fake desk in the page (call before `page.goto`). */
export async function installFakeDesk(page: Page, opts: FakeDeskPageOptions): Promise<void> {
  const script = await fakeDeskScript()
  await page.addInitScript({ content: `window.__fakeDeskOptions = ${JSON.stringify(opts)};\n${script}` })
}

/** Serious or critical axe violations on the current page, as `id: target` lines. */
export async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: resolve('node_modules/axe-core/axe.min.js') })
  return page.evaluate(`(async () => {
    const res = await window.axe.run(document, { resultTypes: ['violations'] })
    return res.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => v.id + ' (' + v.impact + '): ' + v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | '))
  })()`)
}

/** Fails with the violations when axe finds a serious or critical one on the page. */
export async function expectNoSeriousAxe(page: Page, where: string): Promise<void> {
  expect(await axeViolations(page), where).toEqual([])
}

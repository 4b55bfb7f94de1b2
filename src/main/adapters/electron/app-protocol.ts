/**
 * The `app://desk/` protocol that serves the built renderer (out/renderer) and nothing else.
 *
 * A custom standard+secure scheme gives the page a real origin (so the IPC sender check and the CSP
 * `'self'` mean something) without granting file:// its extra privileges, and no remote URL is ever
 * loaded into the window.
 */
import { readFile } from 'node:fs/promises'
import { extname, relative, resolve, sep, isAbsolute } from 'node:path'
import { protocol, type Session } from 'electron'
import { CONTENT_SECURITY_POLICY } from './session-security'

/** The scheme of our renderer's origin. */
export const APP_SCHEME = 'app'
/** The host of our renderer's origin. */
export const APP_HOST = 'desk'
/** The URL the window loads. */
export const APP_ENTRY_URL = `${APP_SCHEME}://${APP_HOST}/index.html`

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.map': 'application/json; charset=utf-8',
}

/** Registers `app:` as privileged; Electron only accepts this before the `ready` event. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    // corsEnabled: Vite emits `<script type="module" crossorigin>`, a CORS-mode request even on
    // our own origin; no response carries Access-Control-Allow-Origin, so other origins still can't read.
    {
      scheme: APP_SCHEME,
      privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true },
    },
  ])
}

/** True when `raw` is a URL on our own `app://desk` origin. */
export function isAppUrl(raw: string): boolean {
  try {
    const url = new URL(raw)
    // Node's URL reports origin "null" for non-special schemes, so compare scheme and host instead.
    return url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST
  } catch {
    return false
  }
}

/**
 * Maps an `app://desk/...` URL to a file under `rendererDir`, or null when the URL is foreign or
 * would escape the folder (`..`, encoded separators, absolute paths).
 */
export function resolveRendererFile(rawUrl: string, rendererDir: string): string | null {
  if (!isAppUrl(rawUrl)) return null
  let pathname: string
  try {
    pathname = decodeURIComponent(new URL(rawUrl).pathname)
  } catch {
    return null
  }
  if (pathname.includes('\0') || pathname.includes('\\')) return null
  const root = resolve(rendererDir)
  const wanted = pathname === '/' || pathname === '' ? 'index.html' : pathname.replace(/^\/+/, '')
  const file = resolve(root, wanted)
  const rel = relative(root, file)
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel) || rel.split(sep).includes('..')) return null
  return file
}

/** The content type served for a renderer file. */
export function contentTypeFor(file: string): string {
  return CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream'
}

/** Answers one `app:` request from `rendererDir` (exported for tests; `serveRenderer` installs it). */
export async function answerAppRequest(rawUrl: string, rendererDir: string): Promise<Response> {
  const file = resolveRendererFile(rawUrl, rendererDir)
  if (!file) return new Response('Not found', { status: 404 })
  try {
    const body = await readFile(file)
    return new Response(new Uint8Array(body), {
      status: 200,
      headers: {
        'content-type': contentTypeFor(file),
        'content-security-policy': CONTENT_SECURITY_POLICY,
        'x-content-type-options': 'nosniff',
      },
    })
  } catch {
    return new Response('Not found', { status: 404 })
  }
}

/** Serves the built renderer on `app://desk/` in `session`. */
export function serveRenderer(session: Session, rendererDir: string): void {
  session.protocol.handle(APP_SCHEME, (request) => answerAppRequest(request.url, rendererDir))
}

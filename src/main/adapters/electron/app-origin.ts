/**
 * The `app://desk` origin and how its URLs map to files of the built renderer. No Electron import
 * at runtime, so plain-Node tests (and the Chromium CSP check in test/electron) can use it.
 */
import { readFile } from 'node:fs/promises'
import { extname, isAbsolute, relative, resolve, sep } from 'node:path'
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

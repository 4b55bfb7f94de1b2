/**
 * The `app://desk/` protocol that serves the built renderer (out/renderer) and nothing else.
 *
 * A custom standard+secure scheme gives the page a real origin (so the IPC sender check and the CSP
 * `'self'` mean something) without granting file:// its extra privileges, and no remote URL is ever
 * loaded into the window.
 */
import { protocol, type Session } from 'electron'
import { answerAppRequest, APP_SCHEME } from './app-origin'

export {
  APP_ENTRY_URL,
  APP_HOST,
  APP_SCHEME,
  answerAppRequest,
  isAppUrl,
  resolveRendererFile,
} from './app-origin'

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

/** Serves the built renderer on `app://desk/` in `session`. */
export function serveRenderer(session: Session, rendererDir: string): void {
  session.protocol.handle(APP_SCHEME, (request) => answerAppRequest(request.url, rendererDir))
}

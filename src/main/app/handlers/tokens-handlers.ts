/**
 * Handlers of the `tokens:*` channels: live preview of a paste, intake, list, exchange (also
 * retries a failed hand-off to Faces) and discard. The token desk pushes 'token:updated' and
 * 'entity:updated' itself.
 *
 * Wiring (composition root):
 *   const credentials = createKeychainCredentialStore({ secrets: ctx.secrets, settings: ctx.settings, environment: ctx.environment, clock: ctx.clock })
 *   const concur = createConcurClient({ ..., credentials })
 *   const tokenDesk = createTokenDesk({ clock, log, secrets, settings, environment, entities: entityStore,
 *     tokens: createJsonDocumentStore(ctx.dataDir, 'tokens.json', emptyTokensDocument), concur,
 *     faces: { setConcurLink: (id, link, signal) => facesClient.setCompanyConcurLink(id, link, signal) },
 *     bus: ctx.bus, pollStatus: syncEngine, pollControl: syncEngine })
 *   tokenDesk.start('desk start')   // periodic expiry sweep; tokenDesk.stop(...) on shutdown
 *   createTokensHandlers({ tokenDesk })
 */
import type { TokenDesk } from '../../core/tokens/token-desk'
import type { Handlers } from '../dispatcher'

/** Dependencies of the token handlers. */
export type TokensHandlerDeps = Readonly<{ tokenDesk: TokenDesk }>

/** The token channels. */
export type TokensHandlers = Pick<
  Handlers,
  'tokens:preview' | 'tokens:submit' | 'tokens:list' | 'tokens:exchange' | 'tokens:discard'
>

/** Builds the token handlers. */
export function createTokensHandlers(deps: TokensHandlerDeps): TokensHandlers {
  const desk = deps.tokenDesk
  return {
    'tokens:preview': (input) => desk.preview(input.text),
    'tokens:submit': (input) =>
      desk.submit({
        text: input.text,
        ...(input.blocks ? { blocks: input.blocks } : {}),
        ...(input.createUnknown !== undefined ? { createUnknown: input.createUnknown } : {}),
        ...(input.exchange !== undefined ? { exchange: input.exchange } : {}),
      }),
    'tokens:list': (input) => desk.list({ includeFinished: input.includeFinished ?? false }),
    'tokens:exchange': (input) => desk.exchange(input.tokenId),
    'tokens:discard': (input) => desk.discard(input.tokenId),
  }
}

/**
 * Concur's OAuth2 token service: the company request-token exchange (password grant,
 * credtype=authtoken) and the refresh grant. Stateless: it stores nothing. The credential owner
 * (core/tokens/credential-owner.ts) decides when a grant runs and persists what it returns before
 * anything uses it, because Concur may rotate the refresh token on every refresh.
 */
import { secretRegistry } from '../../logging/redact'
import { ConcurError, tokenErrorFromResponse, type TokenOperation } from './concur-error'
import { parseJson, type ConcurTransport } from './concur-transport'
import { normaliseGeolocation } from './geolocation'
import { parseTokenResponse, type TokenGrant } from './token-response'
import { explainAfterUnanswered, mayHaveReachedConcur } from './unanswered-grant'

/** A successful grant: the parsed tokens and where the company lives. Holds secrets: keep it in memory. */
export interface GrantResult {
  grant: TokenGrant
  /**
   * The company's data centre, normalised: the response's `geolocation`, else the host a code 16
   * pointed at, else the host that answered. Not yet checked against the host policy.
   */
  geolocation: string
  correlationId: string
}

/** The token service. */
export interface ConcurOAuth {
  /** Exchanges a company request token for tokens. */
  exchange(
    input: { entityKey: string; companyUuid: string; requestToken: string },
    signal?: AbortSignal,
  ): Promise<GrantResult>
  /** Runs a refresh grant at the stored geolocation (following one code 16). */
  refresh(
    input: { entityKey: string; refreshToken: string; geolocation: string },
    signal?: AbortSignal,
  ): Promise<GrantResult>
}

const TOKEN_PATH = '/oauth2/v0/token'

/** Creates the token service over a transport. */
export function createConcurOAuth(transport: ConcurTransport): ConcurOAuth {
  /** POSTs one grant to `{baseUrl}/oauth2/v0/token`; on code 16 retries once at the geolocation in the error body. */
  async function grant(
    op: TokenOperation,
    entityKey: string,
    baseUrl: string,
    form: Record<string, string>,
    signal: AbortSignal | undefined,
  ): Promise<GrantResult> {
    // Set once an attempt got no answer: Concur may have spent or rotated the token in it.
    let unanswered = false
    const once = (base: string): Promise<{ grant: TokenGrant; correlationId: string }> =>
      transport.withRetry(op, entityKey, signal, async () => {
        try {
          return await attempt(base)
        } catch (err) {
          if (unanswered) throw explainAfterUnanswered(op, err)
          if (mayHaveReachedConcur(err)) unanswered = true
          throw err
        }
      })
    const attempt = async (base: string): Promise<{ grant: TokenGrant; correlationId: string }> => {
      const reply = await transport.send(
        entityKey,
        op,
        'POST',
        `${base}${TOKEN_PATH}`,
        // No charset: the TMC guide says the OAuth2 service wants the bare media type.
        { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        new URLSearchParams(form).toString(),
        signal,
      )
      const json = parseJson(reply.text)
      if (reply.status !== 200)
        throw tokenErrorFromResponse(
          op,
          reply.status,
          json,
          reply.correlationId,
          transport.retryAfterMsOf(reply.headers),
        )
      const body = json as Record<string, unknown> | null
      // Register every token value before anything else can touch (and log) it.
      if (body && typeof body === 'object')
        for (const k of ['access_token', 'refresh_token', 'id_token'])
          if (typeof body[k] === 'string') secretRegistry.register(body[k])
      try {
        return { grant: parseTokenResponse(json), correlationId: reply.correlationId }
      } catch (err) {
        if (err instanceof ConcurError)
          throw new ConcurError(err.kind, err.message, {
            status: reply.status,
            correlationId: reply.correlationId,
            cause: err,
          })
        throw err
      }
    }
    let redirectedTo: string | null = null
    let result: { grant: TokenGrant; correlationId: string }
    try {
      result = await once(baseUrl)
    } catch (err) {
      const elsewhere =
        err instanceof ConcurError && err.code === 16 ? normaliseGeolocation(err.geolocation) : null
      if (!elsewhere || elsewhere === baseUrl) throw err
      // Code 16: the company lives at another data centre; send checks that address against the policy too.
      redirectedTo = elsewhere
      result = await once(elsewhere)
    }
    return {
      grant: result.grant,
      geolocation: result.grant.geolocation ?? redirectedTo ?? baseUrl,
      correlationId: result.correlationId,
    }
  }

  return {
    async exchange(input, signal) {
      const c = transport.settings()
      secretRegistry.register(input.requestToken)
      secretRegistry.register(c.clientSecret)
      if (!input.companyUuid.trim() || !input.requestToken.trim())
        throw new ConcurError(
          'invalid-input',
          'Both the company UUID and the request token are needed for the exchange.',
        )
      const base = normaliseGeolocation(c.tokenBaseUrl)
      if (!base)
        throw new ConcurError(
          'invalid-input',
          `The Concur token URL "${c.tokenBaseUrl.slice(0, 80)}" is not an http(s) URL.`,
        )
      return grant(
        'exchange',
        input.entityKey,
        base,
        {
          grant_type: 'password',
          username: input.companyUuid.trim(),
          password: input.requestToken.trim(),
          credtype: 'authtoken',
          client_id: c.clientId,
          client_secret: c.clientSecret,
        },
        signal,
      )
    },

    async refresh(input, signal) {
      const c = transport.settings()
      secretRegistry.register(input.refreshToken)
      secretRegistry.register(c.clientSecret)
      const base =
        normaliseGeolocation(input.geolocation) ??
        normaliseGeolocation(c.tokenBaseUrl) ??
        'https://glz.api.concursolutions.com'
      return grant(
        'refresh',
        input.entityKey,
        base,
        {
          grant_type: 'refresh_token',
          refresh_token: input.refreshToken,
          client_id: c.clientId,
          client_secret: c.clientSecret,
        },
        signal,
      )
    },
  }
}

/**
 * The simulator's OAuth2 token endpoint (docs/concur-api.md §1, §6.2–6.5): form bodies only, every required
 * field, client and company checks, request tokens with lifetime and reuse rules, refresh tokens
 * that rotate (strict: on every refresh, the old one dead at once) with a lifetime fixed at issue,
 * code 16 for the wrong data centre, and the documented response variants.
 */
import { randomBytes, randomUUID } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import { ACCESS_TOKEN_MS, SIX_MONTHS_MS, type Reply, type SimCompany, type SimState } from './sim-state'

/** Creates the token service over the simulator's state. */
export function createTokenService(s: SimState) {
  const {
    clock,
    opts,
    variant,
    clients,
    companies,
    requestTokens,
    refreshTokens,
    accessTokens,
    urls,
    random,
  } = s
  const requestTokenLifetimeMs = s.requestTokenLifetimeMs

  function tokenError(
    status: number,
    code: number,
    error: string,
    description: string,
    extra: Record<string, string> = {},
  ): Reply {
    const body = {
      error,
      error_description: description,
      code: variant.errorCode === 'string' ? String(code) : code,
      ...extra,
    }
    return { status, body: JSON.stringify(body), contentType: 'application/json', code }
  }

  function geolocationText(dc: string): string {
    const url = urls.get(dc) ?? ''
    // Concur's samples: `https://us.api.Concursolutions.com` and `…/oauth2/v0/token`; on loopback the host becomes LocalHost.
    if (variant.geolocation === 'strict')
      return `${url.replace(/^http/, 'HTTP').replace('127.0.0.1', 'LocalHost')}/oauth2/v0/token`
    if (variant.geolocation === 'upper') return `${url.replace(/^http/, 'HTTP')}/`
    if (variant.geolocation === 'with-path') return `${url}/oauth2/v0/token`
    return url
  }

  function issueTokens(
    companyUuid: string,
    clientId: string,
    refreshToken: string | null,
    refreshExpiresAtMs: number,
  ): Reply {
    const accessToken = randomBytes(24).toString('hex')
    accessTokens.set(accessToken, { companyUuid, clientId, expiresAtMs: clock.nowMs() + ACCESS_TOKEN_MS })
    const company = companies.get(companyUuid)!
    const body: Record<string, unknown> = {
      expires_in: variant.expiresIn === 'string' ? '3600' : 3600,
      scope: company.scopes.join(' '),
      token_type: 'Bearer',
      access_token: accessToken,
      ...(refreshToken ? { refresh_token: refreshToken } : {}),
      ...(variant.refreshExpiresIn ? { refresh_expires_in: Math.floor(refreshExpiresAtMs / 1000) } : {}),
      ...(variant.idToken ? { id_token: `simid.${randomBytes(12).toString('hex')}` } : {}),
      geolocation: geolocationText(company.dataCentre),
    }
    return { status: 200, body: JSON.stringify(body), contentType: 'application/json' }
  }

  function handleToken(
    server: string,
    req: IncomingMessage,
    raw: string,
    query: URLSearchParams,
  ): Reply & { grantType?: string } {
    const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase()
    if (type !== 'application/x-www-form-urlencoded' || [...query.keys()].length > 0)
      return tokenError(400, 135, 'invalid_request', 'unsupported request format')
    const form = new URLSearchParams(raw)
    const grantType = form.get('grant_type') ?? ''
    const withGrant = (r: Reply): Reply & { grantType?: string } => ({
      ...r,
      ...(grantType ? { grantType } : {}),
    })
    if (!grantType) return tokenError(400, 65, 'invalid_request', 'grant_type not supplied')
    const clientId = form.get('client_id')
    const clientSecret = form.get('client_secret')
    if (!clientId) return withGrant(tokenError(400, 62, 'invalid_request', 'client_id not supplied'))
    if (!clientSecret) return withGrant(tokenError(400, 63, 'invalid_request', 'client_secret not supplied'))
    if (!clients.has(clientId)) return withGrant(tokenError(401, 61, 'invalid_client', 'client not found'))
    if (clients.get(clientId) !== clientSecret)
      return withGrant(tokenError(401, 64, 'invalid_client', 'Incorrect Credentials. Please Retry'))

    const companyChecks = (company: SimCompany): Reply | null => {
      if (company.enabledClientIds !== null && !company.enabledClientIds.includes(clientId))
        return tokenError(403, 53, 'invalid_client', 'company is not enabled for this client')
      if (company.maintenance)
        return tokenError(400, 134, 'invalid_request', 'Company undergoing scheduled maintenance')
      if (server !== 'glz' && server !== company.dataCentre)
        return tokenError(400, 16, 'invalid_request', 'user lives elsewhere', {
          geolocation: geolocationText(company.dataCentre),
        })
      return null
    }

    if (grantType === 'password') {
      const credtype = form.get('credtype')
      if (credtype !== null && credtype !== 'authtoken' && credtype !== 'password')
        return withGrant(tokenError(400, 120, 'invalid_request', 'credtype is invalid'))
      const username = form.get('username')
      const password = form.get('password')
      if (!username) return withGrant(tokenError(400, 51, 'invalid_request', 'username not supplied'))
      if (!password) return withGrant(tokenError(400, 52, 'invalid_request', 'password not supplied'))
      // Without credtype=authtoken Concur treats the call as a user login, which no company UUID passes.
      if (credtype !== 'authtoken')
        return withGrant(tokenError(400, 5, 'invalid_grant', 'Incorrect Credentials. Please Retry'))
      const company = companies.get(username)
      if (!company)
        return withGrant(tokenError(400, 5, 'invalid_grant', 'Incorrect Credentials. Please Retry'))
      const problem = companyChecks(company)
      if (problem) return withGrant(problem)
      const rt = requestTokens.get(password)
      if (!rt || rt.companyUuid !== company.uuid)
        return withGrant(tokenError(400, 5, 'invalid_grant', 'Incorrect Credentials. Please Retry'))
      if (rt.clientId !== clientId)
        return withGrant(tokenError(400, 136, 'invalid_request', 'Authtoken was not issued for you'))
      const reuse = opts.reusePolicy ?? 'single'
      const maxUses = reuse === 'single' ? 1 : reuse === 'five' ? 5 : Infinity
      if (clock.nowMs() >= (rt.expiresAtMs ?? rt.issuedAtMs + requestTokenLifetimeMs) || rt.uses >= maxUses)
        return withGrant(tokenError(400, 5, 'invalid_grant', 'Incorrect Credentials. Please Retry'))
      rt.uses++
      const refreshToken = randomUUID()
      const expiresAtMs = clock.nowMs() + SIX_MONTHS_MS
      refreshTokens.set(refreshToken, { companyUuid: company.uuid, clientId, expiresAtMs, retiredAtMs: null })
      return withGrant(issueTokens(company.uuid, clientId, refreshToken, expiresAtMs))
    }

    if (grantType === 'refresh_token') {
      const token = form.get('refresh_token')
      if (!token) return withGrant(tokenError(400, 106, 'invalid_request', 'refresh_token not supplied'))
      const record = refreshTokens.get(token)
      if (!record) return withGrant(tokenError(400, 108, 'invalid_grant', 'bad or expired refresh token'))
      if (record.clientId !== clientId)
        return withGrant(tokenError(400, 105, 'invalid_grant', 'this grant was not issued to you'))
      const now = clock.nowMs()
      if (
        now >= record.expiresAtMs ||
        (record.retiredAtMs !== null && now >= record.retiredAtMs + (opts.rotationGraceMs ?? 0))
      )
        return withGrant(tokenError(400, 108, 'invalid_grant', 'bad or expired refresh token'))
      const company = companies.get(record.companyUuid)!
      // The GLZ host does not hold refresh tokens: it points the caller at the company's data centre.
      const problem =
        companyChecks(company) ??
        (server === 'glz'
          ? tokenError(400, 16, 'invalid_request', 'user lives elsewhere', {
              geolocation: geolocationText(company.dataCentre),
            })
          : null)
      if (problem) return withGrant(problem)
      const rotation = opts.rotation ?? 'always'
      const rotate = rotation === 'always' || (rotation === 'random' && random() < 0.5)
      // Strict: six months from the exchange, whatever happens after; 'extend' restarts it at every refresh.
      const expiresAtMs =
        (opts.refreshLifetime ?? 'fixed') === 'extend' ? now + SIX_MONTHS_MS : record.expiresAtMs
      if (rotate) {
        record.retiredAtMs = now
        const next = randomUUID()
        refreshTokens.set(next, { companyUuid: record.companyUuid, clientId, expiresAtMs, retiredAtMs: null })
        return withGrant(issueTokens(company.uuid, clientId, next, expiresAtMs))
      }
      record.expiresAtMs = expiresAtMs
      return withGrant(issueTokens(company.uuid, clientId, opts.omitRefreshToken ? null : token, expiresAtMs))
    }
    return withGrant(tokenError(400, 60, 'invalid_grant', 'these are not the grants you are looking for'))
  }

  return { tokenError, geolocationText, handleToken }
}

/** Raw HTTP(S) requests for transport tests, so a test can forge Host, Origin and Cookie headers as an attacker would. */
import { request as httpRequest } from 'node:http'
import { request as httpsRequest } from 'node:https'

/** What came back. */
export type RawResponse = {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: string
}

/** Sends one request to 127.0.0.1:`port` (or `opts.host`) and reads the whole answer. */
export function raw(
  port: number,
  opts: {
    method?: string
    path: string
    headers?: Record<string, string>
    body?: string | Buffer
    tls?: { ca: string; servername?: string }
    host?: string
  },
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const base = {
      host: opts.host ?? '127.0.0.1',
      port,
      method: opts.method ?? 'GET',
      path: opts.path,
      headers: opts.headers,
    }
    const onResponse = (res: import('node:http').IncomingMessage): void => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (c: string) => (body += c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }))
    }
    const req = opts.tls
      ? httpsRequest({ ...base, ca: opts.tls.ca, servername: opts.tls.servername ?? 'localhost' }, onResponse)
      : httpRequest(base, onResponse)
    req.on('error', reject)
    if (opts.body) req.write(opts.body)
    req.end()
  })
}

/**
 * How the desk's HTTP app answers errors: `/rpc` callers get a Result they can show (413 body
 * too large, 400 invalid JSON, 415 not JSON, 429 too many), everyone else plain text; anything
 * unexpected is logged and answered 500 without details.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import type { ProblemKind } from '../../../shared/result'
import type { Logger } from '../../logging/logger'
import type { RejectionLog } from './rejection-log'

/** Answers with a Result failure (JSON), as `/rpc` callers expect. */
export function sendProblem(
  reply: FastifyReply,
  status: number,
  kind: ProblemKind,
  message: string,
  fields?: Record<string, string>,
): FastifyReply {
  return reply
    .code(status)
    .header('cache-control', 'no-store')
    .type('application/json; charset=utf-8')
    .send({ ok: false, problem: { kind, message, ...(fields ? { fields } : {}) } })
}

/** The app's error handler. */
export function createErrorHandler(deps: {
  log: Logger
  rejections: RejectionLog
  maxBodyBytes: number
}): (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => FastifyReply {
  const limitMb = Math.round(deps.maxBodyBytes / (1024 * 1024))
  return (error, request, reply) => {
    const rpc = request.url.startsWith('/rpc/')
    const answer = (status: number, kind: ProblemKind, message: string): FastifyReply =>
      rpc
        ? sendProblem(reply, status, kind, message)
        : reply.code(status).type('text/plain; charset=utf-8').send(message)
    const status = error.statusCode ?? 500
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || status === 413) {
      deps.rejections.count('body-too-large')
      void reply.header('connection', 'close')
      return answer(
        413,
        'invalid-input',
        `The request is larger than this desk accepts (${limitMb} MB). Send less at once, e.g. paste fewer token blocks or import the CSV in parts.`,
      )
    }
    if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || status === 415) {
      deps.rejections.count('not-json')
      return answer(415, 'invalid-input', 'Send JSON (Content-Type: application/json).')
    }
    if (status === 429) {
      return answer(429, 'rate-limited', error.message)
    }
    if (status === 400 && (error instanceof SyntaxError || error.code?.startsWith('FST_ERR_CTP_'))) {
      deps.rejections.count('invalid-json')
      return answer(400, 'invalid-input', 'The request body is not valid JSON.')
    }
    if (!rpc && (status === 403 || status === 404)) {
      // @fastify/static refuses paths that climb out of the renderer folder: not found, as any other.
      return reply.code(404).type('text/plain; charset=utf-8').send('Not found')
    }
    if (status >= 400 && status < 500) {
      return answer(status, 'invalid-input', 'The desk could not read this request.')
    }
    deps.log.error('request: unexpected failure', { err: error, method: request.method })
    return answer(500, 'bug', 'The desk service hit an unexpected error; see its log.')
  }
}

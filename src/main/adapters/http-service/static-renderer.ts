/** Serves the built renderer (@fastify/static: no path traversal, no dotfiles), and the 404/503 answers. */
import fastifyStatic from '@fastify/static'
import type { FastifyInstance } from 'fastify'
import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'

/** Registers the renderer folder at `/` and the not-found handler. */
export async function registerStaticRenderer(app: FastifyInstance, rendererDir: string): Promise<void> {
  const root = resolve(rendererDir)
  await app.register(fastifyStatic, {
    root,
    prefix: '/',
    index: ['index.html'],
    wildcard: true,
    dotfiles: 'deny',
    cacheControl: false,
    acceptRanges: false,
    setHeaders: (reply, path) => {
      void reply.header('cache-control', path.endsWith('.html') ? 'no-store' : 'private, max-age=3600')
    },
  })
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0]
    if ((path === '/' || path === '/index.html') && !existsSync(join(root, 'index.html'))) {
      return reply
        .code(503)
        .type('text/plain; charset=utf-8')
        .send(
          'The desk UI has not been built yet. Run `npm run build` (or `npm start`, which builds it), then reload.',
        )
    }
    return reply.code(404).type('text/plain; charset=utf-8').send('Not found')
  })
}

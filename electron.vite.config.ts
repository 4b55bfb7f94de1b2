import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import react from '@vitejs/plugin-react'

/** Dependencies bundled into main (see below). */
const BUNDLED_DEPS = [
  'kysely',
  'zod',
  'undici',
  'temporal-polyfill',
  'htmlparser2',
  'fastify',
  '@fastify/static',
  '@fastify/helmet',
  '@fastify/cookie',
  '@fastify/rate-limit',
  '@fastify/sse',
]

// Main builds two entries: `index` (the Electron shell) and `service` (plain Node service mode).
// Neither the service entry nor anything it imports may import `electron`.
export default defineConfig({
  main: {
    // The release workflow's Ed25519 update key (public half); without it the build never updates.
    define: {
      'process.env.DESK_UPDATE_PUBLIC_KEY': JSON.stringify(process.env.DESK_UPDATE_PUBLIC_KEY ?? ''),
    },
    build: {
      // Pure-JavaScript packages go into the bundle: Node resolving and reading their hundreds of
      // files (kysely ~560, fastify ~270, zod ~250) was a third of service mode's start (bundled:
      // 0.69 × the CPU of loading them from node_modules, same run). Native modules (better-sqlite3,
      // keytar, argon2) stay external, and so do pg and conf (small; conf is ESM).
      externalizeDeps: { exclude: BUNDLED_DEPS },
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'src/main/index.ts'),
          service: resolve(__dirname, 'src/main/service.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      rollupOptions: {
        input: { index: resolve(__dirname, 'src/preload/index.ts') },
        // A sandboxed preload cannot load ESM.
        output: { format: 'cjs', entryFileNames: '[name].js' },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    build: {
      minify: true,
      rollupOptions: { input: { index: resolve(__dirname, 'src/renderer/index.html') } },
    },
    plugins: [react()],
  },
})

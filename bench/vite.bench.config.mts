// Builds the sync benchmark to plain CommonJS, so it measures the engine the way the desk ships
// it (bundled JavaScript under Node), not under the tsx loader.
import { defineConfig } from 'vite'

export default defineConfig({
  build: {
    ssr: 'bench/sync-bench.ts',
    outDir: '.tmp/bench-build',
    emptyOutDir: true,
    target: 'node20',
    rollupOptions: { output: { format: 'cjs', entryFileNames: '[name].cjs' } },
  },
  logLevel: 'warn',
})

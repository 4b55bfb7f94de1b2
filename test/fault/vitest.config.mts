// The fault suite lives outside the root config's include list; run it with
// `npx vitest run -c test/fault/vitest.config.mts`.
import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    environment: 'node',
    include: ['test/fault/**/*.test.ts'],
    testTimeout: 600_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
})

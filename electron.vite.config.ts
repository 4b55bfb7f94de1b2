import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import react from '@vitejs/plugin-react'

// Main builds two entries: `index` (the Electron shell) and `service` (plain Node service mode).
// Neither the service entry nor anything it imports may import `electron`.
export default defineConfig({
  main: {
    // The release workflow's Ed25519 update key (public half); without it the build never updates.
    define: {
      'process.env.DESK_UPDATE_PUBLIC_KEY': JSON.stringify(process.env.DESK_UPDATE_PUBLIC_KEY ?? ''),
    },
    build: {
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

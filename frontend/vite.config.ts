import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

// The portal is served by the Go binary from the embedded dist folder; during development the Vite server
// proxies the management API to a locally running `tollgate all` (TOLLGATE_API_URL overrides where it runs).
export default defineConfig({
  plugins: [react()],
  server: {
    proxy: {
      '/api': { target: process.env.TOLLGATE_API_URL ?? 'http://127.0.0.1:8080', changeOrigin: false },
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Inlined data: URIs would need a looser Content-Security-Policy than the Go server sends.
    assetsInlineLimit: 0,
  },
  test: {
    environment: 'jsdom',
    globals: true,
    setupFiles: ['./src/test/setup.ts'],
    include: ['src/**/*.test.{ts,tsx}'],
    restoreMocks: true,
  },
});

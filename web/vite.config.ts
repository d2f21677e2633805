import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
const api = process.env.USERSYNC_API_URL ?? 'http://localhost:3000';

/**
 * The admin UI. `vite build --config web/vite.config.ts` writes web/dist, which the server
 * serves at `/`; `npm run dev:web` serves it with hot reload and proxies the API to port 3000.
 */
export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // The product is self-hosted under a strict CSP: no inline scripts, no data: assets.
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 1500,
  },
  server: {
    port: 5173,
    proxy: {
      '/api': { target: api, changeOrigin: false },
      '/healthz': { target: api },
      '/readyz': { target: api },
    },
  },
});

import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const repoRoot = fileURLToPath(new URL('.', import.meta.url));
const webRoot = fileURLToPath(new URL('./web', import.meta.url));
const outDir = fileURLToPath(new URL('./dist/web', import.meta.url));

// Vitest also reads this file when no vitest config exists; the web root would hide every test outside
// web/, so tests keep the repository root.
const underVitest = process.env.VITEST !== undefined;

export default defineConfig({
  root: underVitest ? repoRoot : webRoot,
  plugins: [react()],
  build: {
    outDir,
    emptyOutDir: true,
    chunkSizeWarningLimit: 900,
  },
  server: {
    port: 5173,
    proxy: { '/api': { target: 'http://localhost:8080', changeOrigin: false } },
    fs: { allow: [repoRoot] },
  },
  preview: {
    proxy: { '/api': { target: 'http://localhost:8080' } },
  },
});

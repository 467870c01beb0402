// Vite builds www/ into www/dist/: plain ES modules, the Worker as an ES module, the wasm file
// as an asset. Everything is bundled; the page works offline from any static server.
import { defineConfig } from 'vite';

export default defineConfig({
  root: '.',
  base: './',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 4000,
  },
  worker: { format: 'es' },
  server: { host: '127.0.0.1' },
  preview: { host: '127.0.0.1' },
});

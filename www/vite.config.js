// Vite builds www/ into www/dist/: plain ES modules, the Worker as an ES module, the wasm file
// as an asset. Everything is bundled; the page works offline from any static server.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = (path) => fileURLToPath(new URL(path, import.meta.url));

/** docs-embed/asl-embed.js is for other sites: copied as it is, under a stable name. */
const docsEmbedScript = {
  name: 'asl-docs-embed-script',
  generateBundle() {
    this.emitFile({ type: 'asset', fileName: 'docs-embed/asl-embed.js', source: readFileSync(here('./docs-embed/asl-embed.js'), 'utf8') });
  },
};

export default defineConfig({
  root: '.',
  base: './',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 4000,
    // The playground, the embeddable page, and a sample documentation page using asl-embed.js.
    rollupOptions: {
      input: { main: here('./index.html'), embed: here('./embed.html'), docs: here('./docs-embed/sample.html') },
    },
  },
  plugins: [docsEmbedScript],
  worker: { format: 'es' },
  server: { host: '127.0.0.1' },
  preview: { host: '127.0.0.1' },
});

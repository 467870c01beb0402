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

/**
 * The first diagram waits on the wasm module (for the definition check) and on Mermaid, which
 * loads in steps: its core, then the flowchart code, then the dagre layout. Fetched from the
 * HTML, they all download while the page's own script is still being evaluated, instead of
 * one after another once it has run. (Preloading only fetches and compiles: nothing runs.)
 */
const preloadFirstDiagram = {
  name: 'asl-preload-first-diagram',
  transformIndexHtml: {
    order: 'post',
    handler(html, ctx) {
      if (!ctx.bundle || !/(index|embed)\.html$/.test(ctx.filename)) return html;
      const files = Object.values(ctx.bundle);
      const chunks = new Map(files.filter((f) => f.type === 'chunk').map((c) => [c.fileName, c]));
      const wanted = new Set();
      const add = (chunk) => {
        if (!chunk || wanted.has(chunk.fileName)) return;
        wanted.add(chunk.fileName);
        for (const name of chunk.imports) add(chunks.get(name));
      };
      // Mermaid's own chunks only: @mermaid-js/layout-elk bundles a second copy of Mermaid's
      // diagrams (its own `flowDiagram-…`, `dagre-…`) that import its 2 MB ELK renderer,
      // fetched only when a machine needs ELK (diagram.js).
      const mermaidOwn = (chunk) => chunk.moduleIds.some((id) => /[\\/]node_modules[\\/]mermaid[\\/]/.test(id));
      for (const chunk of chunks.values()) {
        if (chunk.isDynamicEntry && mermaidOwn(chunk) && /^(mermaid\.core|flowDiagram-|dagre-)/.test(chunk.name)) add(chunk);
      }
      const wasm = files.find((f) => f.type === 'asset' && f.fileName.endsWith('.wasm'));
      const tags = [...wanted].filter((name) => !html.includes(name)).map((name) => ({
        tag: 'link',
        attrs: { rel: 'modulepreload', crossorigin: true, href: `./${name}` },
        injectTo: 'head',
      }));
      if (wasm) {
        tags.unshift({
          tag: 'link',
          attrs: { rel: 'preload', as: 'fetch', type: 'application/wasm', crossorigin: true, href: `./${wasm.fileName}` },
          injectTo: 'head',
        });
      }
      return { html, tags };
    },
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
  plugins: [docsEmbedScript, preloadFirstDiagram],
  worker: { format: 'es' },
  server: { host: '127.0.0.1' },
  preview: { host: '127.0.0.1' },
});

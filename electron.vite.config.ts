import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

// main and preload are bundled for Node/Electron; the renderer for Chromium.
// The preload is emitted as CommonJS because sandboxed preloads cannot be ES
// modules.
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      // The Word import's and the exchange's workers are entries of their own, beside index.js
      // (src-main/import/run-import.ts, src-node/exchange/merge-runner.ts).
      rollupOptions: {
        input: {
          index: resolve(import.meta.dirname, 'src-main/electron/main.ts'),
          'import-worker': resolve(import.meta.dirname, 'src-main/import/import-worker.ts'),
          'export-worker': resolve(import.meta.dirname, 'src-main/export/export-worker.ts'),
          'merge-worker': resolve(import.meta.dirname, 'src-node/exchange/merge-worker.ts'),
          'source-worker': resolve(import.meta.dirname, 'src-main/sources/source-worker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      rollupOptions: {
        input: { preload: resolve(import.meta.dirname, 'src-main/preload/preload.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(import.meta.dirname, 'src-renderer'),
    plugins: [react()],
    build: {
      // Minified: the same bundle is served to browsers by the browser host.
      minify: true,
      sourcemap: true,
      outDir: resolve(import.meta.dirname, 'out/renderer'),
      rollupOptions: { input: { index: resolve(import.meta.dirname, 'src-renderer/index.html') } },
    },
  },
});

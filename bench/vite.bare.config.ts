/**
 * Builds the bare benchmark page (bench/bare/) with the app renderer's own
 * build settings: the renderer section of ../electron.vite.config.ts (minify,
 * source maps, plugins, …) run through electron-vite's renderer preset (the
 * same Chromium target, production mode), with only the root, the entry and
 * the output folder changed. Whatever the app's build settings become, the
 * bare page follows them.
 *
 * bench/replay.ts runs it through electron-vite's `build()` and sets the
 * output folder with SAMSKRIV_BENCH_BARE_OUT (a temporary folder).
 */
import { resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { defineConfig } from 'electron-vite';
import appConfig from '../electron.vite.config.ts';

const app = appConfig.renderer;
if (app === undefined) throw new Error('electron.vite.config.ts has no renderer section to copy the build settings from.');

export default defineConfig({
  renderer: {
    ...app,
    root: resolve(import.meta.dirname, 'bare'),
    build: {
      ...app.build,
      outDir: process.env['SAMSKRIV_BENCH_BARE_OUT'] ?? resolve(tmpdir(), 'samskriv-bench-bare'),
      emptyOutDir: true,
      rollupOptions: {
        ...app.build?.rollupOptions,
        input: {
          // The chapter-text binding (the app's), and y-prosemirror 1.3.7 for comparison.
          index: resolve(import.meta.dirname, 'bare/index.html'),
          yprosemirror: resolve(import.meta.dirname, 'bare/yprosemirror.html'),
        },
      },
    },
  },
});

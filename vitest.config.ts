import { defineConfig } from 'vitest/config';

// Three kinds of tests, kept apart by where they run (STYLE: "tests that need
// a real DOM are kept apart from pure ones"):
//   unit  — Node 24, no DOM: shared/ logic, storage, HostApi validation, glue.
//   dom   — jsdom: headless ProseMirror editors (convergence fuzz).
//   e2e   — real Chromium against the built renderer and the browser host.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'dom',
          include: ['tests/dom/**/*.test.ts'],
          environment: 'jsdom',
          testTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // One Chromium at a time: the machines have two cores.
          fileParallelism: false,
        },
      },
    ],
  },
});

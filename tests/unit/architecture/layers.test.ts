/**
 * The layer rules of DESIGN §2, checked the way the build checks them.
 *
 * shared/ is pure (no DOM, no Node, no Electron, no React, no other layer);
 * src-renderer/ runs in a browser and reaches main only through HostApi;
 * src-main/ (the desktop) reaches the renderer only through HostApi and the
 * sync server only over the network; src-server/ (the headless sync server)
 * runs on plain Node, without Electron, the DOM, the desktop or the renderer;
 * src-node/ is the Node-only code both of them run, so it imports neither,
 * and only they (not shared/, not the renderer) may import it. Two mechanisms
 * enforce this: a lint rule on import paths (eslint.config.js) and a tsconfig per
 * layer whose `lib`/`types` leave out the globals the layer may not use.
 * These tests run both on small probe files, placed (in memory) inside each
 * layer, and require a crossing to be an error and an allowed import not to
 * be, so that weakening either mechanism fails `npm test`.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { ESLint } from 'eslint';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';

const REPO = resolve(import.meta.dirname, '../../..');

type Layer = 'shared' | 'src-main' | 'src-renderer' | 'src-node' | 'src-server';

describe('the import rules (ESLint)', () => {
  let eslint: ESLint;

  beforeAll(() => {
    eslint = new ESLint({ cwd: REPO });
  });

  /** Lints a module that imports `specifier` and uses it, as if it were `file` in the repo. */
  async function lintImport(file: string, specifier: string): Promise<ESLint.LintResult> {
    const code = `import * as imported from '${specifier}';\n\nexport const probe = imported;\n`;
    const [result] = await eslint.lintText(code, { filePath: join(REPO, file) });
    if (result === undefined) throw new Error(`ESLint returned no result for ${file}`);
    return result;
  }

  const FORBIDDEN: readonly (readonly [file: string, specifier: string])[] = [
    ['shared/probe.ts', '../src-main/host/host-service.ts'],
    ['shared/plan/probe.ts', '../../src-main/plans/plan-service.ts'],
    ['shared/probe.ts', '../src-renderer/main.tsx'],
    ['shared/probe.ts', 'node:fs'],
    ['shared/probe.ts', 'electron'],
    ['shared/probe.ts', 'react'],
    ['shared/probe.ts', 'ws'],
    ['src-renderer/probe.ts', '../src-main/host/host-service.ts'],
    ['src-renderer/plan/probe.tsx', '../../src-main/web/web-host.ts'],
    ['src-renderer/probe.ts', 'node:fs'],
    ['src-renderer/probe.tsx', 'electron'],
    ['src-renderer/probe.ts', 'ws'],
    ['src-main/probe.ts', '../src-renderer/main.tsx'],
    ['src-main/electron/probe.ts', '../../src-renderer/host/probe.ts'],
    ['shared/probe.ts', '../src-server/sync-server.ts'],
    ['shared/probe.ts', '../src-node/storage/doc-store.ts'],
    ['src-renderer/probe.ts', '../src-node/storage/doc-store.ts'],
    ['src-renderer/sync/probe.ts', '../../src-server/close-codes.ts'],
    ['src-main/sync/probe.ts', '../../src-server/http/api-routes.ts'],
    ['src-node/storage/probe.ts', '../../src-main/host/host-service.ts'],
    ['src-node/storage/probe.ts', '../../src-server/sync-server.ts'],
    ['src-node/probe.ts', '../src-renderer/main.tsx'],
    ['src-node/storage/probe.ts', 'electron'],
    ['src-node/probe.ts', 'react'],
    ['src-server/probe.ts', '../src-main/host/host-service.ts'],
    ['src-server/persistence/probe.ts', '../../src-main/sync/server-links.ts'],
    ['src-server/probe.ts', '../src-renderer/main.tsx'],
    ['src-server/probe.ts', 'electron'],
    ['src-server/auth/probe.ts', 'electron/main'],
    ['src-server/probe.ts', 'react'],
  ];

  it.each(FORBIDDEN)('makes %s importing %s an error', async (file, specifier) => {
    const result = await lintImport(file, specifier);
    const crossings = result.messages.filter((message) => message.ruleId === 'no-restricted-imports');
    expect(crossings, JSON.stringify(result.messages)).toHaveLength(1);
    expect(crossings[0]?.severity).toBe(2);
    expect(result.errorCount).toBeGreaterThan(0);
  });

  const ALLOWED: readonly (readonly [file: string, specifier: string])[] = [
    ['shared/probe.ts', 'yjs'],
    ['shared/probe.ts', 'prosemirror-model'],
    ['shared/plan/probe.ts', '../schema/schema.ts'],
    ['src-renderer/probe.ts', '../shared/host-api/host-api.ts'],
    ['src-renderer/probe.tsx', 'react'],
    ['src-main/probe.ts', '../shared/host-api/host-api.ts'],
    ['src-main/probe.ts', 'node:fs'],
    ['src-main/electron/probe.ts', 'electron'],
    ['src-main/host/probe.ts', '../../src-node/storage/doc-store.ts'],
    ['src-node/storage/probe.ts', 'node:sqlite'],
    ['src-node/storage/probe.ts', '../../shared/plan/doc-names.ts'],
    ['src-server/probe.ts', 'node:http'],
    ['src-server/probe.ts', '@hocuspocus/server'],
    ['src-server/probe.ts', '../shared/plan/doc-names.ts'],
    ['src-server/persistence/probe.ts', '../../src-node/storage/doc-store.ts'],
  ];

  it.each(ALLOWED)('lets %s import %s', async (file, specifier) => {
    const result = await lintImport(file, specifier);
    // No message at all: an ignored file would be reported with a warning.
    expect(result.messages).toEqual([]);
  });

  it.each(FORBIDDEN)('makes %s importing %s dynamically, with import(), an error too', async (file, specifier) => {
    const code = `export const probe = () => import('${specifier}');\n`;
    const [result] = await eslint.lintText(code, { filePath: join(REPO, file) });
    const crossings = (result?.messages ?? []).filter((message) => message.ruleId === 'no-restricted-syntax');
    expect(crossings, JSON.stringify(result?.messages)).toHaveLength(1);
    expect(crossings[0]?.severity).toBe(2);
  });
});

describe('the globals each layer may use (TypeScript)', () => {
  /** The compiler options of a layer, read from its tsconfig.json as `tsc -p` reads them. */
  function layerOptions(layer: Layer): ts.CompilerOptions {
    const configPath = join(REPO, layer, 'tsconfig.json');
    const read = ts.readConfigFile(configPath, (path) => ts.sys.readFile(path));
    if (read.error !== undefined) throw new Error(ts.flattenDiagnosticMessageText(read.error.messageText, '\n'));
    const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, dirname(configPath), undefined, configPath);
    if (parsed.errors.length > 0) throw new Error(parsed.errors.map((error) => ts.flattenDiagnosticMessageText(error.messageText, '\n')).join('\n'));
    return parsed.options;
  }

  /** Parsed lib and declaration files, shared by all probes: parsing them is most of the cost. */
  const parsed = new Map<string, ts.SourceFile | undefined>();

  /**
   * Type-checks `code` as a module inside `layer` under that layer's options.
   * The probe exists only in memory, so nothing is written into the repo.
   */
  function diagnose(layer: Layer, code: string): string[] {
    const options = layerOptions(layer);
    const probe = join(REPO, layer, '__layer_probe__.ts');
    const host = ts.createCompilerHost(options);
    const { getSourceFile, fileExists, readFile } = host;
    host.getSourceFile = (fileName, languageVersion, ...rest) => {
      if (fileName === probe) return ts.createSourceFile(fileName, code, languageVersion);
      const version = typeof languageVersion === 'object' ? `${languageVersion.languageVersion}:${languageVersion.impliedNodeFormat}` : languageVersion;
      const key = `${fileName}|${version}`;
      if (!parsed.has(key)) parsed.set(key, getSourceFile.call(host, fileName, languageVersion, ...rest));
      return parsed.get(key);
    };
    host.fileExists = (fileName) => fileName === probe || fileExists.call(host, fileName);
    host.readFile = (fileName) => (fileName === probe ? code : readFile.call(host, fileName));
    const program = ts.createProgram({ rootNames: [probe], options, host });
    return ts
      .getPreEmitDiagnostics(program)
      .map((diagnostic) => `${diagnostic.file?.fileName ?? '(options)'}: TS${diagnostic.code} ${ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ')}`);
  }

  /** For each global, a module that uses it once: the probe of that global. */
  const USES = {
    window: 'export const href = window.location.href;',
    document: 'export const title = document.title;',
    process: 'export const env = process.env;',
    Buffer: 'export const bytes = Buffer.from("x");',
    require: 'export const fs = require("node:fs");',
  } as const;

  /** A use of the global `name` in `layer` is one type error, and that error names it. */
  function expectOnlyErrorNaming(layer: Layer, name: keyof typeof USES): void {
    const diagnostics = diagnose(layer, USES[name]);
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toContain(`'${name}'`);
  }

  it('lets shared/ use the language itself', () => {
    expect(diagnose('shared', 'export const ready = Promise.withResolvers<Map<string, number>>();\nexport const bytes = new Uint8Array(4);\n')).toEqual([]);
  });

  it.each(['window', 'document', 'process', 'Buffer', 'require'] as const)('makes %s in shared/ an error', (name) => {
    expectOnlyErrorNaming('shared', name);
  });

  it('lets src-renderer/ use the DOM', () => {
    expect(diagnose('src-renderer', 'export const href: string = window.location.href;\nexport const title = document.title;\n')).toEqual([]);
  });

  it.each(['process', 'Buffer'] as const)('makes %s in src-renderer/ an error', (name) => {
    expectOnlyErrorNaming('src-renderer', name);
  });

  it('lets src-main/ use Node', () => {
    expect(diagnose('src-main', 'export const env = process.env;\nexport const bytes = Buffer.from("x");\n')).toEqual([]);
  });

  it.each(['window', 'document'] as const)('makes %s in src-main/ an error', (name) => {
    expectOnlyErrorNaming('src-main', name);
  });

  it.each(['src-node', 'src-server'] as const)('lets %s/ use Node', (layer) => {
    expect(diagnose(layer, 'export const env = process.env;\nexport const bytes = Buffer.from("x");\n')).toEqual([]);
  });

  it.each([
    ['src-node', 'window'],
    ['src-node', 'document'],
    ['src-server', 'window'],
    ['src-server', 'document'],
  ] as const)('makes %s/ using %s an error', (layer, name) => {
    expectOnlyErrorNaming(layer, name);
  });
});

describe('the type check covers every layer', () => {
  const LAYERS: readonly Layer[] = ['shared', 'src-node', 'src-main', 'src-server', 'src-renderer'];

  it.each(LAYERS)('npm run typecheck checks %s/ with its own tsconfig', (layer) => {
    const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts['typecheck']?.split('&&').map((step) => step.trim())).toContain(`tsc -p ${layer}`);
  });
});

/**
 * `npm run web -- --port N --data-dir DIR [--host ADDR]`
 *
 * Runs Samskriv for a browser: the built renderer plus HostApi over a local
 * WebSocket, with the same storage as the desktop app. Prints the URL to open,
 * which holds the secret of this start (host-secret.ts).
 *
 * `npm run web` passes `--build`, so the app is built first — but only once
 * the arguments are read: `--help` and a mistyped option answer at once
 * instead of after a build of several seconds. The tests start this file
 * directly, on the renderer they built once.
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { homedir } from 'node:os';
import { startWebHost } from './web-host.ts';

const USAGE = `Usage: npm run web -- [--port N] [--host ADDR] [--data-dir DIR]

  --port N        TCP port to listen on (default 5180; 0 picks a free one)
  --host ADDR     address to listen on (default 127.0.0.1; only this machine)
  --data-dir DIR  where plans are stored (default ~/.samskriv-web)
  --help          show this text`;

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: 'string', default: '5180' },
        host: { type: 'string', default: '127.0.0.1' },
        'data-dir': { type: 'string', default: join(homedir(), '.samskriv-web') },
        help: { type: 'boolean', default: false },
        // Not in the usage: `npm run web` passes it (package.json).
        build: { type: 'boolean', default: false },
        insecure: { type: 'boolean', default: false }, // README "Test labs without TLS"; HostService reads it (src-main/sync/transport-policy.ts)
      },
      strict: true,
    }));
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    process.exit(2);
  }
  if (values.help) {
    console.log(USAGE);
    return;
  }
  // Decimal digits only: Number() would take "" or " " as 0 (any free port),
  // "0x50" as 80 and "1e3" as 1000.
  const port = /^\d+$/.test(values.port) ? Number(values.port) : Number.NaN;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`--port must be a number from 0 to 65535, got "${values.port}"\n\n${USAGE}`);
    process.exit(2);
  }
  const here = dirname(fileURLToPath(import.meta.url));
  if (values.build) buildApp(resolve(here, '../..'));
  const rendererDir = resolve(here, '../../out/renderer');
  let host;
  try {
    host = await startWebHost({ port, host: values.host, dataDir: resolve(values['data-dir']), rendererDir });
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  }
  // Signal handlers first: whoever reads the URL may stop us right away,
  // and a SIGTERM before the handler exists would kill us uncleanly.
  const stop = (): void => {
    void host.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  // One write, so a reader that acts on the first line has the rest too.
  // The link holds this start's secret: it is the only way in, for the user's
  // browser and for nobody else on this machine (src-main/web/host-secret.ts).
  console.log(
    `Samskriv is running at ${host.url}\n` +
      `Plans are stored in ${resolve(values['data-dir'])}\n` +
      'Öppna länken ovan i webbläsaren. Den innehåller en nyckel som är ny vid varje start: dela den inte.\n' +
      'Open the link above in your browser. It holds a key that is new at every start: do not share it.',
  );
}

/** `electron-vite build`, with its output shown; a failed build stops here. */
function buildApp(repo: string): void {
  const electronVite = resolve(dirname(createRequire(import.meta.url).resolve('electron-vite/package.json')), 'bin/electron-vite.js');
  const build = spawnSync(process.execPath, [electronVite, 'build'], { cwd: repo, stdio: 'inherit' });
  if (build.status !== 0) {
    console.error(`The build failed (exit code ${String(build.status ?? build.signal)}); see its output above.`);
    process.exit(1);
  }
}

await main();

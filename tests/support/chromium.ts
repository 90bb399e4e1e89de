/**
 * Launches Debian's Chromium through playwright-core for end-to-end tests and
 * benchmarks. Playwright's own browser download cannot run here (no internet),
 * so the executable is the system one: $SAMSKRIV_CHROMIUM or /usr/bin/chromium.
 *
 * The flags keep Chromium from phoning home: without them its background
 * requests are refused by the closed network, many at a time.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-quic',
];

export function chromiumPath(): string {
  const path = process.env['SAMSKRIV_CHROMIUM'] ?? '/usr/bin/chromium';
  if (!existsSync(path)) {
    throw new Error(`Chromium not found at ${path}. Install it with "apt-get install -y chromium" or set SAMSKRIV_CHROMIUM.`);
  }
  return path;
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    // Playwright gives every launch a fresh, empty profile of its own.
    args: CHROMIUM_ARGS,
  });
}

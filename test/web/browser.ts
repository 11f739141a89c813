/**
 * Headless Chromium for the page tests: Debian's `/usr/bin/chromium` (or $CHROMIUM) driven by
 * playwright-core, with the flags this machine needs (no sandbox as root, no GPU, no QUIC, no
 * background networking: the network is closed) and a fresh profile. `chromiumMissing()` says
 * why the browser tests cannot run here, so they report skipped with that reason.
 */
import { accessSync, constants, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';

/** Where the browser is. */
export const CHROMIUM_PATH = process.env.CHROMIUM ?? '/usr/bin/chromium';

/** The flags from the machine notes (`--headless` comes with `headless: true`). */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Why Chromium cannot run here, or null when it can. */
export function chromiumMissing(): string | null {
  try {
    accessSync(CHROMIUM_PATH, constants.X_OK);
    return null;
  } catch {
    return `no Chromium at ${CHROMIUM_PATH} (apt-get install chromium; .ci/run does)`;
  }
}

/** A headless browser context with a fresh `--user-data-dir` and downloads allowed. */
export async function launchChromium(): Promise<BrowserContext> {
  const profile = mkdtempSync(join(tmpdir(), 'rebound-chromium-'));
  return chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    acceptDownloads: true,
    viewport: { width: 1280, height: 900 },
  });
}

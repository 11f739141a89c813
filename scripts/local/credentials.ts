/**
 * Local credentials for `npm start` and `rebound replay`: one entry per registered vendor, made
 * by the vendor's own `local.create` on first start under `.rebound/credentials.json`
 * (git-ignored), then reused so replayed payloads keep verifying. A vendor added later (or an
 * entry of an older shape) gets fresh credentials on the next start.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadVendor, VENDOR_IDS } from '@rebound/core';
import type { LocalCredentials } from '../../packages/cli/src/commands/replay.ts';

export type { LocalCredentials };

/**
 * Reads `<dir>/credentials.json`, creating it (mode 0600) on first use and completing it with
 * fresh credentials for any registered vendor it lacks.
 */
export async function loadOrCreateCredentials(
  dir: string,
  now = new Date(),
): Promise<{ credentials: LocalCredentials; created: boolean }> {
  const file = join(dir, 'credentials.json');
  let stored: Partial<LocalCredentials> = {};
  if (existsSync(file)) {
    try {
      stored = JSON.parse(readFileSync(file, 'utf8')) as Partial<LocalCredentials>;
    } catch {
      stored = {};
    }
  }
  const vendors: LocalCredentials['vendors'] = { ...(stored.vendors ?? {}) };
  let created = typeof stored.apiKey !== 'string';
  for (const id of VENDOR_IDS) {
    const { local } = await loadVendor(id);
    if (!local.isValid(vendors[id])) {
      vendors[id] = local.create(now);
      created = true;
    }
  }
  const credentials: LocalCredentials = {
    apiKey:
      typeof stored.apiKey === 'string' ? stored.apiKey : randomBytes(24).toString('base64url'),
    vendors,
  };
  if (created) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    writeFileSync(file, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 });
  }
  return { credentials, created };
}

/**
 * The registry's contract, for every registered vendor: coherent metadata (route, names,
 * settings), a lazily loaded adapter that matches it, and a round trip through the vendor's own
 * pieces — local credentials → replay signer → `receive` (verify + parse) — that yields exactly
 * the offline parser's events, while a request signed with other credentials is refused.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DependencyError, WebhookVerificationError } from '../../src/errors.ts';
import { isVendorId, loadVendor, VENDORS, vendorEntry } from '../../src/vendors/registry.ts';
import type { OutboundHttp, SettingSpec, VendorAdapter } from '../../src/vendors/types.ts';

const PAYLOADS = new URL('../../../../test/fixtures/payloads/', import.meta.url);
/** JSON payloads, and the raw mails (`.eml`) of the `mail` source. */
const FILES = readdirSync(PAYLOADS).filter(
  (f) => (f.endsWith('.json') || f.endsWith('.eml')) && !f.includes('testvector'),
);

/** The settings the local credentials give, parsed by the vendor's own specs. */
function settingsOf(specs: readonly SettingSpec[], env: Record<string, string>) {
  return Object.fromEntries(specs.map((s) => [s.key, s.parse(env[s.env] ?? s.default ?? '')]));
}

/** Outbound HTTP that only answers what the local stack would serve. */
function localHttp(served: Record<string, string>): OutboundHttp {
  return {
    get: async (url) => {
      if (Object.hasOwn(served, url)) return served[url] as string;
      if (url.includes('Action=ConfirmSubscription')) return '';
      throw new Error(`no network in tests: ${url}`);
    },
  };
}

describe('registry', () => {
  it('ids are unique, lower-case, and every lookup goes through a guard', () => {
    const ids = VENDORS.map((v) => v.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z][a-z0-9-]*$/);
    expect(isVendorId('__proto__')).toBe(false);
    expect(isVendorId('constructor')).toBe(false);
    expect(vendorEntry('mailgun-typo')).toBeUndefined();
  });

  it('setting env variables and names are unique across vendors', () => {
    const specs = VENDORS.flatMap((v) => v.settings);
    expect(new Set(specs.map((s) => s.env)).size).toBe(specs.length);
    expect(new Set(specs.map((s) => s.name)).size).toBe(specs.length);
  });
});

describe.each(VENDORS.map((v) => [v.id, v] as const))('%s', (id, meta) => {
  it('metadata: route, component, docs, settings, tuning', () => {
    expect(meta.route).toBe(`/webhooks/${id}`);
    expect(meta.component).toMatch(/^[A-Z][A-Za-z0-9]*$/);
    // A vendor's own documentation, or for Rebound's own sources the section of its docs.
    expect(meta.docsUrl).toMatch(/^(https:\/\/|docs\/[a-z-]+\.md#[a-z-]+$)/);
    for (const s of meta.settings) {
      expect(s.env).toMatch(/^REBOUND_[A-Z0-9_]+$/);
      expect(s.name).toMatch(/^[A-Z][A-Za-z0-9]*$/);
      // A required value has no silent default.
      if (s.required) expect(s.default).toBeUndefined();
    }
    expect(meta.tuning.memoryMb).toBeGreaterThanOrEqual(128);
    expect(meta.tuning.timeoutSeconds).toBeGreaterThan(0);
  });

  it('loads an adapter that carries the same metadata, once', async () => {
    const adapter = await loadVendor(id);
    expect(adapter).toMatchObject({ id, route: meta.route, settings: meta.settings });
    expect(await loadVendor(id)).toBe(adapter);
  });

  it('round trip: local credentials → replay signer → receive = offline parse', async () => {
    // Prepare
    const adapter: VendorAdapter = await loadVendor(id);
    const now = new Date(Math.floor(Date.now() / 1000) * 1000);
    const creds = adapter.local.create(now);
    expect(adapter.local.isValid(JSON.parse(JSON.stringify(creds)))).toBe(true);
    const settings = settingsOf(adapter.settings, adapter.local.env(creds));
    const http = localHttp(adapter.local.serves?.(creds) ?? {});
    const files = FILES.filter((f) => f.startsWith(`${id}-`));
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const bytes = readFileSync(new URL(file, PAYLOADS));
      const req = adapter.replay.request(bytes, creds, { now });
      // Act
      const got = await adapter.receive(
        { headers: req.headers, body: req.body },
        { settings, now, http },
      );
      // Assess
      const events = 'events' in got ? got.events : [];
      expect(
        events.map((e) => e.id),
        file,
      ).toEqual((await adapter.parse(bytes, now)).map((e) => e.id));
    }
  });

  it('a request signed with other credentials is never accepted', async () => {
    const adapter: VendorAdapter = await loadVendor(id);
    const now = new Date(Math.floor(Date.now() / 1000) * 1000);
    const mine = adapter.local.create(now);
    const theirs = adapter.local.create(now);
    const settings = settingsOf(adapter.settings, adapter.local.env(mine));
    const http = localHttp({ ...adapter.local.serves?.(mine) });
    const file = FILES.find((f) => f.startsWith(`${id}-`)) as string;
    const req = adapter.replay.request(readFileSync(new URL(file, PAYLOADS)), theirs, { now });
    const run = adapter.receive({ headers: req.headers, body: req.body }, { settings, now, http });
    // Refused (4xx), or — for a certificate the vendor's host does not serve — unverifiable (5xx).
    const err = await run.then(
      () => null,
      (e: unknown) => e,
    );
    expect(
      err instanceof WebhookVerificationError ||
        (err instanceof DependencyError && err.phase === 'verify'),
      String(err),
    ).toBe(true);
  });
});

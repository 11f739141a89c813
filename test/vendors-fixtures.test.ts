/**
 * The fixture loop: every payload file in test/fixtures/payloads/ (but the signature
 * descriptors) through its vendor's parser, compared with test/fixtures/expected-events.ts.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isVendorId, loadVendor } from '../packages/core/src/vendors/registry.ts';
import { DESCRIPTOR_FILES, EXPECTED_EVENTS } from './fixtures/expected-events.ts';

const DIR = new URL('./fixtures/payloads/', import.meta.url);
const FILES = readdirSync(DIR)
  .filter((f) => f.endsWith('.json') && !DESCRIPTOR_FILES.includes(f))
  .sort();

async function parseFile(file: string) {
  const row = EXPECTED_EVENTS[file];
  if (!row) throw new Error(`no expectation for ${file}`);
  if (!isVendorId(row.vendor)) throw new Error(`no adapter for ${row.vendor}`);
  const adapter = await loadVendor(row.vendor);
  return { row, events: await adapter.parse(new Uint8Array(readFileSync(new URL(file, DIR)))) };
}

describe('vendor fixtures', () => {
  it('every payload file has an expectation, and every expectation a file', () => {
    expect(Object.keys(EXPECTED_EVENTS).sort()).toEqual(FILES);
  });

  describe.each(FILES)('%s', (file) => {
    it('normalizes to the expected events (kind, recipient, code, enhanced, echo)', async () => {
      // Act
      const { row, events } = await parseFile(file);
      // Assess
      const got = events.map((e) => ({
        kind: e.kind,
        recipient: e.recipient,
        code: e.reply?.code ?? null,
        enhanced: e.reply?.enhanced ?? null,
        echo: e.echo,
      }));
      expect(got).toEqual(row.events.map(({ action: _a, ...rest }) => rest));
      for (const e of events) {
        expect(e.vendor).toBe(row.vendor);
        expect(e.id).toMatch(/^[0-9a-f]{64}$/);
        expect(Number.isNaN(Date.parse(e.occurredAt))).toBe(false);
        expect(Object.values(e.metadata).every((v) => typeof v === 'string')).toBe(true);
      }
    });

    it('gets the action docs/policy.md asks for (needs the classifier)', async () => {
      const { row, events } = await parseFile(file);
      expect(events.map((e) => e.verdict?.action ?? null)).toEqual(row.events.map((e) => e.action));
    });
  });
});

/**
 * The published schema and the run-time validator are one contract: every document of the table
 * is accepted by both or refused by both (ajv for docs/schemas/generic-event.v1.json, Zod in
 * packages/core/src/vendors/generic/schema.ts), and refusals are the ones the row names.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import {
  MAX_BATCH,
  RFC3339,
  SCHEMA_FILE,
  validateGeneric,
} from '../../packages/core/src/vendors/generic/schema.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const schema = JSON.parse(readFileSync(join(ROOT, SCHEMA_FILE), 'utf8'));
const ajv = new Ajv2020({ strict: true, allErrors: true });
const validate = ajv.compile(schema);

const ok = { recipient: 'a@example.com', kind: 'bounce', occurredAt: '2026-03-02T10:15:00Z' };
const many = (n: number) => Array.from({ length: n }, () => ok);
const longText = (n: number) => 'x'.repeat(n);

/** Valid documents: both accept. */
// biome-ignore format: one row per document
const VALID: [string, unknown][] = [
  ['the three required fields', ok],
  ['version 1 said', { ...ok, version: 1 }],
  ['an offset and nanoseconds', { ...ok, occurredAt: '2026-03-02T10:15:00.123456789+05:30' }],
  ['a leap second', { ...ok, occurredAt: '2016-12-31T23:59:60Z' }],
  ['a diagnostic reply', { ...ok, reply: { diagnostic: 'smtp; 550 5.1.1 user unknown' } }],
  ['reply parts', { ...ok, reply: { code: 550, enhanced: '5.1.1', text: 'User unknown' } }],
  ['a code alone', { ...ok, reply: { code: 421 } }],
  ['text alone, empty', { ...ok, reply: { text: '' } }],
  ['every kind: deferral', { ...ok, kind: 'deferral' }],
  ['every kind: block', { ...ok, kind: 'block' }],
  ['every kind: complaint', { ...ok, kind: 'complaint' }],
  ['every kind: unsubscribe', { ...ok, kind: 'unsubscribe' }],
  ['every kind: delivery', { ...ok, kind: 'delivery' }],
  ['ids and a hint', { ...ok, messageId: '<m@x>', eventId: 'e-1', permanence: 'transient' }],
  ['metadata of strings', { ...ok, metadata: { stream: 'marketing', campaign: '' } }],
  ['50 metadata entries', { ...ok, metadata: Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, 'v'])) }],
  ['text of 4096 characters', { ...ok, reply: { text: longText(4096) } }],
  ['4096 characters counted as code points (astral)', { ...ok, reply: { text: '😀'.repeat(4096) } }],
  ['a batch of one', [ok]],
  [`a batch of ${MAX_BATCH}`, many(MAX_BATCH)],
];

/** Invalid documents: both refuse. */
// biome-ignore format: one row per document
const INVALID: [string, unknown][] = [
  ['null', null],
  ['a string', 'hello'],
  ['an empty object', {}],
  ['no recipient', { kind: 'bounce', occurredAt: ok.occurredAt }],
  ['no kind', { recipient: ok.recipient, occurredAt: ok.occurredAt }],
  ['no time', { recipient: ok.recipient, kind: 'bounce' }],
  ['an unknown kind', { ...ok, kind: 'suppress' }],
  ['resubscribe is not a v1 kind', { ...ok, kind: 'resubscribe' }],
  ['an action field (never accepted)', { ...ok, action: 'suppress' }],
  ['a reason field (never accepted)', { ...ok, reason: 'user-unknown' }],
  ['a misspelt field', { ...ok, recipent: 'a@example.com' }],
  ['version 2', { ...ok, version: 2 }],
  ['a date without time', { ...ok, occurredAt: '2026-03-02' }],
  ['a time without zone', { ...ok, occurredAt: '2026-03-02T10:15:00' }],
  ['month 13', { ...ok, occurredAt: '2026-13-02T10:15:00Z' }],
  ['unix seconds', { ...ok, occurredAt: 1772446500 }],
  ['a recipient of 2 characters', { ...ok, recipient: 'a@' }],
  ['a recipient of 321 characters', { ...ok, recipient: `${longText(311)}@example.c` }],
  ['an empty reply', { ...ok, reply: {} }],
  ['a diagnostic with parts', { ...ok, reply: { diagnostic: '550 x', code: 550 } }],
  ['an empty diagnostic', { ...ok, reply: { diagnostic: '' } }],
  ['a code out of range', { ...ok, reply: { code: 600 } }],
  ['a fractional code', { ...ok, reply: { code: 550.5 } }],
  ['a code as a string', { ...ok, reply: { code: '550' } }],
  ['an enhanced code of class 3', { ...ok, reply: { enhanced: '3.1.1' } }],
  ['an enhanced code with 4 digits', { ...ok, reply: { enhanced: '5.1234.1' } }],
  ['text of 4097 characters', { ...ok, reply: { text: longText(4097) } }],
  ['a permanence the schema does not know', { ...ok, permanence: 'undetermined' }],
  ['a metadata number', { ...ok, metadata: { attempt: 3 } }],
  ['a metadata key of 129 characters', { ...ok, metadata: { [longText(129)]: 'v' } }],
  ['a metadata value of 1025 characters', { ...ok, metadata: { k: longText(1025) } }],
  ['51 metadata entries', { ...ok, metadata: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v'])) }],
  ['an empty eventId', { ...ok, eventId: '' }],
  ['an empty batch', []],
  [`a batch of ${MAX_BATCH + 1}`, many(MAX_BATCH + 1)],
  ['a batch with one bad event', [ok, { ...ok, kind: 'nope' }]],
  ['a nested batch', [[ok]]],
];

describe(`${SCHEMA_FILE} and the Zod validator agree`, () => {
  it('the schema is a strict draft 2020-12 schema (ajv strict mode compiled it)', () => {
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.$id).toBe('urn:rebound:schema:generic-event:v1');
  });
  it('the date-time pattern is the same text in both', () => {
    expect(schema.$defs.event.properties.occurredAt.pattern).toBe(RFC3339.source);
  });
  it.each(VALID)('valid: %s', (_name, doc) => {
    expect(validate(doc), JSON.stringify(validate.errors)).toBe(true);
    expect(validateGeneric(doc).ok).toBe(true);
  });
  it.each(INVALID)('invalid: %s', (_name, doc) => {
    expect(validate(doc)).toBe(false);
    const got = validateGeneric(doc);
    expect(got.ok).toBe(false);
    // The problems name where, never the values.
    if (!got.ok) for (const p of got.problems) expect(p).not.toContain('xxxxxxxxxx');
  });
});

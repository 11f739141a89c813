/**
 * Postmark's `Content` refinement as a fixture table: a bounce whose webhook fields are thin
 * (Details without a code) takes the reply the bounce mail in `Content` gives for the bounced
 * address, and only for it; inferred parts stay marked inferred; rich Details are never
 * overridden; a Content that is not a mail changes nothing.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from '../../../src/vendors/postmark/parse.ts';

const MAIL = new URL('../../../../../test/fixtures/mail/', import.meta.url);
const eml = (name: string) => readFileSync(new URL(name, MAIL), 'utf8');

const bounce = (fields: Record<string, unknown>) =>
  JSON.stringify({
    RecordType: 'Bounce',
    ID: 4711,
    MessageID: 'pm-1',
    BouncedAt: '2026-03-02T10:00:00Z',
    Description:
      'The server was unable to deliver your message (ex: unknown user, mailbox not found).',
    ...fields,
  });

interface Row {
  name: string;
  fields: Record<string, unknown>;
  code: number | null;
  enhanced: string | null;
  parts: { code: string | null; enhanced: string | null };
  action: string;
  textHas?: string;
}

// biome-ignore format: one row per case
const ROWS: Row[] = [
  { name: 'no Details, a DSN for the address: its reply (5.1.1)', fields: { Type: 'HardBounce', Email: 'dave@partner.example', Content: eml('postfix-dsn-user-unknown.eml') }, code: 550, enhanced: '5.1.1', parts: { code: 'parsed', enhanced: 'parsed' }, action: 'suppress', textHas: 'User unknown in virtual alias table' },
  { name: 'Details without a code: the DSN wins (mailbox full → retry, not the HardBounce 550 5.1.1)', fields: { Type: 'HardBounce', Email: 'erin@partner.example', Details: 'Unknown user', Content: eml('postfix-dsn-mailbox-full.eml') }, code: 552, enhanced: '5.2.2', parts: { code: 'parsed', enhanced: 'parsed' }, action: 'retry' },
  { name: 'a plain (Exim) bounce naming two: only the bounced address’s reply', fields: { Type: 'HardBounce', Email: 'max@strict.example', Content: eml('exim-two-recipients.eml') }, code: 550, enhanced: '5.7.1', parts: { code: 'parsed', enhanced: 'parsed' }, action: 'investigate' },
  { name: 'the mail names another recipient only: the inference stays (marked inferred)', fields: { Type: 'HardBounce', Email: 'someone-else@example.com', Content: eml('postfix-dsn-user-unknown.eml') }, code: 550, enhanced: '5.1.1', parts: { code: 'inferred', enhanced: 'inferred' }, action: 'suppress' },
  { name: 'a SoftBounce: the DSN’s 5.2.2 replaces the inferred 450 4.0.0', fields: { Type: 'SoftBounce', Email: 'erin@partner.example', Details: 'mailbox problem', Content: eml('postfix-dsn-mailbox-full.eml') }, code: 552, enhanced: '5.2.2', parts: { code: 'parsed', enhanced: 'parsed' }, action: 'retry' },
  { name: 'rich Details are never overridden by Content', fields: { Type: 'HardBounce', Email: 'erin@partner.example', Details: 'smtp;550 5.1.1 no such user', Content: eml('postfix-dsn-mailbox-full.eml') }, code: 550, enhanced: '5.1.1', parts: { code: 'parsed', enhanced: 'parsed' }, action: 'suppress', textHas: 'no such user' },
  { name: 'a Content that is not a mail changes nothing', fields: { Type: 'HardBounce', Email: 'dave@partner.example', Content: '<Full dump of bounce>' }, code: 550, enhanced: '5.1.1', parts: { code: 'inferred', enhanced: 'inferred' }, action: 'suppress' },
  { name: 'binary junk in Content changes nothing', fields: { Type: 'Transient', Email: 'dave@partner.example', Content: 'X-Junk: \u0000\u0001\u0002\n\n\u00ff\u00fe' }, code: 450, enhanced: '4.0.0', parts: { code: 'inferred', enhanced: 'inferred' }, action: 'retry' },
];

describe('Postmark Content refinement', () => {
  it.each(ROWS)('$name', async (row) => {
    const [e] = await parse(bounce(row.fields));
    expect(e?.reply?.code ?? null).toBe(row.code);
    expect(e?.reply?.enhanced ?? null).toBe(row.enhanced);
    expect(e?.reply?.parts).toMatchObject(row.parts);
    expect(e?.verdict?.action).toBe(row.action);
    if (row.textHas) expect(e?.reply?.text).toContain(row.textHas);
  });

  it('without Content the parse stays synchronous (the common path costs no promise)', () => {
    const got = parse(bounce({ Type: 'HardBounce', Email: 'a@example.com' }));
    expect(Array.isArray(got)).toBe(true);
  });

  it('a refined event keeps its identity across redeliveries', async () => {
    const body = bounce({
      Type: 'HardBounce',
      Email: 'dave@partner.example',
      Content: eml('postfix-dsn-user-unknown.eml'),
    });
    const [a] = await parse(body);
    const [b] = await parse(body);
    expect(a?.id).toBe(b?.id);
  });
});

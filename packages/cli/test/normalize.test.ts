/** `rebound normalize`: payload files in, one JSON event per line out; clear errors otherwise. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../src/commands/normalize.ts';

const PAYLOADS = new URL('../../../test/fixtures/payloads/', import.meta.url);
const path = (name: string) => new URL(name, PAYLOADS).pathname;

async function call(argv: string[], stdin = '') {
  let out = '';
  let err = '';
  const code = await run(argv, {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s) },
    readStdin: async () => Buffer.from(stdin),
  });
  const lines = out.split('\n').filter((l) => l !== '');
  return { code, err, events: lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

describe('rebound normalize', () => {
  it.each([
    ['sendgrid', 'sendgrid-batch-mixed.json', 9],
    ['postmark', 'postmark-bounce-hardbounce.json', 1],
    ['ses', 'ses-notification-bounce-permanent-nodsn.json', 2],
    ['ses', 'ses-event-bounce-permanent-general-sns.json', 1],
    ['sendgrid', 'sendgrid-signature-testvector-batch.json', 2],
  ])(
    '--vendor %s %s prints %i events and warns that signatures are not verified',
    async (vendor, file, n) => {
      const r = await call(['--vendor', vendor, path(file)]);
      expect(r.code).toBe(0);
      expect(r.events).toHaveLength(n);
      expect(r.events.every((e) => e.vendor === vendor && typeof e.id === 'string')).toBe(true);
      expect(r.err).toContain('NOT verified');
    },
  );

  it('reads standard input with "-"', async () => {
    const r = await call(
      ['--vendor', 'postmark', '-'],
      JSON.stringify({
        RecordType: 'SpamComplaint',
        Type: 'SpamComplaint',
        Email: 'A@Example.com',
      }),
    );
    expect(r.code).toBe(0);
    expect(r.events[0]).toMatchObject({ kind: 'complaint', recipient: 'a@example.com' });
  });

  it('a control message prints nothing and says so', async () => {
    const r = await call(['--vendor', 'ses', path('sns-subscriptionconfirmation-signed.json')]);
    expect([r.code, r.events.length]).toEqual([0, 0]);
    expect(r.err).toContain('no events');
  });

  it('skips the SNS signature vector file', async () => {
    const r = await call(['--vendor', 'ses', path('sns-signature-testvectors.json')]);
    expect([r.code, r.events.length]).toEqual([0, 0]);
    expect(r.err).toContain('skipped');
  });

  it.each([
    [['--vendor', 'acme-mail', 'x.json'], '--vendor must be'],
    [['x.json'], '--vendor must be'],
    [['--vendor', 'ses'], 'exactly one FILE'],
    [['--vendor', 'ses', 'a', 'b'], 'exactly one FILE'],
    [['--bogus'], 'Unknown option'],
  ])('usage error %j exits 2', async (argv, message) => {
    const r = await call(argv);
    expect(r.code).toBe(2);
    expect(r.err).toContain(message);
  });

  it('a missing file exits 2 with the path and why, no stack trace', async () => {
    const r = await call(['--vendor', 'ses', '/nonexistent/payload.json']);
    expect(r.code).toBe(2);
    expect(r.err).toBe('rebound normalize: cannot read /nonexistent/payload.json: no such file\n');
  });

  it('a file that is not JSON exits 2 and says what it starts with', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rebound-normalize-'));
    writeFileSync(join(dir, 'mail.eml'), 'From: a@b.c\nSubject: hi\n');
    const r = await call(['--vendor', 'ses', join(dir, 'mail.eml')]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('is not JSON (it starts with "From: a@b.c');
  });

  it('a payload of the wrong vendor exits 1, says what it found and which vendor reads it', async () => {
    const r = await call(['--vendor', 'sendgrid', path('postmark-bounce-hardbounce.json')]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('is a JSON object with keys');
    expect(r.err).toContain('not read as SendGrid');
    expect(r.err).toContain('it reads as a Postmark payload (--vendor postmark)');
  });

  it('an SNS envelope without TopicArn is still read as one (Type + a string Message)', async () => {
    const env = JSON.parse(
      readFileSync(path('ses-notification-bounce-permanent-general-sns.json'), 'utf8'),
    );
    delete env.TopicArn;
    const dir = mkdtempSync(join(tmpdir(), 'rebound-normalize-'));
    writeFileSync(join(dir, 'env.json'), JSON.stringify(env));
    const r = await call(['--vendor', 'ses', join(dir, 'env.json')]);
    expect(r.code).toBe(0);
    expect(r.events[0]).toMatchObject({ vendor: 'ses', kind: 'bounce' });
  });

  it('--help exits 0 with the usage', async () => {
    let out = '';
    const code = await run(['--help'], {
      stdout: { write: (s: string) => (out += s) },
      stderr: { write: () => true },
      readStdin: async () => Buffer.alloc(0),
    });
    expect(code).toBe(0);
    expect(out).toContain('usage: rebound normalize');
  });
});

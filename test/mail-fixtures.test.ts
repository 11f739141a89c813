/**
 * The bounce-mail fixture loop: every `.eml` in test/fixtures/mail/ through parseBounceMail and
 * mailEvents, compared with test/fixtures/expected-mail.ts. Pending rows assert the extraction
 * only, and are listed at the end of the run.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { mailEvents, parseBounceMail } from '@rebound/core/mail';
import { afterAll, describe, expect, it } from 'vitest';
import { PayloadError, PayloadTooLargeError } from '../packages/core/src/errors.ts';
import { EXPECTED_MAIL } from './fixtures/expected-mail.ts';

const DIR = new URL('./fixtures/mail/', import.meta.url);
const FILES = readdirSync(DIR)
  .filter((f) => f.endsWith('.eml'))
  .sort();
const NOW = new Date('2025-06-01T00:00:00Z');
const ERRORS = { PayloadError, PayloadTooLargeError };

const pending: string[] = [];
afterAll(() => {
  if (pending.length) {
    console.log(
      `mail fixtures: classifier pending on ${pending.length} rows:\n  ${pending.join('\n  ')}`,
    );
  }
});

describe('bounce mail fixtures', () => {
  it('every .eml has an expectation, and every expectation a file', () => {
    expect(Object.keys(EXPECTED_MAIL).sort()).toEqual(FILES);
    expect(FILES.length).toBeGreaterThanOrEqual(60);
  });

  describe.each(FILES)('%s', (file) => {
    it('reads as expected: report kind, family, events (recipient, code, enhanced, kind, action)', async () => {
      // Prepare
      const row = EXPECTED_MAIL[file];
      if (!row) throw new Error(`no expectation for ${file}`);
      const bytes = new Uint8Array(readFileSync(new URL(file, DIR)));
      if ('error' in row) {
        await expect(parseBounceMail(bytes)).rejects.toBeInstanceOf(ERRORS[row.error]);
        return;
      }
      // Act
      const report = await parseBounceMail(bytes);
      const events = mailEvents(report, { now: NOW });
      // Assess
      expect([report.kind, report.family]).toEqual([row.kind, row.family]);
      const got = events.map((e) => ({
        recipient: e.recipient,
        code: e.reply?.code ?? null,
        enhanced: e.reply?.enhanced ?? null,
        kind: e.kind,
      }));
      expect(got).toEqual(
        row.events.map(({ recipient, code, enhanced, kind }) => ({
          recipient,
          code,
          enhanced,
          kind,
        })),
      );
      events.forEach((e, i) => {
        const want = row.events[i]!;
        if (want.classifier === 'pending') {
          pending.push(
            `${file} ${want.recipient}: classifier says ${e.verdict?.action}, should be ${want.action} (${want.why})`,
          );
        } else {
          expect(e.verdict?.action, `${file} ${want.recipient}`).toBe(want.action);
        }
        expect(e.vendor).toBe('mail');
        expect(e.id).toMatch(/^[0-9a-f]{64}$/);
        expect(e.messageId).toBe(report.messageId);
        expect(e.hints.labels?.[0]).toMatch(new RegExp(`^mail:${report.kind}/`));
        expect(Number.isNaN(Date.parse(e.occurredAt))).toBe(false);
      });
    });
  });
});

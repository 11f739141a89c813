/**
 * Bounce-mail throughput on one core: `parseBounceMail` + `mailEvents` over the fixture corpus
 * (test/fixtures/mail/*.eml, every file, the junk and the zip-bomb mail included).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { mailEvents, parseBounceMail } from '@rebound/core/mail';
import { rateAsync } from './core.ts';

export interface MailFigures {
  parse_mail_corpus_files: number;
  parse_mail_per_s: number;
  parse_mail_events_per_s: number;
}

/** One pass over the corpus: mails read, and events found. */
async function pass(mails: readonly Uint8Array[]): Promise<{ mails: number; events: number }> {
  let events = 0;
  for (const m of mails) {
    try {
      events += mailEvents(await parseBounceMail(m)).length;
    } catch {
      // junk fixtures throw PayloadError: they cost their share of time all the same
    }
  }
  return { mails: mails.length, events };
}

/** Measures parse-mail mails/s and events/s. */
export async function benchMail(ms = 3000): Promise<MailFigures> {
  const dir = new URL('../test/fixtures/mail/', import.meta.url);
  const mails = readdirSync(dir)
    .filter((f) => f.endsWith('.eml'))
    .map((f) => new Uint8Array(readFileSync(new URL(f, dir))));
  const perPass = (await pass(mails)).events;
  const mailsPerS = await rateAsync(async () => (await pass(mails)).mails, ms);
  return {
    parse_mail_corpus_files: mails.length,
    parse_mail_per_s: Math.round(mailsPerS),
    parse_mail_events_per_s: Math.round((mailsPerS * perPass) / mails.length),
  };
}

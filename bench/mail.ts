/**
 * Bounce-mail throughput on one core: `parseBounceMail` + `mailEvents` over the fixture corpus
 * (test/fixtures/mail/*.eml, every file, the junk and the zip-bomb mail included).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { mailEvents, parseBounceMail } from '@rebound/core';

export interface MailFigures {
  parse_mail_corpus_files: number;
  parse_mail_per_s: number;
  parse_mail_events_per_s: number;
}

/** Async twin of `rate` in core.ts: operations per second over at least `ms` after a warm-up. */
async function rateAsync(fn: () => Promise<number>, ms: number): Promise<number> {
  const warm = performance.now() + ms / 5;
  while (performance.now() < warm) await fn();
  let ops = 0;
  const start = performance.now();
  let now = start;
  while (now - start < ms) {
    ops += await fn();
    now = performance.now();
  }
  return (ops / (now - start)) * 1000;
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

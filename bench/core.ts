/**
 * Core throughput on one core: normalize (verify-free parse + normalize + classify) against
 * JSON.parse of the same bodies, and classification of the dev diagnostics against a trivial baseline.
 */
import { classify, loadVendor, parseReply, VENDORS } from '@rebound/core';
import { buildCorpus, DIAGNOSTICS } from './corpus.ts';

/** Runs `fn` for at least `ms` milliseconds after a warm-up; returns operations per second. */
export function rate(fn: () => number, ms = 1500): number {
  const warm = performance.now() + ms / 5;
  while (performance.now() < warm) fn();
  let ops = 0;
  const start = performance.now();
  let now = start;
  while (now - start < ms) {
    ops += fn();
    now = performance.now();
  }
  return (ops / (now - start)) * 1000;
}

/** Async twin of `rate`: operations per second over at least `ms` after a warm-up. */
export async function rateAsync(fn: () => Promise<number>, ms = 1500): Promise<number> {
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

export interface CoreFigures {
  corpus_events: number;
  normalize_events_per_s: number;
  json_parse_events_per_s: number;
  normalize_ratio: number;
  classify_per_s: number;
  /** Every text new (a unique id appended, as real replies carry queue ids): no memo hits. */
  classify_unique_per_s: number;
  classify_baseline_per_s: number;
  classify_ratio: number;
}

/** Measures the core figures. */
export async function benchCore(): Promise<CoreFigures> {
  const corpus = buildCorpus(100_000);
  const events = corpus.reduce((n, b) => n + b.events, 0);
  const adapters = new Map(
    await Promise.all(VENDORS.map(async (v) => [v.id as string, await loadVendor(v.id)] as const)),
  );
  const parsers = corpus.map((b) => adapters.get(b.vendor)?.parse);
  // A parser answers synchronously unless it must read a mail (Postmark's `Content`), so the
  // corpus (no `Content`) is timed without a promise per body.
  const normalize = await rateAsync(async () => {
    let n = 0;
    for (let i = 0; i < corpus.length; i++) {
      const got = parsers[i]?.((corpus[i] as { body: string }).body);
      n += (got instanceof Promise ? await got : got)?.length ?? 0;
    }
    return n;
  }, 4000);
  const jsonParse = rate(() => {
    let n = 0;
    for (const b of corpus) {
      JSON.parse(b.body);
      n += b.events;
    }
    return n;
  }, 3000);
  const classifyRate = rate(() => {
    for (const d of DIAGNOSTICS) classify(parseReply(d));
    return DIAGNOSTICS.length;
  });
  let serial = 0;
  const classifyUnique = rate(() => {
    for (const d of DIAGNOSTICS) classify(parseReply(`${d} (queue id Q${serial++})`));
    return DIAGNOSTICS.length;
  });
  const baseline = rate(() => {
    let n = 0;
    for (const d of DIAGNOSTICS) n += JSON.stringify(d).length > 0 ? 1 : 0;
    return n;
  });
  return {
    corpus_events: events,
    normalize_events_per_s: Math.round(normalize),
    json_parse_events_per_s: Math.round(jsonParse),
    normalize_ratio: Number((normalize / jsonParse).toFixed(3)),
    classify_per_s: Math.round(classifyRate),
    classify_unique_per_s: Math.round(classifyUnique),
    classify_baseline_per_s: Math.round(baseline),
    classify_ratio: Number((classifyRate / baseline).toFixed(4)),
  };
}

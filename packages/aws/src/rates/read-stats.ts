/**
 * The counters read back for the page and `rebound rates`: the window's day items (one
 * BatchGetItem: the day's streams and domains, verdicts by action, reasons by provider), then
 * the rate items those name, filtered by stream and domain. No scan: the cost grows with days
 * and sending domains, never with the size of the suppression list.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  ACTIONS,
  type Action,
  RATE_THRESHOLDS,
  type RateCounts,
  type Rates,
  type RateThresholds,
  ratesOf,
} from '@rebound/core';
import { dayKey, rateKey } from './keys.ts';
import { newTally, readMany, type UnitTally } from './read-units.ts';

/** Most days one read covers. */
export const MAX_DAYS = 90;

/** What to read. */
export interface StatsQuery {
  days: number;
  /** The last day of the window (default today, UTC). */
  until: Date;
  stream?: string | null;
  domain?: string | null;
  thresholds?: RateThresholds;
}

/** One day, stream and sending domain, with its rates. */
export interface RateRow extends RateCounts, Rates {
  day: string;
  stream: string;
  domain: string;
}

/** The verdicts of a day by action (every action present, zeros included). */
export interface DayMix {
  day: string;
  actions: Record<Action, number>;
}

/** A reason at a provider over the window. */
export interface ReasonTotal {
  reason: string;
  provider: string;
  count: number;
}

/** What the page's overview and `rebound rates` show. */
export interface Stats {
  days: string[];
  rates: RateRow[];
  /** Every stream and sending domain seen in the window (for the filters). */
  streams: string[];
  domains: string[];
  mix: DayMix[];
  /** The top reasons by provider over the window, most first (at most 30). */
  reasons: ReasonTotal[];
  thresholds: RateThresholds;
  cost: UnitTally;
}

/** The window's days, oldest first. */
export function windowDays(days: number, until: Date): string[] {
  const n = Math.max(1, Math.min(MAX_DAYS, Math.floor(days)));
  const end = Date.UTC(until.getUTCFullYear(), until.getUTCMonth(), until.getUTCDate());
  return Array.from({ length: n }, (_, i) =>
    new Date(end - (n - 1 - i) * 86_400_000).toISOString().slice(0, 10),
  );
}

const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

/** Reads the window's counters. */
export async function readStats(
  doc: DynamoDBDocumentClient,
  table: string,
  q: StatsQuery,
): Promise<Stats> {
  const cost = newTally();
  const thresholds = q.thresholds ?? RATE_THRESHOLDS;
  const days = windowDays(q.days, q.until);
  const dayItems = await readMany(doc, table, 'pk', days.map(dayKey), cost);
  const streams = new Set<string>();
  const domains = new Set<string>();
  const wanted: string[] = [];
  const mix: DayMix[] = [];
  const reasons = new Map<string, ReasonTotal>();
  for (const day of days) {
    const item = dayItems.get(dayKey(day));
    const actions = Object.fromEntries(ACTIONS.map((a) => [a, 0])) as Record<Action, number>;
    for (const [attr, value] of Object.entries(item ?? {})) {
      if (attr.startsWith('a:') && (ACTIONS as readonly string[]).includes(attr.slice(2))) {
        actions[attr.slice(2) as Action] = num(value);
      } else if (attr.startsWith('r:')) {
        const [reason = '', provider = ''] = attr.slice(2).split(':');
        const key = `${reason}:${provider}`;
        const row = reasons.get(key) ?? { reason, provider, count: 0 };
        row.count += num(value);
        reasons.set(key, row);
      }
    }
    mix.push({ day, actions });
    const cells = item?.cells instanceof Set ? [...(item.cells as Set<string>)] : [];
    for (const cell of cells) {
      const hash = cell.indexOf('#');
      const stream = cell.slice(0, hash);
      const domain = cell.slice(hash + 1);
      streams.add(stream);
      domains.add(domain);
      if (q.stream && q.stream !== stream) continue;
      if (q.domain && q.domain !== domain) continue;
      wanted.push(rateKey(day, stream, domain));
    }
  }
  const rateItems = await readMany(doc, table, 'pk', wanted, cost);
  const rates: RateRow[] = [];
  for (const key of wanted) {
    const item = rateItems.get(key);
    if (!item) continue;
    const counts: RateCounts = {
      delivered: num(item.delivered),
      hard: num(item.hard),
      soft: num(item.soft),
      complaints: num(item.complaints),
    };
    rates.push({
      day: String(item.day),
      stream: String(item.stream),
      domain: String(item.domain),
      ...counts,
      ...ratesOf(counts, thresholds),
    });
  }
  return {
    days,
    rates,
    streams: [...streams].sort(),
    domains: [...domains].sort(),
    mix,
    reasons: [...reasons.values()].sort((a, b) => b.count - a.count).slice(0, 30),
    thresholds,
    cost,
  };
}

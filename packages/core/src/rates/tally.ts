/**
 * What one webhook batch adds to the rate counters: per day (the event's UTC date), stream and
 * sending domain the delivered mail, hard and soft bounces and complaints; per day the verdict
 * mix (by action) and the reasons by recipient provider; and the batch's newest bounces for the
 * "recent" list. Each event id counts once per batch. Pure: the runtime stores the tally
 * exactly once per batch (`@rebound/aws` rates/count-batch.ts).
 */
import { mappedStream, redactAddress, type StreamConfig } from '../process/streams.ts';
import type { Action, EventKind, NormalizedEvent, Reason } from '../types.ts';
import { providerOf, recipientDomainOf } from './providers.ts';
import { sendingDomainOf } from './sending-domain.ts';
import { addCounts, type RateCounts } from './thresholds.ts';

/** One (day,) stream and sending domain's counts. */
export interface RateCell extends RateCounts {
  stream: string;
  domain: string;
}

/** One reason at one recipient provider, counted. */
export interface ReasonCount {
  reason: Reason;
  provider: string;
  count: number;
}

/** What a batch adds to one day. */
export interface DayTally {
  /** `YYYY-MM-DD` (UTC). */
  day: string;
  /** Cells with at least one count. */
  cells: RateCell[];
  /** Verdicts by action (bounces, blocks, complaints, unsubscribes…; not deferrals). */
  actions: Partial<Record<Action, number>>;
  reasons: ReasonCount[];
}

/** One bounce as the "recent" list shows it: what decided it, and from where. */
export interface RecentEntry {
  at: string;
  vendor: string;
  kind: EventKind;
  /** The recipient (masked, `j***@example.com`, in hash-only mode). */
  to: string;
  /** True when `to` is masked. */
  masked?: true;
  provider: string;
  action: Action;
  reason: Reason;
  rule: string;
  /** The rule's source: an RFC section, a provider's documentation, or `vendor`. */
  source: string;
  /** The reply, `550 5.1.1 text` (at most 200 characters; no address in hash-only mode), or ''. */
  reply: string;
  stream: string;
  /** The sending domain. */
  from: string;
  echo?: true;
}

/** A batch's whole tally. */
export interface BatchTally {
  /** The batch's distinct event ids, sorted (the batch marker digests them). */
  ids: string[];
  days: DayTally[];
  /** The batch's newest bounces, newest first (at most `recentLimit`). */
  recent: RecentEntry[];
  /** Every cell of every day summed per stream and domain (the metrics publish these). */
  cells: RateCell[];
}

/** How to tally. */
export interface TallyOptions {
  streams: StreamConfig;
  /** Hash-only mode: recent entries carry a masked recipient. */
  hashOnly?: boolean;
  /** The day of events whose own time is unreadable. */
  now: Date;
  /** Most recent entries kept per batch (default 10). */
  recentLimit?: number;
}

/** Most recent entries a batch keeps by default: keeps the batch marker item small (~3 KB). */
export const RECENT_PER_BATCH = 10;

/** Kinds that are mail reaching a verdict of ours (a deferral is the ESP still retrying). */
const VERDICT_KINDS: ReadonlySet<EventKind> = new Set([
  'bounce',
  'block',
  'complaint',
  'unsubscribe',
  'dropped',
  'reject',
]);

/** Kinds counted as bounces of sent mail (hard when suppressed, soft when retried). */
const BOUNCE_KINDS: ReadonlySet<EventKind> = new Set(['bounce', 'block']);

/** `YYYY-MM-DD` of an ISO time, or of `now` when unreadable. */
export function dayOf(iso: string, now: Date): string {
  const t = Date.parse(iso);
  return new Date(Number.isFinite(t) ? t : now.getTime()).toISOString().slice(0, 10);
}

/** `j***@example.com`. */
export function maskAddress(address: string): string {
  const at = address.lastIndexOf('@');
  return at < 1 ? '***' : `${address[0]}***@${address.slice(at + 1)}`;
}

/** The action and reason an event stands for, or null when it is no verdict of ours. */
export function verdictOf(e: NormalizedEvent): { action: Action; reason: Reason } | null {
  if (!e.recipient || !VERDICT_KINDS.has(e.kind)) return null;
  if (e.verdict) return { action: e.verdict.action, reason: e.verdict.reason };
  if (e.kind === 'complaint') return { action: 'suppress', reason: 'complaint' };
  if (e.kind === 'unsubscribe') return { action: 'suppress', reason: 'unsubscribed' };
  return null;
}

function replyText(e: NormalizedEvent): string {
  const r = e.reply;
  if (!r) return '';
  const text = [r.code, r.enhanced, r.text].filter((x) => x !== null && x !== '').join(' ');
  return text.length > 200 ? `${text.slice(0, 199)}…` : text;
}

const zero = (): RateCounts => ({ delivered: 0, hard: 0, soft: 0, complaints: 0 });

/**
 * Tallies a batch.
 * @example tallyBatch([delivery, hardBounce], { streams: DEFAULT_STREAMS, now }).days[0].cells
 *   // [{ stream: 'global', domain: 'unknown', delivered: 1, hard: 1, soft: 0, complaints: 0 }]
 */
export function tallyBatch(events: readonly NormalizedEvent[], opts: TallyOptions): BatchTally {
  const seen = new Set<string>();
  const days = new Map<
    string,
    { cells: Map<string, RateCell>; actions: Map<Action, number>; reasons: Map<string, number> }
  >();
  const totals = new Map<string, RateCell>();
  const recent: RecentEntry[] = [];
  const dayFor = (day: string) => {
    let d = days.get(day);
    if (!d) {
      d = { cells: new Map(), actions: new Map(), reasons: new Map() };
      days.set(day, d);
    }
    return d;
  };
  for (const e of events) {
    if (seen.has(e.id)) continue;
    seen.add(e.id);
    const verdict = verdictOf(e);
    const counts = zero();
    if (e.kind === 'delivery') counts.delivered = 1;
    else if (e.kind === 'complaint' && !e.echo) counts.complaints = 1;
    else if (BOUNCE_KINDS.has(e.kind) && !e.echo && verdict?.action === 'suppress') counts.hard = 1;
    else if (BOUNCE_KINDS.has(e.kind) && !e.echo && verdict?.action === 'retry') counts.soft = 1;
    const counted = counts.delivered + counts.hard + counts.soft + counts.complaints > 0;
    if (!counted && !verdict) continue;
    const day = dayFor(dayOf(e.occurredAt, opts.now));
    const stream = mappedStream(e.metadata, opts.streams) ?? 'global';
    const domain = sendingDomainOf(e.metadata);
    if (counted) {
      const key = `${stream}\u0000${domain}`;
      for (const cells of [day.cells, totals]) {
        const cell = cells.get(key) ?? { stream, domain, ...zero() };
        addCounts(cell, counts);
        cells.set(key, cell);
      }
    }
    if (!verdict) continue;
    const toDomain = recipientDomainOf(e.recipient);
    const provider = providerOf(toDomain);
    day.actions.set(verdict.action, (day.actions.get(verdict.action) ?? 0) + 1);
    const rk = `${verdict.reason}\u0000${provider}`;
    day.reasons.set(rk, (day.reasons.get(rk) ?? 0) + 1);
    const address = e.recipient as string;
    recent.push({
      at: e.occurredAt,
      vendor: e.vendor,
      kind: e.kind,
      to: opts.hashOnly ? maskAddress(address) : address,
      ...(opts.hashOnly ? { masked: true as const } : {}),
      provider,
      action: verdict.action,
      reason: verdict.reason,
      rule: e.verdict?.rule ?? `${e.vendor}:${e.kind}`,
      source: e.verdict?.source ?? 'vendor',
      reply: opts.hashOnly ? redactAddress(replyText(e), address) : replyText(e),
      stream,
      from: domain,
      ...(e.echo ? { echo: true as const } : {}),
    });
  }
  const limit = opts.recentLimit ?? RECENT_PER_BATCH;
  recent.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : a.to.localeCompare(b.to)));
  const byCell = (a: RateCell, b: RateCell) =>
    a.stream.localeCompare(b.stream) || a.domain.localeCompare(b.domain);
  return {
    ids: [...seen].sort(),
    days: [...days.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([day, d]) => ({
        day,
        cells: [...d.cells.values()].sort(byCell),
        actions: Object.fromEntries(d.actions),
        reasons: [...d.reasons.entries()].map(([k, count]) => {
          const [reason, provider] = k.split('\u0000') as [Reason, string];
          return { reason, provider, count };
        }),
      }))
      .filter((d) => d.cells.length || Object.keys(d.actions).length),
    recent: recent.slice(0, limit),
    cells: [...totals.values()].sort(byCell),
  };
}

/** Whether a tally has anything to store. */
export function isEmptyTally(t: BatchTally): boolean {
  return t.days.length === 0;
}

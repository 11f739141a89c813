/**
 * The State table items behind the rates and the page: per-day counters, the day's index of
 * streams and sending domains, batch markers (exactly-once counting, and the recent bounces),
 * and the `recent` index that lists those markers by day.
 */

/** `rate#<day>#<stream>#<domain>`: delivered, hard, soft, complaints (ADD counters). */
export function rateKey(day: string, stream: string, domain: string): string {
  return `rate#${day}#${stream}#${domain}`;
}

/** `day#<day>`: the day's cells (`<stream>#<domain>` set), verdicts by action, reasons by provider. */
export function dayKey(day: string): string {
  return `day#${day}`;
}

/** `batch#<digest>` (and `#<n>` for the rare batch needing more than one transaction). */
export function batchKey(digest: string, chunk = 0): string {
  return chunk ? `batch#${digest}#${chunk}` : `batch#${digest}`;
}

/** The State table's global secondary index listing batch markers with bounces by day. */
export const RECENT_INDEX = 'recent';

/** The index's partition key (`YYYY-MM-DD` the batch was counted) and sort key (ISO time + digest). */
export const RECENT_INDEX_KEYS = { hash: 'recentDay', range: 'recentAt' } as const;

/** How long a batch marker lives: longer than any vendor redelivers (SendGrid: 24 h). */
export const BATCH_MARKER_TTL_S = 2 * 24 * 3600;

/** How long the counters live: a year and a month, so last year's same month can be compared. */
export const COUNTER_TTL_DAYS = 400;

/** Attribute name of an action count on a day item. */
export const actionAttr = (action: string) => `a:${action}`;

/** Attribute name of a reason-at-provider count on a day item. */
export const reasonAttr = (reason: string, provider: string) => `r:${reason}:${provider}`;

/** The counter fields of a rate item. */
export const RATE_FIELDS = ['delivered', 'hard', 'soft', 'complaints'] as const;

/** Epoch seconds at which a day's counters expire. */
export function counterExpiry(day: string): number {
  return Math.floor(Date.parse(`${day}T00:00:00Z`) / 1000) + COUNTER_TTL_DAYS * 86_400;
}

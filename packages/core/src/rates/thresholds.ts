/**
 * Bounce and complaint rates and the thresholds the mailbox providers hold senders to: Gmail and
 * Yahoo want complaints under 0.3 % (0.1 % recommended), Amazon SES reviews accounts near 5 %
 * bounces or 0.1 % complaints. Imports nothing, so the page's bundle uses the same code. Pure.
 */

/** The counts behind one day's rates. */
export interface RateCounts {
  delivered: number;
  /** Permanent bounces: `suppress` verdicts on bounces (echoes excluded). */
  hard: number;
  /** Temporary bounces Rebound retries (deferrals, which the ESP retries itself, excluded). */
  soft: number;
  complaints: number;
}

/** Thresholds in percent, and the least volume a rate is judged on. */
export interface RateThresholds {
  complaintWarn: number;
  complaintCritical: number;
  bounceWarn: number;
  bounceCritical: number;
  /** Below this many messages (delivered + hard bounces) a rate is not flagged: 1 in 3 is noise. */
  minVolume: number;
}

/** The defaults (docs/operations.md says why each). */
export const RATE_THRESHOLDS: RateThresholds = {
  complaintWarn: 0.1,
  complaintCritical: 0.3,
  bounceWarn: 2,
  bounceCritical: 5,
  minVolume: 1000,
};

/** A flag on a row: which rate, and how bad. */
export type RateFlag = 'bounce-warn' | 'bounce-critical' | 'complaint-warn' | 'complaint-critical';

/** Rates of a row, in percent (null when nothing was sent), and its flags. */
export interface Rates {
  /** Delivered + hard bounces: the messages that reached a final answer. */
  volume: number;
  /** Hard bounces / (delivered + hard bounces). */
  bouncePct: number | null;
  /** Complaints / delivered. */
  complaintPct: number | null;
  flags: RateFlag[];
}

/**
 * The rates of some counts and their flags against the thresholds.
 * @example ratesOf({ delivered: 9800, hard: 200, soft: 0, complaints: 12 }).flags // ['bounce-warn', 'complaint-warn']
 */
export function ratesOf(c: RateCounts, t: RateThresholds = RATE_THRESHOLDS): Rates {
  const volume = c.delivered + c.hard;
  const bouncePct = volume > 0 ? (100 * c.hard) / volume : null;
  const complaintPct = c.delivered > 0 ? (100 * c.complaints) / c.delivered : null;
  const flags: RateFlag[] = [];
  if (volume >= t.minVolume) {
    if (bouncePct !== null && bouncePct >= t.bounceCritical) flags.push('bounce-critical');
    else if (bouncePct !== null && bouncePct >= t.bounceWarn) flags.push('bounce-warn');
    if (complaintPct !== null && complaintPct >= t.complaintCritical)
      flags.push('complaint-critical');
    else if (complaintPct !== null && complaintPct >= t.complaintWarn) flags.push('complaint-warn');
  }
  return { volume, bouncePct, complaintPct, flags };
}

/** Adds counts into `into` (returns it). */
export function addCounts(into: RateCounts, c: RateCounts): RateCounts {
  into.delivered += c.delivered;
  into.hard += c.hard;
  into.soft += c.soft;
  into.complaints += c.complaints;
  return into;
}

/** A percentage for people: `0.123 %`, `12.3 %`, `–` when there is none. */
export function formatPct(pct: number | null): string {
  if (pct === null) return '–';
  return `${pct < 1 ? pct.toFixed(3) : pct.toFixed(1)} %`;
}

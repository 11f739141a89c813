/**
 * Vendor timestamps to ISO 8601: Unix seconds or milliseconds (SendGrid), ISO strings with
 * 0–7 fractional digits and any offset (Postmark, SES), parsed defensively.
 */

/** Values above this are milliseconds, not seconds (year 33658 in seconds). */
const MS_THRESHOLD = 1e12;

/**
 * Converts a vendor timestamp to an ISO 8601 UTC string, or null when it is absent or invalid.
 *
 * @example toIsoTimestamp(1513299569) // '2017-12-15T00:59:29.000Z'
 * @example toIsoTimestamp('2016-04-27T16:28:50.3963933-04:00') // '2016-04-27T20:28:50.396Z'
 */
export function toIsoTimestamp(value: unknown): string | null {
  if (typeof value === 'number') return fromEpoch(value);
  if (typeof value !== 'string') return null;
  const s = value.trim();
  if (/^\d{1,16}(\.\d+)?$/.test(s)) return fromEpoch(Number(s));
  if (s.length > 64) return null;
  // `2018-10-08T14:05:45 +0000` (an AWS example): Date rejects the space and the colon-less offset.
  const fixed = s
    .replace(/\s+([+-]\d{2}):?(\d{2})$/, '$1:$2')
    .replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
  const ms = Date.parse(fixed);
  return Number.isFinite(ms) ? safeIso(ms) : null;
}

function fromEpoch(n: number): string | null {
  if (!Number.isFinite(n) || n < 0) return null;
  return safeIso(n > MS_THRESHOLD ? n : n * 1000);
}

function safeIso(ms: number): string | null {
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

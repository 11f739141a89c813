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
  // Both fixes need a final digit (`…Z` needs neither; end-anchored patterns try every position).
  const fixed = /\d/.test(s.charAt(s.length - 1))
    ? s.replace(/\s+([+-]\d{2}):?(\d{2})$/, '$1:$2').replace(/([+-]\d{2})(\d{2})$/, '$1:$2')
    : s;
  const ms = Date.parse(fixed);
  return Number.isFinite(ms) ? safeIso(ms) : null;
}

function fromEpoch(n: number): string | null {
  if (!Number.isFinite(n) || n < 0) return null;
  return safeIso(n > MS_THRESHOLD ? n : n * 1000);
}

/** `new Date(ms).toISOString()`, or null when `ms` is not a valid time. */
export function safeIso(ms: number): string | null {
  if (ms >= 0 && ms <= LAST_FOUR_DIGIT_YEAR_MS) return isoFromMs(Math.trunc(ms));
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

const DAY_MS = 86_400_000;
/** 9999-12-31T23:59:59.999Z: later years print as `+YYYYYY`, so Date formats those. */
const LAST_FOUR_DIGIT_YEAR_MS = 253_402_300_799_999;

const pad2 = (n: number): string => (n < 10 ? `0${n}` : `${n}`);
const pad3 = (n: number): string => (n < 10 ? `00${n}` : n < 100 ? `0${n}` : `${n}`);

/**
 * `new Date(ms).toISOString()` for a whole `ms` from 1970 to year 9999, without a Date object
 * (this runs once per event). Days become a civil date by H. Hinnant's `civil_from_days`
 * (https://howardhinnant.github.io/date_algorithms.html): 400-year eras starting on 0000-03-01.
 */
function isoFromMs(ms: number): string {
  const days = Math.floor(ms / DAY_MS);
  const msOfDay = ms - days * DAY_MS;
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra -
      Math.floor(dayOfEra / 1460) +
      Math.floor(dayOfEra / 36_524) -
      Math.floor(dayOfEra / 146_096)) /
      365,
  );
  const dayOfYear =
    dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const m = Math.floor((5 * dayOfYear + 2) / 153); // months from March
  const day = dayOfYear - Math.floor((153 * m + 2) / 5) + 1;
  const month = m < 10 ? m + 3 : m - 9;
  const year = era * 400 + yearOfEra + (month <= 2 ? 1 : 0);
  const hours = Math.floor(msOfDay / 3_600_000);
  const minutes = Math.floor(msOfDay / 60_000) % 60;
  const seconds = Math.floor(msOfDay / 1000) % 60;
  return `${year}-${pad2(month)}-${pad2(day)}T${pad2(hours)}:${pad2(minutes)}:${pad2(seconds)}.${pad3(msOfDay % 1000)}Z`;
}

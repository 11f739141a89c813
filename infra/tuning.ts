/**
 * Every sizing number of the deployment that is not a vendor's, each with its reason (memory,
 * timeouts, concurrency, visibility, alarms); vendors' sizes live in their meta files.
 */
import type { FunctionTuning } from '../packages/core/src/vendors/types.ts';

/** The retry worker's timeout in seconds; the RetryQueue visibility timeout derives from it. */
export const WORKER_TIMEOUT_SECONDS = 30;

/** A function's size; `reserved` only on the public Function URL functions. */
export interface FunctionSize {
  memory: `${number} MB`;
  timeout: `${number} seconds`;
  /** Reserved concurrency: the most copies that may run at once (see RESERVED_CONCURRENCY). */
  reserved?: number;
}

/**
 * Why the public Function URL functions (the webhooks and the API) reserve concurrency: a
 * Function URL with `authorization: none` answers anyone, and without a cap a flood of
 * requests (forged, or a vendor's redelivery storm) would scale that one function up to the
 * account's whole concurrency (1,000 by default) and starve every other function in it, the
 * retry worker and the direct SES subscriber included. With a reservation the flood gets HTTP
 * 429 beyond the cap and the rest of the account keeps running. 429 is safe for the senders:
 * SendGrid retries any non-2xx for 24 h, Postmark retries 429 (about 70 min), and a caller of
 * the API retries its own requests. Each vendor's number and its reason live in its meta file
 * (`packages/core/src/vendors/<id>/meta.ts`); the defaults reserve 50 + 20 + 20 + 20 = 110 of
 * the default 1,000 (AWS keeps 100 unreserved); the opt-in generic (20) and raw mail (10)
 * endpoints add theirs when deployed. Accounts with a lower concurrency quota (new
 * accounts may start at 10) cannot reserve that much: deploy them with
 * `REBOUND_RESERVED_CONCURRENCY=none` (or a small number, which then applies to every public
 * function).
 */
export const RESERVED_CONCURRENCY = {
  // One GetItem/BatchGetItem per request (~20 ms): 20 copies take ~1,000 requests/s; a
  // sending service that checks every recipient should read the table directly (SenderPolicy).
  api: 20,
} as const;

/** A vendor function's tuning (numbers) as the deploy's sizes. */
export function sizeOf(t: FunctionTuning): FunctionSize {
  return {
    memory: `${t.memoryMb} MB`,
    timeout: `${t.timeoutSeconds} seconds`,
    ...(t.reservedConcurrency === undefined ? {} : { reserved: t.reservedConcurrency }),
  };
}

/**
 * Memory, timeout (and for public URLs, reserved concurrency) of the functions that are not a
 * vendor's, with reasons. Vendors' sizes come from the registry (infra/vendors.ts).
 */
export const FUNCTION_SIZES = {
  // The retry worker handles batches of 10 messages: a few reads/writes and sends each.
  worker: { memory: '256 MB', timeout: `${WORKER_TIMEOUT_SECONDS} seconds` },
  // The suppression API does at most one batch read per request (POST /suppressions/check).
  api: { memory: '256 MB', timeout: '10 seconds', reserved: RESERVED_CONCURRENCY.api },
  // The reclassify job, invoked by hand: pages of 200 records until a minute is left, then it
  // returns its cursor to continue from. Lambda's maximum gives it the most pages per call.
  reclassify: { memory: '512 MB', timeout: '900 seconds' },
} as const satisfies Record<string, FunctionSize>;

/**
 * Queue tuning. AWS recommends a visibility timeout of at least 6x the consumer's timeout
 * (so a throttled, retried batch does not reappear while still being processed).
 */
export const QUEUE_TUNING = {
  // 6 x the worker timeout (180 s).
  retryVisibility: `${6 * WORKER_TIMEOUT_SECONDS} seconds`,
  // Consumed by the user's sending service, not by us: 5 minutes gives it time to send a
  // message before it reappears, and stays >= 6x the worker timeout like the RetryQueue.
  retryDueVisibility: '300 seconds',
  // Receives before a message goes to its dead-letter queue.
  maxReceives: 5,
  // Dead-letter queues keep messages for SQS's maximum, 14 days, to leave time to redrive.
  dlqRetentionSeconds: 14 * 24 * 3600,
  // Worker batch: SQS's maximum for a batch with no batching window (no added latency).
  batchSize: 10,
} as const;

/** Alarm thresholds, summed per 5-minute period on the `Rebound` metrics. */
export const ALARM_TUNING = {
  periodSeconds: 300,
  // Signature/credential failures: a few are background noise (scanners, stale keys during a
  // rotation); more than 10 in 5 minutes means a real vendor is being rejected.
  verificationFailures: 10,
  // Policy blocks: one provider blocklisting our IPs/domain produces a burst; 20 in 5 minutes
  // on 2 of 3 periods flags an incident without paging on a single bad batch.
  policyBlocks: 20,
  // Retries given up: a soft bounce that outlived its whole retry window (48 h) without the
  // evidence that would suppress the address. Each is a message that never arrived, for a
  // cause no rule explained: one in an hour is worth a look, a few dozen is an incident
  // (a receiver that keeps deferring us). Summed over an hour, alarms above 10.
  retriesGivenUpPeriodSeconds: 3600,
  retriesGivenUp: 10,
} as const;

/**
 * The bounce and complaint rate alarms (metric math over the `Delivered`, `HardBounces` and
 * `Complaints` counts the webhooks publish once per batch; infra/alarms.ts), in percent. The
 * page and `rebound rates` judge each day against the same rates (`RATE_THRESHOLDS` in
 * @rebound/core rates/thresholds.ts).
 */
export const RATE_ALARM_TUNING = {
  // One hour: enough mail for a rate to mean something at a few hundred messages an hour, and
  // soon enough to stop a bad campaign the same day (Gmail and SES judge over days: a bad hour
  // is the early warning, not the verdict).
  periodSeconds: 3600,
  // Gmail's sender guidelines (and Yahoo's, since 2024): keep complaints under 0.1 %, never
  // reach 0.3 % (above it, mail is rejected or goes to spam and mitigation is refused).
  complaintWarnPct: 0.1,
  complaintCriticalPct: 0.3,
  // Amazon SES reviews an account near 5 % bounces (and 0.1 % complaints, the warning above);
  // 2 % is well above a clean list's hard-bounce rate (under 1 %): a list problem, not noise.
  bounceWarnPct: 2,
  bounceCriticalPct: 5,
  // The least mail (delivered + hard bounces in the hour) a rate is judged on: 1 complaint in
  // 3 mails is 33 % and means nothing. Smaller senders read the daily rates (page, CLI).
  minVolume: 500,
} as const;

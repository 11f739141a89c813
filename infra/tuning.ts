/**
 * Every sizing number of the deployment in one table, each with its reason, so the wiring test
 * and the config read the same values (memory, timeouts, visibility, alarm thresholds).
 */

/** The retry worker's timeout in seconds; the RetryQueue visibility timeout derives from it. */
export const WORKER_TIMEOUT_SECONDS = 30;

/** Memory and timeout per function, chosen for what each one does. */
export const FUNCTION_SIZES = {
  // A SendGrid POST carries up to 768 KB of events (dozens to thousands): JSON parse, one ECDSA
  // verify, then batched DynamoDB writes. More memory = more CPU; 30 s leaves room for a full
  // batch of writes with SDK retries, while SendGrid itself retries anything slower.
  sendgrid: { memory: '512 MB', timeout: '30 seconds' },
  // Postmark posts one event per request: tiny, so the smallest sensible size.
  postmark: { memory: '256 MB', timeout: '10 seconds' },
  // SNS over HTTPS gives an endpoint 15 s to answer; running longer is wasted (SNS retries).
  ses: { memory: '256 MB', timeout: '15 seconds' },
  // Direct SNS -> Lambda is an async invoke (Lambda retries), one notification per record.
  sesSns: { memory: '256 MB', timeout: '30 seconds' },
  // The retry worker handles batches of 10 messages: a few reads/writes and sends each.
  worker: { memory: '256 MB', timeout: `${WORKER_TIMEOUT_SECONDS} seconds` },
  // The suppression API does at most one batch read per request (POST /suppressions/check).
  api: { memory: '256 MB', timeout: '10 seconds' },
} as const;

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
} as const;

/** @rebound/aws: DynamoDB/SQS implementations of core's ports, the handlers, and the suppression client. */
export { type AwsClients, type ClientOptions, createClients } from './clients.ts';
export { createEventProcessor, type EventProcessorDeps } from './event-processor.ts';
export type { HttpEvent, HttpResult } from './handlers/http.ts';
export type { WebhookDeps } from './handlers/pipeline.ts';
export {
  createPostmarkWebhookHandler,
  type PostmarkWebhookDeps,
} from './handlers/postmark-webhook.ts';
export {
  createReclassifyHandler,
  type ReclassifyHandlerDeps,
  type ReclassifyJob,
} from './handlers/reclassify.ts';
export { createRetryWorkerHandler, type RetryWorkerHandlerDeps } from './handlers/retry-worker.ts';
export {
  createSendgridWebhookHandler,
  type SendgridWebhookDeps,
} from './handlers/sendgrid-webhook.ts';
export { createSesSnsHandler } from './handlers/ses-sns.ts';
export { createSesWebhookHandler, fetchGet, type SesWebhookDeps } from './handlers/ses-webhook.ts';
export {
  type ApiKey,
  bearerMatches,
  bearerName,
  createSuppressionApiHandler,
  MAX_CHECK,
  parseApiKeys,
  type SuppressionApiDeps,
} from './handlers/suppression-api.ts';
export { markerKey, softKey, type TableNames } from './items.ts';
export {
  addEventBreakdown,
  createLogger,
  createMetrics,
  type EventBreakdownRow,
  eventBreakdown,
  type MetricName,
  maskEmail,
  metricsOf,
} from './observability.ts';
export { batchDigest, type CountResult, countBatch } from './rates/count-batch.ts';
export { type ExportPage, exportPage } from './rates/export-page.ts';
export {
  BATCH_MARKER_TTL_S,
  batchKey,
  COUNTER_TTL_DAYS,
  dayKey,
  RECENT_INDEX,
  RECENT_INDEX_KEYS,
  rateKey,
} from './rates/keys.ts';
export { addRateMetrics, RATE_METRICS, rateMetricsOf } from './rates/rate-metrics.ts';
export { readRecent } from './rates/read-recent.ts';
export {
  type DayMix,
  MAX_DAYS,
  type RateRow,
  type ReasonTotal,
  readStats,
  type Stats,
  type StatsQuery,
  windowDays,
} from './rates/read-stats.ts';
export { recordRates } from './rates/record-rates.ts';
export {
  decodeCursor,
  type ReclassifyDeps,
  type ReclassifyOptions,
  type ReclassifySummary,
  runReclassify,
} from './reclassify.ts';
export { ensureQueue, ensureTables } from './resources.ts';
export { createRetryScheduler } from './retry-scheduler.ts';
export {
  type QueueRecord,
  type RetryWorkerDeps,
  runRetryWorker,
  type WorkerReport,
} from './retry-worker.ts';
export { RETRY_DUE_SCHEMA, RETRY_SCHEMA } from './schemas.ts';
export {
  createIfAbsent,
  type Forgotten,
  forgetAddress,
  scanRecords,
} from './suppression-admin.ts';
export {
  checkSuppressions,
  createSuppressionStore,
  isSuppressed,
  normalizeEmail,
  type SuppressionRecord,
} from './suppression-store.ts';
export {
  loadPageAssets,
  PAGE_CSP,
  type PageAssets,
  pageResult,
} from './ui/page.ts';

/** @rebound/aws: DynamoDB/SQS implementations of core's ports, the handlers, and the suppression client. */
export { type AwsClients, type ClientOptions, createClients } from './clients.ts';
export type { ConfigSpec } from './config/config-spec.ts';
export {
  ERASURE_KEY,
  HASH_ONLY,
  KEY_SPECS,
  keysOf,
  RETRY_POLICY,
  STREAM_SPECS,
  streamsOf,
} from './config/process-specs.ts';
export {
  type ConfigSource,
  configSchema,
  describeSpec,
  readConfig,
} from './config/read-config.ts';
export {
  API_KEY,
  type ApiKey,
  COMMON_SPECS,
  parseApiKeys,
  RETRY_DUE_QUEUE,
  RETRY_QUEUE,
  STATE_TABLE,
  SUPPRESSIONS_TABLE,
} from './config/specs.ts';
export { markerKey, softKey, type TableNames } from './ddb/items.ts';
export { createDirectHandler, type DirectHandlerDeps } from './handlers/direct.ts';
export type { HttpEvent, HttpResult } from './handlers/http.ts';
export { fetchHttp } from './handlers/outbound-http.ts';
export type { WebhookDeps } from './handlers/pipeline.ts';
export {
  createReclassifyHandler,
  type ReclassifyHandlerDeps,
  type ReclassifyJob,
} from './handlers/reclassify.ts';
export { createRetryWorkerHandler, type RetryWorkerHandlerDeps } from './handlers/retry-worker.ts';
export {
  bearerMatches,
  bearerName,
  createSuppressionApiHandler,
  MAX_CHECK,
  type SuppressionApiDeps,
} from './handlers/suppression-api.ts';
export { createWebhookHandler, type WebhookHandlerDeps } from './handlers/webhook.ts';
export { createEventProcessor, type EventProcessorDeps } from './ingest/event-processor.ts';
export {
  cachedRuntimeSettings,
  type RuntimeSettings,
  readRuntimeSettings,
  settingsKey,
  updateRuntimeSettings,
} from './ingest/runtime-settings.ts';
export { createSingleUseLedger, singleUseKey } from './ingest/single-use-ledger.ts';
export {
  addEventBreakdown,
  createLogger,
  createMetrics,
  type EventBreakdownRow,
  eventBreakdown,
  type MetricName,
  maskEmail,
  metricsOf,
  type Observability,
  observabilityOf,
  reportError,
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
export { ensureQueue, ensureTables } from './resources.ts';
export { createRetryScheduler } from './retry/scheduler.ts';
export {
  type QueueRecord,
  type RetryWorkerDeps,
  runRetryWorker,
  type WorkerReport,
} from './retry/worker.ts';
export { RETRY_DUE_SCHEMA, RETRY_SCHEMA } from './schemas.ts';
export {
  createIfAbsent,
  type Forgotten,
  forgetAddress,
  scanRecords,
} from './suppression/admin.ts';
export {
  decodeCursor,
  type ReclassifyDeps,
  type ReclassifyOptions,
  type ReclassifySummary,
  runReclassify,
} from './suppression/reclassify.ts';
export {
  checkSuppressions,
  createSuppressionStore,
  isSuppressed,
  normalizeEmail,
  type SuppressionRecord,
} from './suppression/store.ts';
export {
  loadPageAssets,
  PAGE_CSP,
  type PageAssets,
  pageResult,
} from './ui/page.ts';
export {
  checkSesWiring,
  createWiringClients,
  type SesWiringClients,
  type SesWiringTarget,
  setDefaultConfigurationSet,
  type WiringCheck,
} from './wiring/ses-wiring.ts';

/** @rebound/core: pure bounce logic. Explicit named exports only. */
export {
  type Classifier,
  classify,
  createClassifier,
} from './classify/classify.ts';
export { REASONS } from './classify/reasons.ts';
export {
  RULES,
  type Rule,
} from './classify/rules.ts';
export { RULES_VERSION } from './classify/version.ts';
export {
  ConfigError,
  DependencyError,
  NotConfiguredError,
  PayloadError,
  PayloadTooLargeError,
  ReboundError,
  type VerificationCheck,
  WebhookVerificationError,
} from './errors.ts';
export {
  type EventIdInput,
  eventId,
} from './events/event-id.ts';
export {
  checkRecipient,
  normalizeRecipient,
  type RecipientCheck,
  type RecipientError,
} from './events/recipient.ts';
export {
  hashCredential,
  hashedCredentialsOf,
  matchesHashed,
} from './hashed-credential.ts';
export {
  type AddressStatus,
  blockingKeys,
  csvField,
  csvText,
  DEFAULT_PROCESS_CONFIG,
  DEFAULT_STREAMS,
  type DecideRetry,
  delayUntil,
  detectFormat,
  type EventMarker,
  type EventSink,
  EXPORT_COLUMNS,
  exportRow,
  foldGroup,
  type GroupPlan,
  type GroupSnapshot,
  type ImportFormat,
  type ImportResult,
  importedRecord,
  isActive,
  type KeyScheme,
  type LiftOutcome,
  lift,
  PLAIN_KEYS,
  type ProcessConfig,
  type ProcessReport,
  parseCsv,
  parseRetryDueMessage,
  parseRetryMessage,
  plainKeyOf,
  planEvent,
  type Reclassification,
  type ReplySummary,
  type RetryDueMessage,
  type RetryMessage,
  type RetryScheduler,
  reclassify,
  resolveProcessConfig,
  retryDueOf,
  rowOf,
  type ScheduleResult,
  type SendgridList,
  type SoftState,
  type StreamConfig,
  type SuppressionRecord,
  type SuppressionStore,
  scopeOf,
  storageKeyOf,
  streamConfigProblem,
  workerStep,
} from './process/index.ts';
export { providerOf } from './rates/providers.ts';
export {
  domainOfValue,
  sendingDomainOf,
} from './rates/sending-domain.ts';
export {
  type BatchTally,
  isEmptyTally,
  type RecentEntry,
  tallyBatch,
} from './rates/tally.ts';
export {
  formatPct,
  RATE_THRESHOLDS,
  type RateCounts,
  type Rates,
  type RateThresholds,
  ratesOf,
} from './rates/thresholds.ts';
export {
  type BackoffSchedule,
  DEFAULT_RETRY_POLICY,
  decideRetry,
  type ExponentialBackoff,
  type RetryDecision,
  type RetryPolicy,
  type RetryProgress,
} from './retry/policy.ts';
export {
  type KnownParts,
  parseReply,
} from './smtp/reply.ts';
export {
  type HashKey,
  hashedKey,
  isStreamName,
  parseSuppressionKey,
  suppressionKey,
} from './suppression-keys.ts';
export {
  ACTIONS,
  type Action,
  type EventKind,
  type NormalizedEvent,
  type PartOrigin,
  type RawRequest,
  type Reason,
  type RetryPlan,
  type SmtpCommand,
  type SmtpReply,
  type Vendor,
  type VendorHints,
  type Verdict,
} from './types.ts';
export {
  isVendorId,
  loadVendor,
  VENDOR_IDS,
  VENDORS,
  type VendorEntry,
  type VendorId,
  vendorEntry,
} from './vendors/registry.ts';
export type { SnsEnvelope } from './vendors/ses/sns.ts';
export type {
  Answer,
  ClaimOutcome,
  DirectIo,
  DirectSource,
  FunctionTuning,
  LocalCredentials,
  OutboundHttp,
  Receipt,
  ReceiveContext,
  ReplayOptions,
  ReplaySigner,
  SettingSpec,
  SignedRequest,
  SingleUse,
  SingleUseLedger,
  VendorAdapter,
  VendorMeta,
} from './vendors/types.ts';

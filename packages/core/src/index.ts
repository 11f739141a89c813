/** @rebound/core: pure bounce logic. Explicit named exports only. */
export { type Classifier, classify, createClassifier } from './classify/classify.ts';
export { isAddressReason, REASONS, type ReasonRow, type Side } from './classify/reasons.ts';
export { RULES, type Rule } from './classify/rules.ts';
export { RULES_VERSION } from './classify/version.ts';
export {
  ConfigError,
  DependencyError,
  NotConfiguredError,
  PayloadError,
  PayloadTooLargeError,
  ReboundError,
  RetryDueMessageError,
  type VerificationCheck,
  WebhookVerificationError,
} from './errors.ts';
export { type EventIdInput, eventId } from './events/event-id.ts';
export {
  checkRecipient,
  normalizeRecipient,
  type RecipientCheck,
  type RecipientError,
} from './events/recipient.ts';
export {
  type HashedCredential,
  hashCredential,
  hashedCredentialsOf,
  matchesHashed,
} from './hashed-credential.ts';
export { type MailEventOptions, mailEvents, parseMailEvents } from './mail/events.ts';
export { MAX_MAIL_BYTES } from './mail/mime.ts';
export { parseBounceMail } from './mail/parse-mail.ts';
export type {
  MailOutcome,
  MailRecipient,
  MailReport,
  MailReportKind,
} from './mail/report.ts';
export {
  type AddressStatus,
  addEvidence,
  blockingKeys,
  csvField,
  DEFAULT_PROCESS_CONFIG,
  DEFAULT_STREAMS,
  type DecideRetry,
  type DropReason,
  delayUntil,
  detectFormat,
  type EmitClaim,
  type EventMarker,
  type EventOutcome,
  type EventSink,
  type EvidenceEntry,
  EXPORT_COLUMNS,
  evidenceOf,
  expiryAfter,
  exportRow,
  type FoldContext,
  foldGroup,
  type GroupPlan,
  type GroupSnapshot,
  type ImportFormat,
  type ImportResult,
  type ImportRow,
  type InfoMetric,
  type Intent,
  importedRecord,
  isActive,
  type KeyScheme,
  type LiftOutcome,
  type LiftRecord,
  type LiftRequest,
  lift,
  MAX_DELAY_S,
  PLAIN_KEYS,
  POLICY_REASONS,
  type ProcessConfig,
  type ProcessReport,
  parseCsv,
  parseRetryDueMessage,
  parseRetryMessage,
  plainKeyOf,
  planEvent,
  RECLASSIFY_BY,
  type Reclassification,
  type ReplySummary,
  type RetryDueMessage,
  type RetryMessage,
  type RetryScheduler,
  reclassify,
  redactAddress,
  rejudge,
  resolveProcessConfig,
  resubscribeLifts,
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
  summarizeReply,
  ttlDaysFor,
  type WorkerStep,
  workerStep,
} from './process/index.ts';
export { PROVIDERS, providerOf, recipientDomainOf } from './rates/providers.ts';
export { domainOfValue, SENDING_DOMAIN_FIELDS, sendingDomainOf } from './rates/sending-domain.ts';
export {
  type BatchTally,
  type DayTally,
  dayOf,
  isEmptyTally,
  maskAddress,
  type RateCell,
  RECENT_PER_BATCH,
  type ReasonCount,
  type RecentEntry,
  type TallyOptions,
  tallyBatch,
  verdictOf,
} from './rates/tally.ts';
export {
  addCounts,
  formatPct,
  RATE_THRESHOLDS,
  type RateCounts,
  type RateFlag,
  type Rates,
  type RateThresholds,
  ratesOf,
} from './rates/thresholds.ts';
export {
  type BackoffSchedule,
  DEFAULT_RETRY_POLICY,
  decideRetry,
  type ExponentialBackoff,
  planRetry,
  type RetryDecision,
  type RetryPolicy,
  type RetryProgress,
  retryHintSeconds,
} from './retry/policy.ts';
export { type KnownParts, MAX_DIAGNOSTIC_CHARS, parseReply } from './smtp/reply.ts';
export {
  type HashKey,
  hashedKey,
  isStreamName,
  type LookupKey,
  lookupKeys,
  type ParsedKey,
  parseSuppressionKey,
  STREAM_NAME,
  type SuppressionScope,
  streamKey,
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
  INBOUND_PREFIX,
  MAX_POSTED_MAIL_BYTES,
  MAX_STORED_MAIL_BYTES,
} from './vendors/mail/meta.ts';
export { type ReceivedMail, receivedMails } from './vendors/mail/receipt.ts';
export { parse as parsePostmark } from './vendors/postmark/parse.ts';
export { type PostmarkVerifyOptions, verify as verifyPostmark } from './vendors/postmark/verify.ts';
export {
  isVendorId,
  loadVendor,
  VENDOR_IDS,
  VENDORS,
  type VendorEntry,
  type VendorId,
  vendorEntry,
} from './vendors/registry.ts';
export { importSendgridKey, importSendgridKeys, PENDING_KEY } from './vendors/sendgrid/keys.ts';
export {
  DEFAULT_MAX_AGE_SECONDS as SENDGRID_DEFAULT_MAX_AGE_SECONDS,
  DEFAULT_MAX_FUTURE_SECONDS as SENDGRID_DEFAULT_MAX_FUTURE_SECONDS,
} from './vendors/sendgrid/meta.ts';
export { parse as parseSendgrid, SENDGRID_RESERVED_KEYS } from './vendors/sendgrid/parse.ts';
export { type SendgridVerifyOptions, verify as verifySendgrid } from './vendors/sendgrid/verify.ts';
export { SES_EVENT_TYPES } from './vendors/ses/meta.ts';
export {
  parse as parseSes,
  parseSesDocument,
  parseSnsLambdaEvent,
  type SesParseOptions,
} from './vendors/ses/parse.ts';
export {
  checkSnsBasicAuth,
  handleSnsEnvelope,
  type SesSnsConfig,
  type SnsBasicAuthResult,
  type SnsOutcome,
} from './vendors/ses/receive.ts';
export {
  type SnsDeps,
  type SnsEnvelope,
  type SnsVerifyConfig,
  stringToSign as snsStringToSign,
  verifySnsEnvelope,
} from './vendors/ses/sns.ts';
export {
  CERTIFICATE_CACHE_SIZE,
  CERTIFICATE_FETCH_TIMEOUT_MS,
  clearCertificateCache,
} from './vendors/ses/sns-certificate.ts';
export { BASIC_AUTH_CHALLENGE, type BasicCredential } from './vendors/shared/basic-auth.ts';
export {
  hmacSecrets,
  hmacSignature,
  SIGNATURE_HEADER,
  SIGNATURE_TOLERANCE_SECONDS,
  signatureHeader,
  verifyHmacSignature,
} from './vendors/shared/hmac-signature.ts';
export { fillInferred, type InferredParts, inferReply } from './vendors/shared/infer.ts';
export { basicCredentials, list, positiveSeconds } from './vendors/shared/settings.ts';
export { toIsoTimestamp } from './vendors/shared/timestamps.ts';
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

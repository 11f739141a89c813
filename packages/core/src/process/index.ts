/** The event-processing planner: public names for `@rebound/core`'s index. */
export {
  DEFAULT_PROCESS_CONFIG,
  expiryAfter,
  type ProcessConfig,
  resolveProcessConfig,
  ttlDaysFor,
} from './config.ts';
export type { FoldContext } from './fold-context.ts';
export {
  type EventOutcome,
  foldGroup,
  type GroupPlan,
  type GroupSnapshot,
} from './group.ts';
export {
  csvField,
  csvText,
  detectFormat,
  EXPORT_COLUMNS,
  exportRow,
  type ImportFormat,
  type ImportResult,
  type ImportRow,
  importedRecord,
  parseCsv,
  rowOf,
  type SendgridList,
} from './imports.ts';
export { type InfoMetric, type Intent, POLICY_REASONS, planEvent } from './plan.ts';
export type {
  AddressStatus,
  EventSink,
  LiftOutcome,
  LiftRequest,
  ProcessReport,
  RetryScheduler,
  ScheduleResult,
  SuppressionStore,
} from './ports.ts';
export { applyProbation, type ProbationResult } from './probation.ts';
export {
  RECLASSIFY_BY,
  type Reclassification,
  type Rejudged,
  reclassify,
  rejudge,
} from './reclassify.ts';
export {
  type EmitClaim,
  type EventMarker,
  type EvidenceEntry,
  type HistoryEntry,
  type LiftRecord,
  type ProbationState,
  type ReplySummary,
  type RetryDueMessage,
  type RetryMessage,
  type SoftState,
  type SuppressionRecord,
  summarizeReply,
} from './records.ts';
export { parseRetryDueMessage } from './retry-due-message.ts';
export type { DecideRetry, RetryDecision, RetryProgress } from './retry-types.ts';
export { escalationOf } from './soft-bounce.ts';
export {
  blockingKeys,
  DEFAULT_STREAMS,
  type KeyScheme,
  mappedStream,
  PLAIN_KEYS,
  plainKeyOf,
  redactAddress,
  type StreamConfig,
  scopeOf,
  storageKeyOf,
  streamConfigProblem,
} from './streams.ts';
export {
  addEvidence,
  evidenceOf,
  isActive,
  lift,
  resubscribeLifts,
  withHistory,
} from './suppression.ts';
export {
  type DropReason,
  delayUntil,
  MAX_DELAY_S,
  parseRetryMessage,
  retryDueOf,
  type WorkerStep,
  workerStep,
} from './worker.ts';

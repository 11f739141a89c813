/**
 * `@rebound/aws/sync`: keeps Rebound and the ESPs' own suppression lists in step (SES,
 * SendGrid, Postmark). Explicit named exports only.
 */
export { createAdapter, type SyncSettings } from './adapters.ts';
export { createHttpClient, errorMessage, type HttpClient } from './http-client.ts';
export {
  createPostmarkSync,
  POSTMARK_API_URL,
  POSTMARK_DELETE_BATCH,
  postmarkEntry,
} from './postmark-sync.ts';
export {
  backoffMs,
  type RetryPolicy,
  resetMs,
  retryAfterMs,
  retryPolicy,
} from './rate-limit.ts';
export {
  globalAddress,
  isHumanForcedLift,
  liftOf,
  type ReconcileAction,
  type ReconcileContext,
  reconcileRecord,
} from './reconcile.ts';
export {
  runSync,
  type SyncItem,
  type SyncProgress,
  type SyncResult,
  type SyncRunDeps,
} from './run-sync.ts';
export { createSendgridSync, SENDGRID_API_URL, sendgridEntry } from './sendgrid-sync.ts';
export { createSesSync, SES_PAGE_SIZE, sesEntry } from './ses-sync.ts';
export { scanPage } from './suppression-scan.ts';
export {
  type CursorStore,
  createCursorStore,
  type SyncCursor,
  type SyncDone,
  type SyncRun,
  syncKey,
} from './sync-cursor.ts';
export {
  SyncAuthError,
  SyncBusyError,
  SyncConfigError,
  SyncError,
  SyncPositionError,
  SyncRateLimitError,
  SyncVendorError,
} from './sync-errors.ts';
export { pulledEvent, suppresses } from './sync-events.ts';
export { createSyncHandler, type SyncHandlerDeps, type SyncHandlerResult } from './sync-handler.ts';
export { summaryLine } from './sync-summary.ts';
export {
  isSyncVendor,
  type LiftOutcome,
  type PulledEntry,
  type PullPage,
  type PullPosition,
  type PushItem,
  SYNC_VENDORS,
  type SyncCounts,
  type SyncVendor,
  type VendorSyncAdapter,
  zeroCounts,
} from './sync-types.ts';
export { postmarkMeaning, SENDGRID_LISTS, SES_REASONS, sesReasonFor } from './vendor-lists.ts';

/**
 * @rebound/client: what a sending service installs — check addresses against Rebound's
 * Suppressions table before sending, read retry-due messages, and the IAM it needs.
 */

// Rebound's own implementations, bundled: the same normalization and keys as the server.
export { ReboundError, RetryDueMessageError } from '../../core/src/errors.ts';
export {
  checkRecipient,
  normalizeRecipient,
  type RecipientCheck,
  type RecipientError,
} from '../../core/src/events/recipient.ts';
export type { ReplySummary, RetryDueMessage } from '../../core/src/process/records.ts';
export { parseRetryDueMessage } from '../../core/src/process/retry-due-message.ts';
export {
  type HashKey,
  hashedKey,
  isStreamName,
  type LookupKey,
  lookupKeys,
  STREAM_NAME,
  streamKey,
  suppressionKey,
} from '../../core/src/suppression-keys.ts';
export {
  type CheckOptions,
  createSuppressionChecker,
  type FilterResult,
  type InvalidAddress,
  type SuppressedAddress,
  type SuppressionChecker,
  type SuppressionCheckerOptions,
} from './checker.ts';
export {
  InvalidAddressError,
  SuppressionCheckError,
  type SuppressionCheckFailure,
} from './errors.ts';
export {
  type PolicyDocument,
  type PolicyStatement,
  SENDER_QUEUE_ACTIONS,
  SENDER_TABLE_ACTIONS,
  type SenderPolicyOptions,
  senderPolicy,
} from './policy.ts';
export { type DynamoDBSender, MAX_BATCH_KEYS, type RetryOptions } from './read-keys.ts';

/** @rebound/core: pure bounce logic. Explicit named exports only. */
export { classify } from './classify/classify.ts';
export {
  DependencyError,
  PayloadError,
  PayloadTooLargeError,
  ReboundError,
  type VerificationCheck,
  WebhookVerificationError,
} from './errors.ts';
export { type KnownParts, parseReply } from './smtp/reply.ts';
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

/**
 * The records Rebound keeps per recipient and per event (suppressions, soft-bounce state,
 * processed-event markers) and the queue message schemas. Plain data: the stores persist them.
 */
import type {
  Action,
  EventKind,
  Reason,
  RetryPlan,
  SmtpCommand,
  SmtpReply,
  Vendor,
  VendorHints,
} from '../types.ts';

/** Where evidence came from: a vendor's event, or an import of another tool's list. */
export type EvidenceSource = Vendor | 'import';

/** The part of an SMTP reply a record keeps: enough to classify it again (`rebound reclassify`). */
export interface ReplySummary {
  code: number | null;
  enhanced: string | null;
  text: string;
  /** The SMTP command the reply answered, when known. */
  command?: SmtpCommand;
  /** Parts Rebound inferred itself (never evidence); absent when every part came from the vendor. */
  inferred?: ('code' | 'enhanced' | 'text')[];
}

/** One event kept as evidence on a suppression record (newest last, capped). */
export interface EvidenceEntry {
  eventId: string;
  vendor: EvidenceSource;
  kind: EventKind;
  /** When the vendor says the event happened (ISO 8601). */
  at: string;
  reason: Reason;
  rule: string;
  reply: ReplySummary | null;
  messageId: string | null;
  /** The vendor only repeated its own earlier suppression. */
  echo: boolean;
  /** Free-form detail, e.g. the soft-bounce history behind a `persistent-soft-bounce`. */
  note?: string;
  /** The action the verdict called for (a probation entry is `investigate`). */
  action?: Action;
  /** What the vendor itself concluded (its hints, without the kind). */
  hints?: Omit<VendorHints, 'kind'>;
  /** The rule-table version that decided (`rebound reclassify` re-judges older ones). */
  rulesVersion?: string;
}

/** One change to an address: who or what made it, when, and why. */
export interface HistoryEntry {
  at: string;
  /** `webhook:<vendor>`, `api:<key name>`, `cli`, `reclassify`, `worker`. */
  by: string;
  change:
    | 'suppressed'
    | 'escalated'
    | 'probation'
    | 'evidence'
    | 'lifted'
    | 'reclassified'
    | 'imported'
    | 'forgotten';
  reason?: Reason;
  rule?: string;
  rulesVersion?: string;
  why?: string;
}

/** The first unproven permanent failure of an address on probation (docs/policy.md). */
export interface ProbationState {
  /** When the first failure happened (ISO 8601). */
  since: string;
  eventId: string;
  messageId: string | null;
}

/** Who lifted a suppression, when and why (manual unsuppress, resubscribe, vendor reactivation). */
export interface LiftRecord {
  at: string;
  by: string;
  why: string;
}

/** One row of the Suppressions table (partition key `email`). */
export interface SuppressionRecord {
  /**
   * The storage key: the normalized address (a global suppression), `stream:<name>:<address>`
   * (a stream's), or `hmac:<hex>` (an erased address, or every record in hash-only mode).
   */
  email: string;
  /** `global` when absent (every record written before streams existed is global). */
  scope?: string;
  /** The plain address of a stream record (a global record's key is the address itself). */
  address?: string;
  /** Set when the address was erased: the record keeps only what blocks sending. */
  forgotten?: true;
  /**
   * Only `suppressed` blocks sending. `unsuppressed` records stay for their history; `probation`
   * records hold an unproven permanent failure that a second one, 24 h+ later, turns into a
   * suppression.
   */
  status: 'suppressed' | 'unsuppressed' | 'probation';
  action: Action;
  reason: Reason;
  rule: string;
  reply: ReplySummary | null;
  vendor: EvidenceSource;
  firstSeen: string;
  lastSeen: string;
  /** Distinct events that counted as evidence (echoes do not count once the record exists). */
  count: number;
  evidence: EvidenceEntry[];
  /** TTL, epoch seconds; absent when the reason never expires. */
  expiresAt?: number;
  /** True when an echo (the vendor's own suppression list) created the record. */
  createdByEcho: boolean;
  /** The last lift, if any. */
  lifted?: LiftRecord;
  /** Soft-bounce history behind a `persistent-soft-bounce` suppression. */
  softBounce?: { attempts: number; firstFailureAt: string; lastFailureAt: string };
  /** The first unproven failure while the address is on probation. */
  probation?: ProbationState;
  /** Every change to the address, oldest first (capped). */
  history?: HistoryEntry[];
  /** Optimistic-concurrency counter: every write checks and increments it. */
  version: number;
  updatedAt: string;
}

/** The retry-due claim on a soft-bounce state: which attempt the worker emitted (or is emitting). */
export interface EmitClaim {
  attempt: number;
  status: 'emitting' | 'done';
  /** The SQS message id that holds the claim. */
  claim: string;
  /** Epoch ms after which another message may take the claim over. */
  leaseUntil: number;
}

/** Per-recipient soft-bounce state (State table, `pk = soft#<email>`). */
export interface SoftState {
  email: string;
  attempts: number;
  firstFailureAt: string;
  lastFailureAt: string;
  lastReply: ReplySummary | null;
  reason: Reason;
  vendor: Vendor;
  messageId: string | null;
  /** The distinct messages (or events, when the vendor gives no message id) that failed, newest last. */
  messageIds?: string[];
  eventId: string;
  /**
   * The event whose retry each attempt is (index `attempt - 1`): retry messages are enqueued
   * before the state is committed, so a message for an attempt another event committed is
   * dropped by the worker. `''` for attempts recorded before this field existed.
   */
  attemptEvents?: string[];
  metadata: Record<string, string>;
  plan: RetryPlan;
  emit: EmitClaim | null;
  version: number;
  /** TTL, epoch seconds. */
  expiresAt: number;
}

/** A processed-event marker (State table, `pk = event#<id>`). */
export interface EventMarker {
  eventId: string;
  /**
   * `done` once the event is applied. `pending` only on markers written by earlier versions,
   * which enqueued retries after the commit: a redelivery finishes them.
   */
  status: 'pending' | 'done';
  /** Retry messages to enqueue (kept so a redelivery can finish a partial failure). */
  retries: RetryMessage[];
  /** Id of the delivery holding the marker while pending. */
  lease: string | null;
  /** Epoch ms; a pending marker whose lease ran out may be taken over. */
  leaseUntil: number;
  recordedAt: string;
  version: number;
  /** TTL, epoch seconds. */
  expiresAt: number;
}

/** What both retry messages say about the retry: who, which message, which attempt, why. */
export interface RetryFields {
  /** `<eventId>#<attempt>`: unique per attempt (consumers dedupe on it). */
  retryId: string;
  recipient: string;
  /** The storage key of the recipient's state when it is not the address (hash-only mode). */
  key?: string;
  messageId: string | null;
  vendor: Vendor;
  metadata: Record<string, string>;
  attempt: number;
  /** When the retry is due (ISO 8601). */
  dueAt: string;
  reason: Reason;
  lastReply: ReplySummary | null;
}

/** A message on RetryQueue: one scheduled retry of one recipient (the worker hops it until due). */
export interface RetryMessage extends RetryFields {
  schema: 'rebound.retry';
  version: 1;
  eventId: string;
  scheduledAt: string;
}

/** The message on RetryDueQueue that the user's sending service consumes. */
export interface RetryDueMessage extends RetryFields {
  schema: 'rebound.retry-due';
  version: 1;
  firstFailureAt: string;
  emittedAt: string;
}

/** Keeps what a reply said: code, enhanced code, text, command, and which parts were inferred. */
export function summarizeReply(reply: SmtpReply | null): ReplySummary | null {
  if (!reply) return null;
  const out: ReplySummary = { code: reply.code, enhanced: reply.enhanced, text: reply.text };
  if (reply.command) out.command = reply.command;
  const inferred = (['code', 'enhanced', 'text'] as const).filter(
    (p) => reply.parts[p] === 'inferred',
  );
  if (inferred.length) out.inferred = inferred;
  return out;
}

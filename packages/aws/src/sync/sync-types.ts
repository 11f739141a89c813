/**
 * The vocabulary of the ESP suppression-list sync: the vendors it speaks to, one pulled list
 * entry, where a pull stands (stored in the cursor), what a vendor adapter offers, and the
 * counts a run reports.
 */
import type { Reason } from '@rebound/core';

/** The vendors whose suppression lists Rebound can sync, in documentation order. */
export const SYNC_VENDORS = ['ses', 'sendgrid', 'postmark'] as const;

/** A vendor id, as in `REBOUND_SYNC` and `rebound sync VENDOR`. */
export type SyncVendor = (typeof SYNC_VENDORS)[number];

/** Type guard: is `name` a vendor the sync speaks to? */
export function isSyncVendor(name: unknown): name is SyncVendor {
  return typeof name === 'string' && (SYNC_VENDORS as readonly string[]).includes(name);
}

/** Reply parts Rebound infers when the vendor's list gives none (marked `inferred`). */
export interface InferredCode {
  code?: number;
  enhanced?: string;
}

/** One address on a vendor's suppression list, as pulled, before it becomes an event. */
export interface PulledEntry {
  vendor: SyncVendor;
  /** The list it is on: `bounces`, `spam_reports` (SendGrid), a Postmark stream, `BOUNCE` (SES). */
  list: string;
  /** The address exactly as the vendor wrote it. */
  address: string;
  /** When the vendor put it on the list (ISO 8601). */
  createdAt: string;
  /** The reason the vendor's list implies; null when the reply text decides (SendGrid blocks). */
  reason: Reason | null;
  /** The vendor's labels for evidence, e.g. `sendgrid:sync/bounces`. */
  labels: string[];
  /** The vendor's own text (a bounce reason), if any. */
  text: string | null;
  /** The vendor's enhanced status code field, if any. */
  enhanced: string | null;
  /** What the webhooks infer for the same vendor label, when the entry has no code. */
  infer: InferredCode | null;
  /** Strings kept with the event (e.g. `MessageStream`). */
  metadata: Record<string, string>;
}

/**
 * Where a pull stands: `step` is the adapter's list (SendGrid list, Postmark stream), `token`
 * where to go on in it (an offset, SES's NextToken, a stream id). JSON, kept in the cursor.
 */
export interface PullPosition {
  step: number;
  token: string | number | null;
}

/** One page of a pull. */
export interface PullPage {
  entries: PulledEntry[];
  /** Where the next page starts; null when the pull is complete. */
  next: PullPosition | null;
  /** What was read, for progress lines (`bounces offset 500`). */
  where: string;
  /** Entries on the page that were not readable (no address, no time): counted as skipped. */
  unreadable: number;
}

/** SES's two suppression reasons. */
export type SesReason = 'BOUNCE' | 'COMPLAINT';

/** One address to put on the vendor's list (SES only). */
export interface PushItem {
  address: string;
  reason: SesReason;
}

/** What one lift at the vendor did. */
export interface LiftOutcome {
  address: string;
  /** `lifted`: removed from at least one list; `absent`: on none; `refused`: the vendor said no. */
  result: 'lifted' | 'absent' | 'refused';
  /** The lists it was removed from, or the vendor's words when refused. */
  detail: string;
}

/** What a vendor adapter offers the sync run. */
export interface VendorSyncAdapter {
  vendor: SyncVendor;
  /**
   * Which lifts in Rebound are repeated at the vendor: `any` lift (SES, whose list Rebound also
   * pushes to), or only a lift a human forced (`human-forced`: SendGrid, Postmark).
   */
  lifts: 'any' | 'human-forced';
  /**
   * Whether the run needs the vendor's whole list before it reconciles (SES: push skips what
   * SES already has, and a lift is repeated only where SES still has the address).
   */
  needsFullList: boolean;
  /** How often this adapter has waited for the vendor's rate limit so far. */
  readonly rateLimitWaits: number;
  /**
   * Reads one page from `position` (null: the start). `since` (ISO) lets the vendor filter
   * server-side; the run filters again, so an adapter may ignore it. `until` freezes the window.
   */
  pull(position: PullPosition | null, since: string | null, until: string): Promise<PullPage>;
  /** Puts addresses on the vendor's list (SES only). */
  push?(items: readonly PushItem[]): Promise<void>;
  /** Removes addresses from every list the vendor keeps. */
  lift(addresses: readonly string[]): Promise<LiftOutcome[]>;
}

/** What a run did (or, in a dry run, would do). */
export interface SyncCounts {
  /** Entries read from the vendor's lists. */
  pulled: number;
  /** Suppression records the pulled entries created (echoes create only missing records). */
  created: number;
  /** Pulled entries whose address Rebound already had a record for (nothing changed). */
  known: number;
  /** Entries not fed: older than the window, not an address, or not an address failure. */
  skipped: number;
  /** Active global suppressions put on the vendor's list (SES). */
  pushed: number;
  /** Lifts repeated at the vendor (removed from at least one list). */
  lifted: number;
  /** Lifts the vendor had nothing to remove for. */
  liftAbsent: number;
  /** Lifts the vendor refused (Postmark keeps spam complaints). */
  liftRefused: number;
  /** Times the run waited for a vendor's rate limit. */
  rateLimitWaits: number;
}

/** All zero. */
export function zeroCounts(): SyncCounts {
  return {
    pulled: 0,
    created: 0,
    known: 0,
    skipped: 0,
    pushed: 0,
    lifted: 0,
    liftAbsent: 0,
    liftRefused: 0,
    rateLimitWaits: 0,
  };
}

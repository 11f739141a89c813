/**
 * What one normalized event means for the stores: suppress, soft bounce (retry or escalate),
 * clear soft-bounce state, lift a suppression, put an unproven failure on probation, or nothing
 * but a metric. Pure.
 */
import type { NormalizedEvent, Reason } from '../types.ts';

/** The metric an event contributes to when it changes no store. */
export type InfoMetric = 'IgnoredEvents' | 'ConfigErrors' | 'PolicyBlocks';

/** The store-level meaning of one event. */
export type Intent =
  | { type: 'suppress'; reason: Reason }
  | { type: 'soft-bounce' }
  | { type: 'probation' }
  | { type: 'clear-soft' }
  | { type: 'unsuppress'; why: string }
  | { type: 'none'; metric: InfoMetric };

/** Investigate reasons that mean a policy/blocklist/reputation block (metric `PolicyBlocks`). */
export const POLICY_REASONS: ReadonlySet<Reason> = new Set<Reason>([
  'blocklisted',
  'reputation',
  'policy-block',
  'spam-detected',
  'relay-denied',
]);

/**
 * Plans one event. Complaints and unsubscribes suppress even without a verdict; deliveries
 * clear soft-bounce state; resubscribes lift; a `retry` verdict is a soft bounce — except on a
 * deferral (SendGrid `deferred`, SES `DeliveryDelay`): the vendor is still retrying that message
 * itself, so a resend of ours would deliver it twice, and a deferral never counts toward
 * suppression. It only feeds the metrics.
 * @example planEvent(hardBounce) // → { type: 'suppress', reason: 'user-unknown' }
 */
export function planEvent(event: NormalizedEvent): Intent {
  if (!event.recipient) return { type: 'none', metric: 'IgnoredEvents' };
  switch (event.kind) {
    case 'delivery':
      return { type: 'clear-soft' };
    case 'resubscribe':
      return { type: 'unsuppress', why: `${event.vendor}:resubscribe` };
    case 'ignored':
      return { type: 'none', metric: 'IgnoredEvents' };
    case 'complaint':
      return { type: 'suppress', reason: event.verdict?.reason ?? 'complaint' };
    case 'unsubscribe':
      return { type: 'suppress', reason: event.verdict?.reason ?? 'unsubscribed' };
    default:
      break;
  }
  const verdict = event.verdict;
  if (!verdict) return { type: 'none', metric: 'IgnoredEvents' };
  if (event.kind === 'deferral') {
    return {
      type: 'none',
      metric: POLICY_REASONS.has(verdict.reason) ? 'PolicyBlocks' : 'IgnoredEvents',
    };
  }
  switch (verdict.action) {
    case 'suppress':
      return { type: 'suppress', reason: verdict.reason };
    case 'retry':
      return verdict.retry ? { type: 'soft-bounce' } : { type: 'none', metric: 'IgnoredEvents' };
    case 'fix-config':
      return { type: 'none', metric: 'ConfigErrors' };
    case 'investigate':
      if (verdict.probation) return { type: 'probation' };
      return {
        type: 'none',
        metric: POLICY_REASONS.has(verdict.reason) ? 'PolicyBlocks' : 'IgnoredEvents',
      };
    default:
      return { type: 'none', metric: 'IgnoredEvents' };
  }
}

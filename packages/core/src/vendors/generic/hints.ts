/**
 * The generic source's vocabulary → hints: what each `kind` of the published schema
 * (docs/schemas/generic-event.v1.json) means for Rebound. Data table. Nothing a client sends
 * can name an action or a reason: the classifier decides from the reply, as for any vendor.
 */
import type { HintRow } from '../shared/hints.ts';

/** `kind` → meaning. A complaint or unsubscribe is the client's evidence about the address. */
// biome-ignore format: data table, one row per line
export const GENERIC_KINDS: ReadonlyMap<string, HintRow> = new Map<string, HintRow>([
  // Classified from the reply (policy.md): a bare 5xx stays unproven, a 5.1.1 suppresses.
  ['bounce', { kind: 'bounce' }],
  // The client's sender is still retrying: a 4xx by definition (RFC 5321 §4.2.1).
  ['deferral', { kind: 'deferral', permanence: 'transient', infer: { code: 450, enhanced: '4.0.0' } }],
  // A policy block: the address is probably fine (policy.md, "investigate").
  ['block', { kind: 'block' }],
  // RFC 5965 abuse reports and RFC 8058 one-click unsubscribes, as the client received them.
  ['complaint', { kind: 'complaint', permanence: 'permanent', reason: 'complaint' }],
  ['unsubscribe', { kind: 'unsubscribe', permanence: 'permanent', reason: 'unsubscribed' }],
  ['delivery', { kind: 'delivery' }],
]);

/**
 * The client's `permanence` → the hint the classifier sees. `transient` is passed on (it can only
 * turn an unproven failure into a retry); `permanent` is kept as a label only: a vendor's own
 * hard-bounce verdict suppresses a bare 5xx (rule `vendor-permanent`), and a client must never
 * be able to force `suppress` (docs/webhooks.md, "Generic endpoint").
 */
// biome-ignore format: data table, one row per line
export const GENERIC_PERMANENCE: ReadonlyMap<string, HintRow['permanence'] | undefined> = new Map([
  ['transient', 'transient'],
  ['permanent', undefined],
]);

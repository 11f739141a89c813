/**
 * The shape of a vendor's vocabulary tables (`<vendor>/hints.ts`): what one of its own event or
 * type labels means for Rebound (kind, permanence, reason, echo, reply parts to infer).
 */
import type { EventKind, Reason, VendorHints } from '../../types.ts';

/** One vendor label's meaning. */
export interface HintRow {
  kind: EventKind;
  permanence?: VendorHints['permanence'];
  reason?: Reason;
  /** Reply parts to synthesize (marked `'inferred'`) when the vendor gives no code/enhanced. */
  infer?: { code?: number; enhanced?: string };
  /** The vendor only repeats its own earlier suppression: not new evidence. */
  echo?: boolean;
}

/** Case-sensitive lookup that cannot reach prototype properties. */
export function lookup<T>(table: ReadonlyMap<string, T>, key: unknown): T | undefined {
  return typeof key === 'string' ? table.get(key) : undefined;
}

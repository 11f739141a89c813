/** Builders for the planner's unit tests: normalized events with canned verdicts, a fold context. */

import { DEFAULT_PROCESS_CONFIG } from '../../src/process/config.ts';
import type { FoldContext } from '../../src/process/group.ts';
import { decideRetry } from '../../src/retry/policy.ts';
import type { NormalizedEvent, Verdict } from '../../src/types.ts';

export const NOW = new Date('2026-11-28T09:00:00.000Z');

export const VERDICTS = {
  hard: { action: 'suppress', reason: 'user-unknown', rule: 'r-hard', source: 's', retry: null },
  soft: {
    action: 'retry',
    reason: 'rate-limited',
    rule: 'r-soft',
    source: 's',
    retry: { delays_s: [60, 300], window_s: 3600 },
  },
  config: { action: 'fix-config', reason: 'auth-failed', rule: 'r-cfg', source: 's', retry: null },
  block: { action: 'investigate', reason: 'blocklisted', rule: 'r-blk', source: 's', retry: null },
  vague: { action: 'investigate', reason: 'undetermined', rule: 'r-vag', source: 's', retry: null },
  content: {
    action: 'fix-message',
    reason: 'content-rejected',
    rule: 'r-msg',
    source: 's',
    retry: null,
  },
} satisfies Record<string, Verdict>;

let n = 0;
/** An event; `v` picks a verdict. */
export function ev(
  over: Partial<NormalizedEvent> & { v?: keyof typeof VERDICTS } = {},
): NormalizedEvent {
  const { v, ...rest } = over;
  n++;
  return {
    id: `e${n}`,
    vendor: 'sendgrid',
    vendorEventId: null,
    kind: v ? 'bounce' : 'delivery',
    recipient: 'a@example.com',
    messageId: 'm',
    occurredAt: '2026-11-28T08:00:00.000Z',
    reply: null,
    hints: {},
    verdict: v ? VERDICTS[v] : null,
    echo: false,
    metadata: {},
    ...rest,
  } as NormalizedEvent;
}

/** A fold context at NOW. */
export function ctx(over: Partial<FoldContext> = {}): FoldContext {
  return {
    now: NOW,
    leaseId: 'lease-me',
    config: DEFAULT_PROCESS_CONFIG,
    decideRetry,
    random: () => 0.5,
    ...over,
  };
}

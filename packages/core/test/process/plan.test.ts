/** planEvent: what each event kind / verdict means for the stores. */
import { describe, expect, it } from 'vitest';
import { planEvent } from '../../src/process/plan.ts';
import { ev } from './fixtures.ts';

describe('planEvent', () => {
  it.each([
    ['hard bounce', ev({ v: 'hard' }), { type: 'suppress', reason: 'user-unknown' }],
    ['soft bounce', ev({ v: 'soft', kind: 'block' }), { type: 'soft-bounce' }],
    [
      'deferral: the vendor still retries',
      ev({ v: 'soft', kind: 'deferral' }),
      { type: 'none', metric: 'IgnoredEvents' },
    ],
    [
      'complaint without verdict',
      ev({ kind: 'complaint' }),
      { type: 'suppress', reason: 'complaint' },
    ],
    ['unsubscribe', ev({ kind: 'unsubscribe' }), { type: 'suppress', reason: 'unsubscribed' }],
    [
      'resubscribe',
      ev({ kind: 'resubscribe', vendor: 'postmark' }),
      { type: 'unsuppress', why: 'postmark:resubscribe' },
    ],
    ['delivery', ev({ kind: 'delivery' }), { type: 'clear-soft' }],
    ['ignored', ev({ kind: 'ignored' }), { type: 'none', metric: 'IgnoredEvents' }],
    ['fix-config', ev({ v: 'config' }), { type: 'none', metric: 'ConfigErrors' }],
    [
      'blocklist investigate',
      ev({ v: 'block', kind: 'block' }),
      { type: 'none', metric: 'PolicyBlocks' },
    ],
    ['vague investigate', ev({ v: 'vague' }), { type: 'none', metric: 'IgnoredEvents' }],
    ['fix-message', ev({ v: 'content' }), { type: 'none', metric: 'IgnoredEvents' }],
    ['no recipient', ev({ v: 'hard', recipient: null }), { type: 'none', metric: 'IgnoredEvents' }],
    [
      'retry verdict without plan',
      ev({
        kind: 'bounce',
        verdict: { action: 'retry', reason: 'expired', rule: 'x', source: 's', retry: null },
      }),
      { type: 'none', metric: 'IgnoredEvents' },
    ],
  ])('%s', (_name, event, intent) => {
    expect(planEvent(event)).toEqual(intent);
  });
});

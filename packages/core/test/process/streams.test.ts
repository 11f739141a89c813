/**
 * The scope of a suppression, as a table: complaints and unsubscribes take their message's
 * stream (mapped from metadata), everything else and account-wide opt-outs are global.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_STREAMS, type StreamConfig, scopeOf } from '../../src/process/streams.ts';
import { loadVendor } from '../../src/vendors/registry.ts';
import { ev } from './fixtures.ts';

const CFG: StreamConfig = {
  names: ['marketing', 'transactional'],
  fields: ['stream', 'MessageStream', 'category'],
  map: { broadcast: 'marketing', outbound: 'transactional' },
  fallback: 'global',
};
const complaint = { kind: 'complaint' as const, v: 'hard' as const };

// biome-ignore format: table
const CASES: [string, Parameters<typeof ev>[0], StreamConfig, string][] = [
  ['a hard bounce, whatever its stream', { v: 'hard', metadata: { stream: 'marketing' } }, CFG, 'global'],
  ['a complaint naming a stream', { ...complaint, metadata: { stream: 'marketing' } }, CFG, 'marketing'],
  ['a complaint on a mapped Postmark stream', { ...complaint, metadata: { MessageStream: 'broadcast' } }, CFG, 'marketing'],
  ['the first field that maps wins', { ...complaint, metadata: { MessageStream: 'outbound', category: 'broadcast' } }, CFG, 'transactional'],
  ['an unknown raw value falls back', { ...complaint, metadata: { stream: 'weekly' } }, CFG, 'global'],
  ['a configured fallback stream', { ...complaint, metadata: {} }, { ...CFG, fallback: 'marketing' }, 'marketing'],
  ['no streams configured: global', { ...complaint, metadata: { stream: 'marketing' } }, DEFAULT_STREAMS, 'global'],
  ['an account-wide opt-out is global', { ...complaint, hints: { scope: 'global' }, metadata: { stream: 'marketing' } }, { ...CFG, fallback: 'marketing' }, 'global'],
];

describe('scopeOf', () => {
  it.each(CASES)('%s', (_, event, cfg, scope) => {
    expect(scopeOf(ev(event), cfg)).toBe(scope);
  });

  it("SendGrid's global unsubscribe is global; its group unsubscribe takes the stream", async () => {
    const sg = await loadVendor('sendgrid');
    const [global, group] = sg.parse(
      JSON.stringify([
        { email: 'a@example.com', event: 'unsubscribe', timestamp: 1, stream: 'marketing' },
        {
          email: 'b@example.com',
          event: 'group_unsubscribe',
          timestamp: 1,
          stream: 'marketing',
          asm_group_id: 7,
        },
      ]),
    );
    expect([scopeOf(global!, CFG), scopeOf(group!, CFG)]).toEqual(['global', 'marketing']);
  });
});

/** What `rebound doctor` concludes from each answer: a table of probes and findings. */
import { describe, expect, it } from 'vitest';
import { apiFinding, type Probe, webhookFinding } from '../src/doctor/findings.ts';

const r = (status: number, body: Record<string, unknown> | null = null): Probe => ({
  status,
  body,
});

// biome-ignore format: table
const WEBHOOK: [string, Probe, boolean, RegExp][] = [
  ['401 missing signature', r(401), true, /refuses an unsigned post \(401\)/],
  ['403 bad signature', r(403), true, /verification is on/],
  ['400 unreadable body', r(400), true, /refuses/],
  ['503 not configured', r(503, { error: 'not-configured', setting: 'SendgridPublicKeys' }), false, /not connected yet \(SendgridPublicKeys is pending\)/],
  ['503 dependency', r(503, { error: 'dependency unavailable' }), false, /answered 503/],
  ['200 accepted', r(200, { ok: true }), false, /ACCEPTED an unsigned post/],
  ['429 throttled', r(429), false, /reserved concurrency/],
  ['network error', { error: 'ECONNREFUSED' }, false, /unreachable \(ECONNREFUSED\)/],
];

describe('webhookFinding', () => {
  it.each(WEBHOOK)('%s', (_, probe, ok, detail) => {
    const f = webhookFinding('W', probe, 'run `rebound connect sendgrid`');
    expect(f.ok).toBe(ok);
    expect(f.detail).toMatch(detail);
    expect(f.fix === undefined).toBe(ok);
  });
});

// biome-ignore format: table
const API: [string, Probe, Probe | null, boolean, RegExp][] = [
  ['401 then 404 with the key', r(401), r(404), true, /accepts the key given/],
  ['401 then 200 with the key', r(401), r(200), true, /accepts the key given/],
  ['no key given', r(401), null, true, /give --api-key/],
  ['wrong key', r(401), r(401), false, /refuses the key given/],
  ['open API', r(200), r(200), false, /answered 200 to a request without a key/],
  ['unreachable', { error: 'ENOTFOUND' }, null, false, /unreachable/],
];

describe('apiFinding', () => {
  it.each(API)('%s', (_, without, withKey, ok, detail) => {
    const f = apiFinding('API', without, withKey);
    expect(f.ok).toBe(ok);
    expect(f.detail).toMatch(detail);
  });
});

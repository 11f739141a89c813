/**
 * `rebound connect` against local servers implementing SendGrid's and Postmark's documented
 * webhook APIs (see fake-sendgrid.ts, fake-postmark.ts), with the keys stored in a State table on
 * DynamoDB Local: what was sent, what was stored, re-running, dry runs and API errors.
 */

import { readRuntimeSettings } from '@rebound/aws';
import { hashedCredentialsOf, matchesHashed } from '@rebound/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../packages/cli/src/commands/connect.ts';
import { createStack, type Stack } from '../aws/helpers.ts';
import { type FakePostmark, startFakePostmark } from './fake-postmark.ts';
import { type FakeSendgrid, startFakeSendgrid } from './fake-sendgrid.ts';

const KEY = 'SG.test-key';
const TOKEN = 'pm-server-token';
const HOOK = 'https://abc.lambda-url.us-east-1.on.aws/webhooks/sendgrid';
const PM_HOOK = 'https://def.lambda-url.us-east-1.on.aws/webhooks/postmark';
let stack: Stack;
let sg: FakeSendgrid;
let pm: FakePostmark;

const io = () => {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (s: string) => out.push(s), err: (s: string) => err.push(s) } };
};
const common = () => [
  '--state-table',
  stack.tables.state,
  '--endpoint',
  String(process.env.DDB_ENDPOINT),
];

beforeAll(async () => {
  stack = await createStack();
  sg = await startFakeSendgrid(KEY);
  pm = await startFakePostmark(TOKEN);
});
afterAll(async () => {
  await sg.close();
  await pm.close();
});

describe('rebound connect sendgrid', () => {
  it('creates a signed webhook, stores its key, and only then enables it', async () => {
    const o = io();
    expect(
      await run(['sendgrid', '--api-key', KEY, '--url', HOOK, '--api', sg.url, ...common()], o.io),
    ).toBe(0);
    expect(o.out.join('')).toMatch(/SendGrid webhook .* created for https:\/\/abc/);
    expect(sg.webhooks).toHaveLength(1);
    const hook = sg.webhooks[0]!;
    expect(hook).toMatchObject({
      url: HOOK,
      enabled: true,
      bounce: true,
      dropped: true,
      spam_report: true,
      open: false,
    });
    const stored = await readRuntimeSettings(stack.clients.doc, stack.tables.state, 'sendgrid');
    expect(stored?.values.publicKeys).toEqual([hook.public_key]);
    // Order: created disabled, signing on, key stored (above), then enabled.
    expect(sg.requests.map((r) => `${r.method} ${r.path.replace(hook.id, '{id}')}`)).toEqual([
      'GET /v3/user/webhooks/event/settings/all',
      'POST /v3/user/webhooks/event/settings',
      'PATCH /v3/user/webhooks/event/settings/signed/{id}',
      'PATCH /v3/user/webhooks/event/settings/{id}',
    ]);
    expect(sg.requests[1]?.body).toMatchObject({ enabled: false });
  });

  it('finds the same webhook when run again, and keeps the key once', async () => {
    expect(
      await run(
        ['sendgrid', '--api-key', KEY, '--url', HOOK, '--api', sg.url, ...common()],
        io().io,
      ),
    ).toBe(0);
    expect(sg.webhooks).toHaveLength(1);
    const stored = await readRuntimeSettings(stack.clients.doc, stack.tables.state, 'sendgrid');
    expect(stored?.values.publicKeys).toEqual([sg.webhooks[0]?.public_key]);
    expect(stored?.version).toBe(2);
  });

  it('prints the exact requests on a dry run and sends nothing', async () => {
    const before = sg.requests.length;
    const o = io();
    expect(
      await run(['sendgrid', '--api-key', KEY, '--url', HOOK, '--api', sg.url, '--dry-run'], o.io),
    ).toBe(0);
    expect(sg.requests.length).toBe(before);
    const out = o.out.join('');
    expect(out).toContain(
      `would send: GET ${sg.url}/v3/user/webhooks/event/settings/all  (authorization: ***)`,
    );
    expect(out).toContain('would write: settings#sendgrid');
    expect(out).not.toContain(KEY);
  });

  it('says what is wrong on 401 and 403, waits through 429', async () => {
    const bad = io();
    expect(
      await run(
        ['sendgrid', '--api-key', 'wrong', '--url', HOOK, '--api', sg.url, ...common()],
        bad.io,
      ),
    ).toBe(1);
    expect(bad.err.join('')).toMatch(
      /^rebound connect: SendGrid answered 401 to GET \/v3\/user\/webhooks\/event\/settings\/all: the API key is wrong or revoked/m,
    );
    sg.scoped = false;
    const scope = io();
    expect(
      await run(
        ['sendgrid', '--api-key', KEY, '--url', HOOK, '--api', sg.url, ...common()],
        scope.io,
      ),
    ).toBe(1);
    expect(scope.err.join('')).toMatch(/403 .* lacks the "Mail Settings"/);
    sg.scoped = true;
    sg.throttle = 2;
    const slow = io();
    expect(
      await run(
        ['sendgrid', '--api-key', KEY, '--url', HOOK, '--api', sg.url, ...common()],
        slow.io,
      ),
    ).toBe(0);
    expect(slow.out.join('')).toMatch(/slow down \(429\): waiting 1 s/);
  });

  it('refuses usage mistakes without a stack trace', async () => {
    for (const args of [
      [],
      ['mailgun'],
      ['sendgrid', '--url', HOOK],
      ['sendgrid', '--api-key', KEY, '--url', 'nope'],
    ]) {
      const o = io();
      expect(await run(args, o.io)).toBe(2);
      expect(o.err.join('')).not.toMatch(/\n\s+at /);
    }
  });
});

describe('rebound connect postmark', () => {
  it('creates the webhook with basic auth and the four triggers, storing only a hash of the password', async () => {
    const o = io();
    expect(
      await run(
        ['postmark', '--server-token', TOKEN, '--url', PM_HOOK, '--api', pm.url, ...common()],
        o.io,
      ),
    ).toBe(0);
    expect(pm.webhooks).toHaveLength(1);
    const hook = pm.webhooks[0]!;
    expect(hook).toMatchObject({
      Url: PM_HOOK,
      MessageStream: 'outbound',
      HttpAuth: { Username: 'rebound' },
    });
    expect(
      Object.entries(hook.Triggers ?? {})
        .filter(([, t]) => t.Enabled)
        .map(([n]) => n)
        .sort(),
    ).toEqual(['Bounce', 'Delivery', 'SpamComplaint', 'SubscriptionChange']);
    const stored = await readRuntimeSettings(stack.clients.doc, stack.tables.state, 'postmark');
    const creds = hashedCredentialsOf(stored?.values.credentials);
    expect(matchesHashed('rebound', hook.HttpAuth?.Password ?? '', creds)).toBe(true);
    expect(JSON.stringify(stored)).not.toContain(hook.HttpAuth?.Password);
  });

  it('updates the same webhook when run again; both the new and the previous credentials verify', async () => {
    const first = pm.webhooks[0]?.HttpAuth?.Password ?? '';
    expect(
      await run(
        ['postmark', '--server-token', TOKEN, '--url', PM_HOOK, '--api', pm.url, ...common()],
        io().io,
      ),
    ).toBe(0);
    expect(pm.webhooks).toHaveLength(1);
    const second = pm.webhooks[0]?.HttpAuth?.Password ?? '';
    expect(second).not.toBe(first);
    const creds = hashedCredentialsOf(
      (await readRuntimeSettings(stack.clients.doc, stack.tables.state, 'postmark'))?.values
        .credentials,
    );
    expect([
      matchesHashed('rebound', second, creds),
      matchesHashed('rebound', first, creds),
    ]).toEqual([true, true]);
  });

  it('explains a wrong token and an unknown message stream', async () => {
    const bad = io();
    expect(
      await run(
        ['postmark', '--server-token', 'nope', '--url', PM_HOOK, '--api', pm.url, ...common()],
        bad.io,
      ),
    ).toBe(1);
    expect(bad.err.join('')).toMatch(/Postmark answered 401 .* Server API token/);
    const stream = io();
    expect(
      await run(
        [
          'postmark',
          '--server-token',
          TOKEN,
          '--url',
          PM_HOOK,
          '--stream',
          'nope',
          '--api',
          pm.url,
          ...common(),
        ],
        stream.io,
      ),
    ).toBe(1);
    expect(stream.err.join('')).toMatch(/422 .* message stream/);
  });
});

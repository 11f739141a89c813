/**
 * The HTTP edge of the webhook handlers: which requests get 401/403/400/413, the SNS Basic-auth
 * challenge, subscription confirmation through the injected `httpGet`, base64 bodies.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createRig, payload, type Rig, TOPIC, vendorHandler } from './e2e.ts';
import { HAS_TRANSACTIONS, httpEvent, lambdaContext } from './helpers.ts';
import { basicAuth, sendgridHeaders, sendgridKeys, signSns } from './signing.ts';

let rig: Rig;
beforeAll(async () => {
  rig = await createRig();
});
afterAll(async () => rig?.stop());

const bounce = () => payload('sendgrid-bounce-hard.json');
const records = async () => rig.scan(rig.stack.tables.suppressions);

describe.skipIf(!HAS_TRANSACTIONS)('webhook HTTP edge', () => {
  beforeEach(async () => rig.reset());

  it.each([
    ['missing signature headers', () => ({ 'content-type': 'application/json' }), 401],
    ['another key', () => sendgridHeaders(bounce(), sendgridKeys().privateKey, rig.clock.t), 403],
    [
      'a stale timestamp',
      () => sendgridHeaders(bounce(), sendgridKeys().privateKey, new Date('2026-11-27T00:00:00Z')),
      403,
    ],
  ] as const)('SendGrid: %s → %i, nothing written', async (_name, headers, status) => {
    const res = await rig.invoke(
      rig.handlers.sendgrid,
      httpEvent({ headers: headers(), body: bounce() }),
    );
    expect(res.statusCode).toBe(status);
    expect(await records()).toEqual([]);
  });

  it('SendGrid: a body changed after signing → 403', async () => {
    const req = rig.request('sendgrid', bounce());
    req.body = `${req.body} `;
    expect((await rig.invoke(rig.handlers.sendgrid, req)).statusCode).toBe(403);
  });

  it('SendGrid: a signed body that is not JSON → 400', async () => {
    expect((await rig.post('sendgrid', Buffer.from('[{"email":'))).statusCode).toBe(400);
  });

  it('SendGrid: a base64-encoded body is decoded to the exact signed bytes', async () => {
    const req = rig.request('sendgrid', bounce());
    const ev = {
      ...req,
      body: Buffer.from(req.body as string).toString('base64'),
      isBase64Encoded: true,
    };
    expect((await rig.invoke(rig.handlers.sendgrid, ev)).statusCode).toBe(200);
    expect((await records()).map((r) => r.email)).toEqual(['noreply@example.com']);
  });

  it('any vendor: a body over the limit → 413', async () => {
    const big = Buffer.alloc(3 * 1024 * 1024, 0x20);
    expect((await rig.post('postmark', big)).statusCode).toBe(413);
  });

  it('Postmark: wrong credentials → 401, nothing written', async () => {
    const req = rig.request('postmark', payload('postmark-bounce-hardbounce.json'));
    req.headers.authorization = basicAuth('postmark', 'wrong');
    expect((await rig.invoke(rig.handlers.postmark, req)).statusCode).toBe(401);
    expect(await records()).toEqual([]);
  });

  it('SES: a topic outside the allowlist → 403', async () => {
    const req = rig.request('ses', payload('ses-notification-bounce-permanent-general-sns.json'));
    const env = JSON.parse(req.body as string);
    const other = signSns(
      { ...env, TopicArn: 'arn:aws:sns:us-east-1:999999999999:evil' },
      rig.snsKey,
    );
    const res = await rig.invoke(rig.handlers.ses, { ...req, body: JSON.stringify(other) });
    expect(res.statusCode).toBe(403);
  });

  it('SES: SubscriptionConfirmation GETs the confirm URL core built, then 200', async () => {
    const res = await rig.post('ses', payload('sns-subscriptionconfirmation-signed.json'));
    expect(res.statusCode).toBe(200);
    expect(rig.confirmed).toHaveLength(1);
    const url = new URL(rig.confirmed[0]!);
    expect(url.origin).toBe('https://sns.us-east-1.amazonaws.com');
    expect(url.searchParams.get('Action')).toBe('ConfirmSubscription');
    expect(url.searchParams.get('TopicArn')).toBe(TOPIC);
  });

  it('SES: UnsubscribeConfirmation is a 200 no-op', async () => {
    const before = rig.confirmed.length;
    const res = await rig.post('ses', payload('sns-unsubscribeconfirmation-docs.json'));
    expect(res.statusCode).toBe(200);
    expect(rig.confirmed).toHaveLength(before);
    expect(await records()).toEqual([]);
  });

  it('SES: the topic-validation message is a 200 with no events', async () => {
    const res = await rig.post('ses', payload('sns-notification-ses-topic-validation.json'));
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body).received).toBe(0);
  });

  it('SES with Basic credentials: 401 + WWW-Authenticate challenge first, then accepted', async () => {
    const handler = await vendorHandler(
      rig.base,
      'ses',
      { topicArns: [TOPIC], credentials: [{ user: 'sns', pass: 'pw' }] },
      rig.http,
    );
    const req = rig.request('ses', payload('ses-notification-bounce-permanent-general-sns.json'));
    const first = await handler(req, lambdaContext() as never);
    expect(first.statusCode).toBe(401);
    expect(first.headers?.['www-authenticate']).toMatch(/^Basic realm=/);
    req.headers.authorization = basicAuth('sns', 'pw');
    expect((await handler(req, lambdaContext() as never)).statusCode).toBe(200);
  });
});

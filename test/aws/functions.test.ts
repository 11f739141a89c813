/**
 * The Lambda entry points as deployed code sees them: the config loaders from REBOUND_*
 * variables, and `functions/*.ts` modules invoked against the local servers.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadApiConfig, loadVendorConfig, loadWorkerConfig } from '../../functions/lib/config.ts';
import { createStack, HAS_TRANSACTIONS, httpEvent, lambdaContext, type Stack } from './helpers.ts';
import { sendgridHeaders, sendgridKeys } from './signing.ts';

describe.skipIf(!HAS_TRANSACTIONS)('functions/*.ts on the local servers', () => {
  let stack: Stack;
  const keys = sendgridKeys();
  beforeAll(async () => {
    stack = await createStack();
    Object.assign(process.env, {
      REBOUND_SUPPRESSIONS_TABLE: stack.tables.suppressions,
      REBOUND_STATE_TABLE: stack.tables.state,
      REBOUND_RETRY_QUEUE_URL: stack.retryQueueUrl,
      REBOUND_RETRY_DUE_QUEUE_URL: stack.retryDueQueueUrl,
      REBOUND_SENDGRID_PUBLIC_KEYS: `${sendgridKeys().publicKey}, ${keys.publicKey}`,
      REBOUND_POSTMARK_CREDENTIALS: 'pm:secret',
      REBOUND_SNS_TOPIC_ALLOWLIST:
        'arn:aws:sns:us-east-1:123456789012:a,arn:aws:sns:us-east-1:123456789012:b',
      REBOUND_API_KEY: 'fn-key',
      REBOUND_VENDOR: 'sendgrid',
      AWS_ENDPOINT_URL_DYNAMODB: process.env.DDB_ENDPOINT,
      AWS_ENDPOINT_URL_SQS: process.env.SQS_ENDPOINT,
    });
  });

  it('the config loaders read the REBOUND_* variables', async () => {
    const sg = await loadVendorConfig('sendgrid');
    expect(sg.adapter.id).toBe('sendgrid');
    expect(sg.tables).toEqual(stack.tables);
    expect(sg.retryQueueUrl).toBe(stack.retryQueueUrl);
    expect(sg.settings.publicKeys).toHaveLength(2);
    expect(sg.settings).toMatchObject({ maxAgeSeconds: 90_000, maxFutureSeconds: 300 });
    const pm = await loadVendorConfig('postmark');
    expect(pm.settings).toEqual({
      credentials: [{ user: 'pm', pass: 'secret' }],
      allowedIps: [],
    });
    expect((await loadVendorConfig('ses')).settings).toMatchObject({ credentials: [] });
    expect((await loadVendorConfig('ses')).settings.topicArns).toHaveLength(2);
    expect((await loadWorkerConfig()).retryDueQueueUrl).toBe(stack.retryDueQueueUrl);
    expect((await loadApiConfig()).apiKeys).toEqual([{ name: 'default', key: 'fn-key' }]);
  });

  it('functions/webhook.handler (REBOUND_VENDOR=sendgrid) stores a signed bounce; suppression-api.handler serves it', async () => {
    const { handler: webhook } = await import('../../functions/webhook.ts');
    const now = new Date();
    const body = Buffer.from(
      JSON.stringify([
        {
          email: 'Fn@Example.com',
          event: 'bounce',
          type: 'bounce',
          status: '5.1.1',
          reason: '550 5.1.1 no such user',
          timestamp: Math.floor(now.getTime() / 1000),
          sg_event_id: 'fn1',
          sg_message_id: 'fm1',
        },
      ]),
    );
    const res = await webhook(
      httpEvent({ headers: sendgridHeaders(body, keys.privateKey, now), body }) as never,
      lambdaContext() as never,
    );
    expect(res.statusCode).toBe(200);
    const item = await stack.clients.doc.send(
      new GetCommand({ TableName: stack.tables.suppressions, Key: { email: 'fn@example.com' } }),
    );
    expect(item.Item?.reason).toBe('user-unknown');

    const { handler: api } = await import('../../functions/suppression-api.ts');
    const got = await api(
      httpEvent({
        method: 'GET',
        path: '/suppressions/fn@example.com',
        headers: { authorization: 'Bearer fn-key' },
      }) as never,
      lambdaContext() as never,
    );
    expect(got.statusCode).toBe(200);
    expect(JSON.parse(got.body)).toMatchObject({ email: 'fn@example.com', suppressed: true });
  });

  it('functions/subscriber.handler (REBOUND_VENDOR=ses) applies a direct SNS→Lambda event', async () => {
    process.env.REBOUND_VENDOR = 'ses';
    const { handler } = await import('../../functions/subscriber.ts');
    process.env.REBOUND_VENDOR = 'sendgrid';
    const message = {
      notificationType: 'Complaint',
      complaint: {
        complainedRecipients: [{ emailAddress: 'sns-direct@example.com' }],
        timestamp: new Date().toISOString(),
        feedbackId: 'fb-1',
        complaintFeedbackType: 'abuse',
      },
      mail: {
        timestamp: new Date().toISOString(),
        messageId: 'ses-1',
        source: 's@example.com',
        destination: ['sns-direct@example.com'],
      },
    };
    const event = {
      Records: [
        {
          EventSource: 'aws:sns',
          Sns: {
            Type: 'Notification',
            MessageId: 'sns-1',
            TopicArn: 'arn:aws:sns:us-east-1:123456789012:a',
            Message: JSON.stringify(message),
            Timestamp: new Date().toISOString(),
          },
        },
      ],
    };
    const res = await handler(event as never, lambdaContext() as never);
    expect(res).toEqual({ received: 1 });
    const item = await stack.clients.doc.send(
      new GetCommand({
        TableName: stack.tables.suppressions,
        Key: { email: 'sns-direct@example.com' },
      }),
    );
    expect(item.Item?.reason).toBe('complaint');
    // a malformed event is dropped (logged), not retried forever
    expect(await handler({ nope: true } as never, lambdaContext() as never)).toEqual({
      received: 0,
    });
  });

  it('functions/retry-worker.handler answers partial batch failures', async () => {
    const { handler } = await import('../../functions/retry-worker.ts');
    const res = await handler(
      { Records: [{ messageId: 'p1', body: 'poison' }] } as never,
      lambdaContext() as never,
    );
    expect(res).toEqual({ batchItemFailures: [{ itemIdentifier: 'p1' }] });
  });
});

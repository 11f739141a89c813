/** `loadConfig()` under SST: names, URLs and secrets come from `Resource.<Name>` (sst SDK). */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadConfig } from '../../functions/lib/config.ts';

const LINKS: Record<string, object> = {
  App: { name: 'rebound', stage: 'test' },
  Suppressions: { name: 'rebound-test-SuppressionsTable', type: 'sst.sst.Linkable' },
  State: { name: 'rebound-test-StateTable', type: 'sst.sst.Linkable' },
  RetryQueue: { url: 'https://sqs.us-east-1.amazonaws.com/1/retry', type: 'sst.sst.Linkable' },
  RetryDueQueue: { url: 'https://sqs.us-east-1.amazonaws.com/1/due', type: 'sst.sst.Linkable' },
  SendgridPublicKeys: { value: 'k1 k2', type: 'sst.sst.Secret' },
  PostmarkCredentials: { value: 'a:b', type: 'sst.sst.Secret' },
  SnsTopicAllowlist: { value: 'arn:aws:sns:us-east-1:1:t', type: 'sst.sst.Secret' },
  SnsCredentials: { value: 'sns:pw:1,old:x', type: 'sst.sst.Secret' },
  SuppressionApiKey: { value: 'sst-key', type: 'sst.sst.Secret' },
};
const saved: Record<string, string | undefined> = {};

beforeAll(() => {
  for (const [name, value] of Object.entries(LINKS)) {
    saved[name] = process.env[`SST_RESOURCE_${name}`];
    process.env[`SST_RESOURCE_${name}`] = JSON.stringify(value);
  }
  saved.table = process.env.REBOUND_SUPPRESSIONS_TABLE;
  process.env.REBOUND_SUPPRESSIONS_TABLE = 'from-env-must-lose';
});
afterAll(() => {
  for (const name of Object.keys(LINKS)) {
    if (saved[name] === undefined) delete process.env[`SST_RESOURCE_${name}`];
    else process.env[`SST_RESOURCE_${name}`] = saved[name];
  }
  if (saved.table === undefined) delete process.env.REBOUND_SUPPRESSIONS_TABLE;
  else process.env.REBOUND_SUPPRESSIONS_TABLE = saved.table;
});

it('reads Resource.<Name> when SST links are present', async () => {
  const c = await loadConfig();
  expect(c.tables).toEqual({
    suppressions: 'rebound-test-SuppressionsTable',
    state: 'rebound-test-StateTable',
  });
  expect(c.retryQueueUrl).toBe('https://sqs.us-east-1.amazonaws.com/1/retry');
  expect(c.retryDueQueueUrl).toBe('https://sqs.us-east-1.amazonaws.com/1/due');
  expect(c.sendgridPublicKeys).toEqual(['k1', 'k2']);
  expect(c.postmarkCredentials).toEqual([{ user: 'a', pass: 'b' }]);
  expect(c.topicArns).toEqual(['arn:aws:sns:us-east-1:1:t']);
  expect(c.apiKey).toBe('sst-key');
  expect(c.snsCredentials).toEqual([
    { user: 'sns', pass: 'pw:1' },
    { user: 'old', pass: 'x' },
  ]);
});

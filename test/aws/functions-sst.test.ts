/** The config loaders under SST: names, URLs and secrets come from `Resource.<Name>` (sst SDK). */

import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadApiConfig, loadVendorConfig, loadWorkerConfig } from '../../functions/lib/config.ts';

const pem = () =>
  generateKeyPairSync('ec', { namedCurve: 'prime256v1' })
    .publicKey.export({ type: 'spki', format: 'pem' })
    .toString();
const [K1, K2] = [pem(), pem()];

const LINKS: Record<string, object> = {
  App: { name: 'rebound', stage: 'test' },
  Suppressions: { name: 'rebound-test-SuppressionsTable', type: 'sst.sst.Linkable' },
  State: { name: 'rebound-test-StateTable', type: 'sst.sst.Linkable' },
  RetryQueue: { url: 'https://sqs.us-east-1.amazonaws.com/1/retry', type: 'sst.sst.Linkable' },
  RetryDueQueue: { url: 'https://sqs.us-east-1.amazonaws.com/1/due', type: 'sst.sst.Linkable' },
  SendgridPublicKeys: { value: `${K1}\n${K2}`, type: 'sst.sst.Secret' },
  PostmarkCredentials: { value: 'a:b', type: 'sst.sst.Secret' },
  SnsTopicAllowlist: { value: 'arn:aws:sns:us-east-1:123456789012:t', type: 'sst.sst.Secret' },
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
  const sg = await loadVendorConfig('sendgrid');
  expect(sg.tables).toEqual({
    suppressions: 'rebound-test-SuppressionsTable',
    state: 'rebound-test-StateTable',
  });
  expect(sg.retryQueueUrl).toBe('https://sqs.us-east-1.amazonaws.com/1/retry');
  // Two PEM keys stay two keys (not split on their line breaks).
  expect(sg.settings.publicKeys).toEqual([K1.trim(), K2.trim()]);
  expect((await loadWorkerConfig()).retryDueQueueUrl).toBe(
    'https://sqs.us-east-1.amazonaws.com/1/due',
  );
  expect((await loadVendorConfig('postmark')).settings.credentials).toEqual([
    { user: 'a', pass: 'b' },
  ]);
  const ses = await loadVendorConfig('ses');
  expect(ses.settings.topicArns).toEqual(['arn:aws:sns:us-east-1:123456789012:t']);
  expect(ses.settings.credentials).toEqual([
    { user: 'sns', pass: 'pw:1' },
    { user: 'old', pass: 'x' },
  ]);
  expect((await loadApiConfig()).apiKeys).toEqual([{ name: 'default', key: 'sst-key' }]);
});

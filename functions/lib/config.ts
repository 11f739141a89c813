/**
 * Runtime configuration for the Lambda entry points: `Resource.<Name>` from the `sst` package
 * when running under SST, else REBOUND_* environment variables (local stack and tests).
 */
import { type AwsClients, createClients, fetchGet, type TableNames } from '@rebound/aws';
import type { BasicCredential } from '@rebound/core';

/** Everything the handler factories take. */
export interface ReboundConfig {
  doc: AwsClients['doc'];
  sqs: AwsClients['sqs'];
  tables: TableNames;
  suppressionsTable: string;
  retryQueueUrl: string;
  retryDueQueueUrl: string;
  sendgridPublicKeys: string[];
  postmarkCredentials: BasicCredential[];
  topicArns: string[];
  apiKey: string;
  /**
   * Basic credentials of the SNS HTTPS subscription URL: the `SnsCredentials` secret (linked
   * to the SES webhook only; empty = no basic auth), else REBOUND_SNS_CREDENTIALS locally.
   */
  snsCredentials: BasicCredential[];
  fetchCertificate(url: string): Promise<string>;
  httpGet(url: string): Promise<void>;
  now(): Date;
}

/** Splits a comma/whitespace separated secret into its parts. */
export function splitList(value: string | undefined): string[] {
  return (value ?? '').split(/[\s,]+/).filter(Boolean);
}

/** Parses `user:pass` pairs, comma separated (the password may contain ':'). */
export function parseCredentials(value: string | undefined): BasicCredential[] {
  return (value ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p.includes(':'))
    .map((p) => ({ user: p.slice(0, p.indexOf(':')), pass: p.slice(p.indexOf(':') + 1) }));
}

type Linked = Record<string, { name?: string; url?: string; value?: string } | undefined>;

async function sstResources(): Promise<{ resource: Linked } | null> {
  if (!process.env.SST_RESOURCE_App && !process.env.SST_KEY_FILE) return null;
  const mod = (await import('sst')) as unknown as { Resource: Linked };
  // Wrapped: `Resource` is a Proxy that throws on unknown keys, so awaiting it (`.then`) would throw.
  return { resource: mod.Resource };
}

/** The certificate fetcher for real SNS (the URL was validated by core before this is called). */
async function fetchCertificate(url: string): Promise<string> {
  const res = await fetch(url, { redirect: 'error' });
  if (!res.ok) throw new Error(`certificate fetch answered ${res.status}`);
  return res.text();
}

/** Reads the configuration once per cold start. */
export async function loadConfig(): Promise<ReboundConfig> {
  const r = (await sstResources())?.resource;
  const env = process.env;
  const pick = (name: string, key: 'name' | 'url' | 'value', envName: string) => {
    const linked = r
      ? (() => {
          try {
            return r[name]?.[key];
          } catch {
            return undefined;
          }
        })()
      : undefined;
    return linked ?? env[envName] ?? '';
  };
  const tables = {
    suppressions: pick('Suppressions', 'name', 'REBOUND_SUPPRESSIONS_TABLE'),
    state: pick('State', 'name', 'REBOUND_STATE_TABLE'),
  };
  const clients = createClients({
    ...(env.AWS_ENDPOINT_URL_DYNAMODB ? { dynamodbEndpoint: env.AWS_ENDPOINT_URL_DYNAMODB } : {}),
    ...(env.AWS_ENDPOINT_URL_SQS ? { sqsEndpoint: env.AWS_ENDPOINT_URL_SQS } : {}),
  });
  return {
    doc: clients.doc,
    sqs: clients.sqs,
    tables,
    suppressionsTable: tables.suppressions,
    retryQueueUrl: pick('RetryQueue', 'url', 'REBOUND_RETRY_QUEUE_URL'),
    retryDueQueueUrl: pick('RetryDueQueue', 'url', 'REBOUND_RETRY_DUE_QUEUE_URL'),
    sendgridPublicKeys: splitList(
      pick('SendgridPublicKeys', 'value', 'REBOUND_SENDGRID_PUBLIC_KEYS'),
    ),
    postmarkCredentials: parseCredentials(
      pick('PostmarkCredentials', 'value', 'REBOUND_POSTMARK_CREDENTIALS'),
    ),
    topicArns: splitList(pick('SnsTopicAllowlist', 'value', 'REBOUND_SNS_TOPIC_ALLOWLIST')),
    apiKey: pick('SuppressionApiKey', 'value', 'REBOUND_API_KEY'),
    snsCredentials: parseCredentials(pick('SnsCredentials', 'value', 'REBOUND_SNS_CREDENTIALS')),
    fetchCertificate,
    httpGet: fetchGet,
    now: () => new Date(),
  };
}

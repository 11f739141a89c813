/**
 * Local credentials for `npm start` and `rebound replay`: created on first start under
 * `.rebound/credentials.json` (git-ignored), then reused so replayed payloads keep verifying.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LocalCredentials } from '../../packages/cli/src/commands/replay.ts';
import { selfSignedCertificate } from './x509.ts';

export type { LocalCredentials };

/** The certificate URL the local SES handler resolves to the local certificate (no network). */
export const LOCAL_CERT_URL =
  'https://sns.us-east-1.amazonaws.com/SimpleNotificationService-rebound-local.pem';

/** The allowlisted local SES topic. */
export const LOCAL_TOPIC_ARN = 'arn:aws:sns:us-east-1:000000000000:rebound-local-ses';

const DAY_MS = 24 * 3600 * 1000;

/** Makes a fresh set: P-256 pair, Postmark basic auth, SNS RSA key + certificate, API key. */
export function createCredentials(now = new Date()): LocalCredentials {
  const ec = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const certificatePem = selfSignedCertificate(rsa.privateKey, {
    commonName: 'sns.amazonaws.com',
    notBefore: new Date(now.getTime() - DAY_MS),
    notAfter: new Date(now.getTime() + 3650 * DAY_MS),
    serial: randomBytes(16),
  });
  return {
    sendgrid: {
      publicKey: ec.publicKey.export({ type: 'spki', format: 'der' }).toString('base64'),
      privateKeyPem: ec.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    },
    postmark: { user: 'rebound-local', pass: randomBytes(18).toString('base64url') },
    sns: {
      topicArn: LOCAL_TOPIC_ARN,
      certUrl: LOCAL_CERT_URL,
      certificatePem,
      privateKeyPem: rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    },
    apiKey: randomBytes(24).toString('base64url'),
  };
}

/** Reads `<dir>/credentials.json`, creating it (mode 0600) on first use. */
export function loadOrCreateCredentials(dir: string): {
  credentials: LocalCredentials;
  created: boolean;
} {
  const file = join(dir, 'credentials.json');
  if (existsSync(file)) {
    return {
      credentials: JSON.parse(readFileSync(file, 'utf8')) as LocalCredentials,
      created: false,
    };
  }
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const credentials = createCredentials();
  writeFileSync(file, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 });
  return { credentials, created: true };
}

/** The certificate fetcher the local SES handlers get: only the local URL, never the network. */
export function localCertificateFetcher(creds: LocalCredentials): (url: string) => Promise<string> {
  return async (url) => {
    if (url === creds.sns.certUrl) return creds.sns.certificatePem;
    throw new Error(`local stack: refusing to fetch ${url} (only ${creds.sns.certUrl} is served)`);
  };
}

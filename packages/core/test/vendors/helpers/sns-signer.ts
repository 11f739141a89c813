/**
 * Test-only SNS signer: an RSA key from node:crypto and a self-signed X.509 certificate made by
 * the openssl command line (core has no certificate builder), plus an envelope signer.
 */
import { execFileSync } from 'node:child_process';
import { generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type SnsEnvelope, stringToSign } from '../../../src/vendors/ses/sns.ts';

/** A key pair and its certificate (PEM). */
export interface TestSigner {
  privateKey: KeyObject;
  certPem: string;
}

/** Creates an RSA (or EC) key and a certificate for `subject`, valid for `days` from now. */
export function makeSigner(
  opts: { subject?: string; days?: number; ec?: boolean } = {},
): TestSigner {
  const { privateKey } = opts.ec
    ? generateKeyPairSync('ec', { namedCurve: 'prime256v1' })
    : generateKeyPairSync('rsa', { modulusLength: 2048 });
  const dir = mkdtempSync(join(tmpdir(), 'rebound-sns-'));
  try {
    const keyPath = join(dir, 'key.pem');
    const certPath = join(dir, 'cert.pem');
    writeFileSync(keyPath, privateKey.export({ type: 'pkcs8', format: 'pem' }));
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-new',
        '-key',
        keyPath,
        '-out',
        certPath,
        '-subj',
        opts.subject ?? '/CN=sns.amazonaws.com',
        '-days',
        String(opts.days ?? 2),
      ],
      { stdio: 'pipe' },
    );
    return { privateKey, certPem: readFileSync(certPath, 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Signs an envelope in place (SignatureVersion 1 = SHA1, 2 = SHA256) and returns it. */
export function signEnvelope(
  env: Omit<SnsEnvelope, 'Signature'> & { Signature?: string },
  key: KeyObject,
): SnsEnvelope {
  const full = { ...env, Signature: '' } as SnsEnvelope;
  const alg = env.SignatureVersion === '2' ? 'sha256' : 'sha1';
  full.Signature = sign(alg, Buffer.from(stringToSign(full), 'utf8'), key).toString('base64');
  return full;
}

/** A Notification envelope around `message`, not yet signed. */
export function notification(
  message: string,
  over: Partial<SnsEnvelope> = {},
): Omit<SnsEnvelope, 'Signature'> {
  return {
    Type: 'Notification',
    MessageId: '22b80b92-fdea-4c2c-8f9d-bdfb0c7bf324',
    TopicArn: 'arn:aws:sns:eu-west-1:123456789012:rebound-ses',
    Message: message,
    Timestamp: '2026-11-28T09:00:00.000Z',
    SignatureVersion: '2',
    SigningCertURL:
      'https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-0123456789abcdef0123456789abcdef.pem',
    UnsubscribeURL: 'https://sns.eu-west-1.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=x',
    ...over,
  };
}

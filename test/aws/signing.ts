/**
 * Test credentials and signers: a SendGrid-style P-256 key pair (DER ECDSA over timestamp + raw
 * body), Postmark Basic auth, and an SNS signer with an openssl-made self-signed certificate.
 */
import { generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import type { SnsEnvelope } from '@rebound/core';
import { makeSigner, signEnvelope } from '../../packages/core/test/vendors/helpers/sns-signer.ts';

/** SendGrid signing key pair; `publicKey` is base64 SPKI DER, as SendGrid shows it. */
export function sendgridKeys() {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  return {
    privateKey,
    publicKey: publicKey.export({ type: 'spki', format: 'der' }).toString('base64'),
  };
}

/** The headers SendGrid would send for `body` at `now`. */
export function sendgridHeaders(body: Buffer, key: KeyObject, now: Date): Record<string, string> {
  const ts = String(Math.floor(now.getTime() / 1000));
  const sig = sign('sha256', Buffer.concat([Buffer.from(ts), body]), { key, dsaEncoding: 'der' });
  return {
    'content-type': 'application/json',
    'x-twilio-email-event-webhook-signature': sig.toString('base64'),
    'x-twilio-email-event-webhook-timestamp': ts,
  };
}

/** `Authorization: Basic …` for a user and password. */
export function basicAuth(user: string, pass: string): string {
  return `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;
}

/** The certificate URL the SES tests sign with (must match the topic's region). */
export const TEST_CERT_URL =
  'https://sns.us-east-1.amazonaws.com/SimpleNotificationService-feedfacefeedfacefeedfacefeedface.pem';

/** An RSA key with a self-signed certificate for CN=sns.amazonaws.com (openssl CLI). */
export function snsSigner(): { privateKey: KeyObject; certPem: string } {
  return makeSigner({ days: 3650 });
}

/** Re-signs an SNS envelope (v2, SHA256) with the test key, pointing at the test certificate URL. */
export function signSns(env: Record<string, unknown>, key: KeyObject): SnsEnvelope {
  return signEnvelope(
    { ...env, SignatureVersion: '2', SigningCertURL: TEST_CERT_URL } as SnsEnvelope,
    key,
  );
}

/** Wraps a bare SES document in a Notification envelope for `topicArn`. */
export function envelopeFor(doc: unknown, topicArn: string, messageId: string, timestamp: string) {
  return {
    Type: 'Notification',
    MessageId: messageId,
    TopicArn: topicArn,
    Message: JSON.stringify(doc),
    Timestamp: timestamp,
    UnsubscribeURL: 'https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=x',
  };
}

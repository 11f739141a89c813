/**
 * SNS requests for the SES generators: a valid Notification for a random SES fixture, signed
 * with the rig's key as SNS signs it, and the HTTP request SNS posts for an envelope.
 */
import { generateKeyPairSync, type KeyObject, randomUUID } from 'node:crypto';
import type { HttpEvent } from '@rebound/aws';
import { payload, type Rig, TOPIC } from '../aws/e2e.ts';
import { httpEvent } from '../aws/helpers.ts';
import { envelopeFor, signSns } from '../aws/signing.ts';
import type { Rng } from './rng.ts';

/** An SNS envelope being built or broken. */
export type Env = Record<string, unknown>;
const FIXTURES = [
  'ses-notification-bounce-permanent-general-sns.json',
  'ses-notification-complaint-abuse-feedback.json',
  'ses-notification-delivery-basic.json',
  'ses-event-bounce-transient-mailboxfull.json',
];

let otherKey: KeyObject | undefined;
/** An RSA key that is not the rig's SNS key (made once). */
export const anotherKey = () => {
  otherKey ??= generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  return otherKey;
};

/** A valid, signed Notification for a random fixture (optionally changed before signing). */
export function signed(rig: Rig, r: Rng, change: (e: Env) => void = () => {}): Env {
  const doc = JSON.parse(payload(r.pick(FIXTURES)).toString('utf8'));
  const env: Env = envelopeFor(doc, TOPIC, randomUUID(), rig.clock.t.toISOString());
  change(env);
  return { ...signSns(env, rig.snsKey) };
}

/** The HTTP request SNS would post for an envelope (or raw bytes). */
export function post(env: Env | Buffer, headers: Record<string, string> = {}): HttpEvent {
  const e = Buffer.isBuffer(env) ? {} : env;
  const base: Record<string, string> = { 'content-type': 'text/plain; charset=UTF-8' };
  if (typeof e.Type === 'string') base['x-amz-sns-message-type'] = e.Type;
  if (typeof e.TopicArn === 'string') base['x-amz-sns-topic-arn'] = e.TopicArn;
  const body = Buffer.isBuffer(env) ? env : Buffer.from(JSON.stringify(env));
  return httpEvent({ path: '/webhooks/ses', headers: { ...base, ...headers }, body });
}

/** The envelope as the JSON bytes SNS posts. */
export const bytes = (env: Env) => Buffer.from(JSON.stringify(env));

/**
 * Generated malformed SES-over-SNS requests: broken envelopes and Messages under a valid
 * signature (400), oversize (413), bad signatures, timestamps, certificate URLs, topics,
 * SubscribeURLs and message types (403). Each envelope is signed as SNS signs it, then broken.
 */
import { randomUUID } from 'node:crypto';
import { type Rig, TOPIC } from '../aws/e2e.ts';
import { signSns } from '../aws/signing.ts';
import {
  type BadCase,
  invalidUtf8,
  oversized,
  truncated,
  withBytes,
  wrongTopLevel,
} from './bad-common.ts';
import {
  BAD_CERT_URLS,
  BAD_MESSAGES,
  BAD_TOPICS,
  BAD_TYPES,
  badSubscribeUrl,
} from './bad-ses-values.ts';
import type { Rng } from './rng.ts';
import { anotherKey, bytes, type Env, post, signed } from './sns-requests.ts';

type Gen = (rig: Rig, r: Rng) => Omit<BadCase, 'category'>;
const sig = { check: 'signature' };

const GENERATORS: Record<string, Gen> = {
  'truncated envelope JSON': (rig, r) => ({
    event: post(truncated(bytes(signed(rig, r)), r)),
    status: 400,
    names: { error: /^sns: body is not JSON$/ },
  }),
  'envelope of the wrong type': (_rig, r) => ({
    event: post(Buffer.from(wrongTopLevel('object', r))),
    status: 400,
    names: { error: /^sns: envelope must be a JSON object$/ },
  }),
  'Message truncated, signed': (rig, r) => ({
    event: post(
      signed(rig, r, (e) => {
        e.Message = truncated(Buffer.from(e.Message as string), r).toString('utf8');
      }),
    ),
    status: 400,
    names: { error: /^ses message: body is not JSON$/ },
  }),
  'Message not an SES document, signed': (rig, r) => ({
    event: post(signed(rig, r, (e) => Object.assign(e, { Message: r.pick(BAD_MESSAGES) }))),
    status: 400,
    names: { error: /^ses: / },
  }),
  'invalid UTF-8': (rig, r) => {
    const body = invalidUtf8(bytes(signed(rig, r)), r);
    return {
      event: withBytes(post(body), body),
      status: 400,
      names: { error: /^sns: body is not valid UTF-8$/ },
    };
  },
  'over the size limit': (rig, r) => {
    const body = oversized(JSON.stringify(signed(rig, r)), r);
    return {
      event: r.next() < 0.5 ? post(body) : withBytes(post(body), body),
      status: 413,
      names: { error: /^body exceeds \d+ bytes$/ },
    };
  },
  'invalid signature': (rig, r) => {
    const env = signed(rig, r);
    const variants = [
      () => signSns({ ...env }, anotherKey()).Signature,
      () => signed(rig, r).Signature,
      () =>
        Buffer.from(Array.from({ length: r.int(1, 300) }, () => r.int(0, 255))).toString('base64'),
      () => '',
      () => undefined,
      () => (env.Signature as string).slice(4),
    ];
    env.Signature = r.pick(variants)();
    return { event: post(env), status: 403, names: sig };
  },
  'bad SignatureVersion': (rig, r) => {
    const env = signed(rig, r);
    env.SignatureVersion = r.pick(['3', '0', '', undefined, 2, '2 ', 'v2']);
    return { event: post(env), status: 403, names: sig };
  },
  'stale or future Timestamp, signed': (rig, r) => {
    const past = r.next() < 0.5;
    const off = past ? -r.int(3901, 1e8) : r.int(301, 1e8);
    const at = new Date(rig.clock.t.getTime() + off * 1000).toISOString();
    const ts = r.next() < 0.15 ? r.pick(['yesterday', '', '2026-13-45T00:00:00Z']) : at;
    return {
      event: post(signed(rig, r, (e) => Object.assign(e, { Timestamp: ts }))),
      status: 403,
      names: { check: 'timestamp' },
    };
  },
  'changed after signing': (rig, r) => {
    const env = signed(rig, r);
    const variants = [
      () => Object.assign(env, { Message: `${env.Message} ` }),
      () => Object.assign(env, { Message: (env.Message as string).replace(/"[^"]*@/, '"evil@') }),
      () => Object.assign(env, { MessageId: randomUUID() }),
      () => Object.assign(env, { Subject: 'Amazon SES Email Event Notification' }),
      () =>
        Object.assign(env, {
          Timestamp: new Date(rig.clock.t.getTime() - r.int(1, 600) * 1000).toISOString(),
        }),
    ];
    const before = JSON.stringify(env);
    r.pick(variants)();
    if (JSON.stringify(env) === before) env.Message = `${env.Message}\n`;
    return { event: post(env), status: 403, names: sig };
  },
  'certificate URL elsewhere': (rig, r) => {
    const env = signed(rig, r);
    env.SigningCertURL = r.pick(BAD_CERT_URLS);
    return { event: post(env), status: 403, names: { check: 'certificate-url' } };
  },
  'topic not allowlisted': (rig, r) => {
    const topic = r.pick(BAD_TOPICS);
    if (topic === 'header') {
      const env = signed(rig, r);
      return {
        event: post(env, { 'x-amz-sns-topic-arn': `${TOPIC}-2` }),
        status: 403,
        names: { check: 'topic' },
      };
    }
    const env = signed(rig, r, (e) => Object.assign(e, { TopicArn: topic }));
    return { event: post(env), status: 403, names: { check: 'topic' } };
  },
  'SubscribeURL elsewhere': (rig, r) => {
    const token = Buffer.from(Array.from({ length: 32 }, () => r.int(0, 255))).toString('hex');
    const env: Env = {
      Type: 'SubscriptionConfirmation',
      MessageId: randomUUID(),
      Token: token,
      TopicArn: TOPIC,
      Message: `You have chosen to subscribe to the topic ${TOPIC}.`,
      SubscribeURL: badSubscribeUrl(r, TOPIC, token),
      Timestamp: rig.clock.t.toISOString(),
    };
    if (r.next() < 0.1) delete env.Token;
    return {
      event: post({ ...signSns(env, rig.snsKey) }),
      status: 403,
      names: { check: 'subscribe-url' },
    };
  },
  'wrong message type': (rig, r) => {
    const env = signed(rig, r);
    const t = r.pick(BAD_TYPES);
    if (t === 'header')
      return {
        event: post(env, { 'x-amz-sns-message-type': 'SubscriptionConfirmation' }),
        status: 403,
        names: { check: 'message-type' },
      };
    env.Type = t;
    return { event: post(env), status: 403, names: { check: 'message-type' } };
  },
  'required field missing': (rig, r) => {
    const env = signed(rig, r);
    const key = r.pick(['MessageId', 'Message', 'Timestamp']);
    env[key] = r.pick([undefined, 42, null, { a: 1 }]);
    return { event: post(env), status: 400, names: { error: new RegExp(`^sns: ${key} missing$`) } };
  },
  'raw delivery without a signature': (rig, r) => ({
    event: post(Buffer.from(signed(rig, r).Message as string), {
      'x-amz-sns-rawdelivery': 'true',
      'x-amz-sns-topic-arn': TOPIC,
    }),
    status: 403,
    names: sig,
  }),
};

/** The `i`-th generated SES case. */
export function sesCase(rig: Rig, r: Rng, i: number): BadCase {
  const names = Object.keys(GENERATORS);
  const category = names[i % names.length] as string;
  return { ...(GENERATORS[category] as Gen)(rig, r), category };
}

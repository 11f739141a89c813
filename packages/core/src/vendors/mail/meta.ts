/**
 * The raw mail source's eager metadata: bounce mails posted as `message/rfc822` (a Postfix
 * `pipe` transport, a forwarding mailbox), signed like the generic endpoint with their own
 * secret; and its direct source, SES receiving for a bounce domain (SES stores the mail in S3,
 * then invokes the function). `optIn`: the webhook deploys only when REBOUND_VENDORS names it.
 */
import { hmacSecrets } from '../shared/hmac-signature.ts';
import { PENDING } from '../shared/settings.ts';
import type { SettingSpec, VendorMeta } from '../types.ts';

/** The raw mail source's settings, parsed. */
export interface MailSettings {
  secrets: string[];
}

/**
 * The largest mail the webhook takes. A Function URL carries at most 6 MB of request, and a
 * binary body arrives base64-encoded (4/3 larger): 4 MB of mail is about 5.6 MB on the wire.
 * Lambda refuses anything larger itself (413) before this function runs; the local stack
 * answers the same 413 from this limit. Mail received through SES is read from S3 up to the
 * parser's own 10 MB.
 */
export const MAX_POSTED_MAIL_BYTES = 4 * 1024 * 1024;

/** Where the SES receipt rule stores inbound mail in its bucket (infra/inbound-mail.ts). */
export const INBOUND_PREFIX = 'inbound/';

const settings = [
  {
    key: 'secrets',
    name: 'MailWebhookSecrets',
    env: 'REBOUND_MAIL_SECRETS',
    kind: 'secret',
    required: true,
    holds:
      'the HMAC-SHA256 secret(s) the mail forwarder signs with, at least 32 characters each; several comma separated while rotating; `pending` refuses every request',
    deployDefault: PENDING,
    parse: hmacSecrets,
  } satisfies SettingSpec<string[]>,
] as const;

const bucket = {
  key: 'bucket',
  name: 'InboundMailBucket',
  env: 'REBOUND_INBOUND_MAIL_BUCKET',
  kind: 'setting',
  required: true,
  holds: 'the bucket SES stores inbound bounce mail in (set by the deploy)',
  parse: (raw: string) => {
    const t = raw.trim();
    if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(t)) throw new Error('must be an S3 bucket name');
    return t;
  },
} satisfies SettingSpec<string>;

/** Raw bounce mail, as the registry lists it. */
export const MAIL = {
  id: 'mail',
  title: 'Raw mail endpoint',
  component: 'Mail',
  docsUrl: 'docs/webhooks.md#raw-mail-endpoint',
  route: '/webhooks/mail',
  verification:
    'HMAC-SHA256 over timestamp + "." + raw mail (`rebound-signature`), ±5 minutes, several secrets; SES receiving: IAM',
  settings,
  // One mail per request, parsed from its first 1 MB (core/mail/mime.ts): CPU-bound for a few
  // ms, so 512 MB for the CPU share; 30 s covers a slow write. Reserved concurrency 10: a
  // Postfix pipe delivers one mail at a time per process and defers (retries) on a 429.
  tuning: { memoryMb: 512, timeoutSeconds: 30, reservedConcurrency: 10 },
  webhook: 'always',
  optIn: true,
  maxBodyBytes: MAX_POSTED_MAIL_BYTES,
  payload: 'message/rfc822',
  // SES → S3 → this function (an async invoke: Lambda retries twice, then the on-failure
  // queue). Reads up to 10 MB from S3 (MAX_MAIL_BYTES), hence 512 MB; 60 s for the read.
  direct: {
    tuning: { memoryMb: 512, timeoutSeconds: 60 },
    objects: { prefix: INBOUND_PREFIX, bucket },
  },
} as const satisfies VendorMeta<'mail'>;

/**
 * The largest mail read from the bucket: the parser's own limit (`MAX_MAIL_BYTES` of
 * core/mail/mime.ts, equal by test; not imported, so the eager metadata stays free of the MIME
 * parser).
 */
export const MAX_STORED_MAIL_BYTES = 10 * 1024 * 1024;

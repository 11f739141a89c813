/**
 * What a vendor is to Rebound: its eager metadata (id, route, settings, tuning, docs), and the
 * adapter its folder exports (verify + parse, hint tables, replay signer, local credentials).
 * Everything else (functions, infra, local routes, CLI, docs) derives from these two shapes.
 */
import type { NormalizedEvent, RawRequest } from '../types.ts';

/**
 * One configuration value a function reads at cold start. Secrets are SST secrets
 * (`Resource.<name>.value`); settings are plain environment variables set at deploy time.
 * Locally (and in tests) both come from `env`.
 */
export interface SettingSpec<T = unknown> {
  /** The key in the parsed settings object the adapter receives (`publicKeys`). */
  key: string;
  /** The contract name: the SST secret or link (`SendgridPublicKeys`), or the setting's name. */
  name: string;
  /** The environment variable read when no SST link exists (and always for settings). */
  env: `REBOUND_${string}`;
  /** `secret`: an SST secret; `setting`: a deploy-time environment variable. */
  kind: 'secret' | 'setting';
  /** A missing or empty required value fails the cold start, naming it. */
  required: boolean;
  /** The raw text used when an optional value is unset (default `''`). */
  default?: string;
  /**
   * The secret's value when the stage never set it: a literal, or a value the stack computes
   * (`sesTopicArn`). Absent on a required secret: the deploy stops until it is set.
   */
  deployDefault?: string | { stack: 'sesTopicArn' };
  /** What it holds, for docs and error messages. */
  holds: string;
  /** Reads the raw text; throws an Error whose message never repeats the value. */
  parse(raw: string): T;
}

/** A function's size: memory, timeout, and (public URLs only) reserved concurrency. */
export interface FunctionTuning {
  memoryMb: number;
  timeoutSeconds: number;
  /** The most copies that may run at once; only on public Function URL functions. */
  reservedConcurrency?: number;
}

/**
 * The eager part of a vendor: small data every deploy, the local stack and the CLI read
 * without loading the vendor's code.
 */
export interface VendorMeta<Id extends string = string> {
  /** `REBOUND_VENDORS` entry, `/webhooks/<id>`, `REBOUND_VENDOR` of its function. */
  id: Id;
  /** Human name (`SendGrid`). */
  title: string;
  /** PascalCase stem of its components and outputs (`Sendgrid` → `SendgridWebhook`). */
  component: string;
  /** The vendor's webhook documentation (Rebound's own sources: the section of docs/webhooks.md). */
  docsUrl: string;
  /** The path the vendor posts to (deployed: appended to the Function URL; local: the route). */
  route: `/webhooks/${Id}`;
  /** How the vendor authenticates its requests, in one line (docs table). */
  verification: string;
  /** Secrets and settings its webhook function reads (validated at cold start). */
  settings: readonly SettingSpec[];
  /** Its webhook function's size, each number with its reason in the meta file. */
  tuning: FunctionTuning;
  /**
   * `always`: the webhook deploys whenever the vendor is on. `https-subscription`: only when
   * the stage also subscribes the vendor's topic over HTTPS (SES); by default a direct
   * subscription (below) receives the vendor's events with no public URL.
   */
  webhook: 'always' | 'https-subscription';
  /**
   * A non-HTTP source the vendor invokes directly (SES: SNS → Lambda), with its size; `objects`
   * when it reads what the event points to from a bucket (the inbound mail: SES stores the mail
   * in S3, then invokes the function), under `prefix`, the bucket named by the `bucket` setting.
   */
  direct?: { tuning: FunctionTuning; objects?: { prefix: string; bucket: SettingSpec<string> } };
  /**
   * Deployed only when `REBOUND_VENDORS` names it (Rebound's own ingestion paths: nothing posts
   * to them until the user wires a sender). Absent: part of the default vendors.
   */
  optIn?: true;
  /** The largest request body its webhook accepts (413 beyond); default 2 MB. */
  maxBodyBytes?: number;
  /** What its payloads are when they are not JSON: raw mails (`rebound normalize` reads them as such). */
  payload?: 'message/rfc822';
}

/** A finished answer a vendor gives without events (an auth challenge, a confirmation). */
export interface Answer {
  status: number;
  headers?: Record<string, string>;
  body: unknown;
}

/**
 * A one-time value the vendor signs instead of the body (Mailgun's `token`: its signature covers
 * `timestamp + token`, not the events). The generic handler claims it in the ledger, bound to the
 * digest of the content it came with, before applying the events, and settles it once they are
 * durable (docs/webhooks.md, "Replay protection").
 */
export interface SingleUse {
  /** The ledger key, `<vendor>#<value>` (never logged). */
  key: string;
  /** Digest of the verified content the value carried (hex), stable across re-serialisation. */
  digest: string;
  /** When the ledger may forget it: after the vendor's timestamp window has closed for it. */
  expiresAt: Date;
}

/** What `receive` returns: events to apply (with a single-use value to claim), or an answer. */
export type Receipt = { events: NormalizedEvent[]; singleUse?: SingleUse } | { answer: Answer };

/**
 * What the ledger knew of a single-use value when it was claimed: `claimed` (first time),
 * `pending` (claimed with the same content, not settled: an earlier delivery failed, apply
 * again), `settled` (the same content was applied: answer 2xx, apply nothing), `conflict` (it
 * came with other content: a replay of the signature, refuse).
 */
export type ClaimOutcome = 'claimed' | 'pending' | 'settled' | 'conflict';

/**
 * The port the generic webhook handler uses for `Receipt.singleUse` (`@rebound/aws` implements
 * it on the State table). Throws DependencyError when the store fails (answer 5xx).
 */
export interface SingleUseLedger {
  /** Records `use` unless it exists; says what existed. */
  claim(use: SingleUse): Promise<ClaimOutcome>;
  /** Marks a claimed value as applied (its events are durable). */
  settle(use: SingleUse): Promise<void>;
}

/** Outbound HTTP a vendor may need while verifying (certificates, confirmations). */
export interface OutboundHttp {
  /** GETs a URL the adapter has already validated; rejects on a non-2xx or after `timeoutMs`. */
  get(url: string, opts: { timeoutMs: number }): Promise<string>;
}

/** What a vendor's `receive` gets besides the request. */
export interface ReceiveContext<S> {
  /** Its settings, parsed by its own `SettingSpec`s. */
  settings: S;
  now: Date;
  http: OutboundHttp;
}

/** A request as the vendor would send it. */
export interface SignedRequest {
  headers: Record<string, string>;
  body: Uint8Array;
}

/** Options of a replayed request. */
export interface ReplayOptions {
  now: Date;
  /** Move the payload's event times to `now` (stored fixtures are years old). */
  fresh?: boolean;
  /** Signature version, for vendors that have several (SNS: `1` SHA1, `2` SHA256). */
  sigVersion?: '1' | '2';
}

/**
 * Signs stored payloads as the vendor would, with local credentials: `rebound replay`, the
 * local stack's tests, and the registry's round-trip test use it.
 */
export interface ReplaySigner<C> {
  /** The vendor's request for a stored payload file (a fixture as in test/fixtures/payloads). */
  request(file: Uint8Array, creds: C, opts: ReplayOptions): SignedRequest;
}

/** How the local stack makes and uses this vendor's credentials (`.rebound/credentials.json`). */
export interface LocalCredentials<C> {
  /** Fresh credentials (keys, passwords, certificates), as JSON-serializable data. */
  create(now: Date): C;
  /** Whether a stored value still has this vendor's shape (else the stack makes new ones). */
  isValid(value: unknown): value is C;
  /** The settings' environment variables that make the webhook accept these credentials. */
  env(creds: C): Record<string, string>;
  /** URLs the local stack answers itself instead of the network (SNS certificates). */
  serves?(creds: C): Record<string, string>;
  /** One line for the `npm start` banner (never a password). */
  describe(creds: C): string;
}

/** What a direct source may read besides its event (implemented in `@rebound/aws`). */
export interface DirectIo {
  /**
   * The stored object `name` (under the source's `objects.prefix`), at most `maxBytes`. Throws
   * PayloadTooLargeError beyond, PayloadError when it does not exist, DependencyError when the
   * store failed.
   */
  readObject?(name: string, maxBytes: number): Promise<Uint8Array>;
}

/** A source that invokes the function directly (no HTTP): parses the Lambda event. */
export interface DirectSource {
  parse(event: unknown, now: Date, io: DirectIo): NormalizedEvent[] | Promise<NormalizedEvent[]>;
}

/**
 * A complete vendor adapter: its metadata, `receive` (verify, then parse, on the raw request),
 * the offline `parse`, its hint tables, the replay signer and its local credentials.
 */
// biome-ignore lint/suspicious/noExplicitAny: settings and credentials are each vendor's own types
export interface VendorAdapter<S = any, C = any> extends VendorMeta {
  /**
   * Verifies one request on its raw bytes (svix order: headers → window → constant-time
   * compare), and only then parses it. Throws WebhookVerificationError, PayloadError or
   * DependencyError.
   */
  receive(req: RawRequest, ctx: ReceiveContext<S>): Promise<Receipt>;
  /**
   * Parses a body without verifying it (CLI, tests). Throws PayloadError (PayloadTooLargeError
   * for a mail over its limit) only. Async where the body holds a mail (the MIME parser is).
   */
  parse(body: Uint8Array | string, now?: Date): NormalizedEvent[] | Promise<NormalizedEvent[]>;
  /** The vendor's vocabulary → hints tables (`hints.ts` of its folder). */
  hints: Readonly<Record<string, unknown>>;
  directSource?: DirectSource;
  /**
   * Folds in what `rebound connect` stored at run time (the State item `settings#<id>`): the
   * deployed settings with the stored keys or credentials added. Stored data is untrusted:
   * anything malformed is skipped, never an error. Absent: the vendor has no runtime settings.
   */
  withRuntime?(settings: S, stored: Readonly<Record<string, unknown>>): S;
  replay: ReplaySigner<C>;
  local: LocalCredentials<C>;
}

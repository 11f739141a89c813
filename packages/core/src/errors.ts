/**
 * Rebound's error types: one base class, one subclass per failure family. Each maps to one
 * HTTP answer at the edge (see `functions/`).
 */

/** Base of every error Rebound throws on purpose. */
export class ReboundError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ReboundError';
  }
}

/** Which verification check failed. */
export type VerificationCheck =
  | 'missing-header'
  | 'timestamp'
  | 'signature'
  | 'credentials'
  | 'source-ip'
  | 'certificate-url'
  | 'certificate'
  | 'topic'
  | 'subscribe-url'
  | 'message-type'
  /** A single-use value (Mailgun's token) came back carrying other content than it first did. */
  | 'replay';

/** Thrown when a webhook request fails authentication (answer 401/403; never retried usefully). */
export class WebhookVerificationError extends ReboundError {
  readonly check: VerificationCheck;
  constructor(check: VerificationCheck, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'WebhookVerificationError';
    this.check = check;
  }
}

/** Thrown when a verified body cannot be read as the vendor's payload (answer 400). */
export class PayloadError extends ReboundError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'PayloadError';
  }
}

/** Thrown when a body exceeds the size limit (answer 413). */
export class PayloadTooLargeError extends ReboundError {
  readonly limitBytes: number;
  constructor(limitBytes: number) {
    super(`body exceeds ${limitBytes} bytes`);
    this.name = 'PayloadTooLargeError';
    this.limitBytes = limitBytes;
  }
}

/**
 * Thrown by adapters when a dependency (DynamoDB, SQS, an SNS certificate) failed; a
 * redelivery may succeed (answer 5xx). `phase: 'verify'` when verification could not finish
 * (counted as a verification failure too).
 */
export class DependencyError extends ReboundError {
  readonly dependency: string;
  readonly phase: 'verify' | 'process';
  constructor(
    dependency: string,
    message: string,
    options?: ErrorOptions & { phase?: 'verify' | 'process' },
  ) {
    super(message, options);
    this.name = 'DependencyError';
    this.dependency = dependency;
    this.phase = options?.phase ?? 'process';
  }
}

/**
 * Thrown when a webhook has nothing to verify with yet (its secret is the `pending` placeholder
 * and `rebound connect` stored nothing): answer 503 so the vendor keeps retrying until the
 * stage is connected, instead of a 401/403 some vendors never retry. Nothing is accepted.
 */
export class NotConfiguredError extends ReboundError {
  /** The setting that is missing (`SendgridPublicKeys`). */
  readonly setting: string;
  /** The command that fixes it (`rebound connect sendgrid`). */
  readonly fix: string;
  constructor(setting: string, fix: string) {
    super(`${setting} is not set yet: ${fix}`);
    this.name = 'NotConfiguredError';
    this.setting = setting;
    this.fix = fix;
  }
}

/** Thrown by `parseRetryDueMessage` when a RetryDueQueue body is not a v1 retry-due message. */
export class RetryDueMessageError extends PayloadError {
  /** The field that failed (`body` when the JSON itself is unreadable). */
  readonly field: string;
  constructor(field: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'RetryDueMessageError';
    this.field = field;
  }
}

/**
 * Thrown at cold start when configuration is missing or malformed. `problems` names each value
 * (its contract name and variable) and what is wrong with it, never the value itself.
 */
export class ConfigError extends ReboundError {
  readonly problems: readonly string[];
  constructor(problems: readonly string[]) {
    super(`configuration: ${problems.join('; ')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

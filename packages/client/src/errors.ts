/**
 * The client's errors: the table could not be read (`SuppressionCheckError`, fail closed), or an
 * address is not one (`InvalidAddressError`, from `isSuppressed`).
 */
import { ReboundError } from '../../core/src/errors.ts';
import type { RecipientError } from '../../core/src/events/recipient.ts';

/** What went wrong reading the Suppressions table. */
export type SuppressionCheckFailure =
  | 'access-denied'
  | 'table-not-found'
  | 'credentials'
  | 'unreachable'
  | 'throttled'
  | 'unprocessed-keys'
  | 'failed';

/**
 * The Suppressions table could not be read, so nothing is known about the addresses: do not
 * send (the checker fails closed unless `failOpen` is set). The message names the table.
 */
export class SuppressionCheckError extends ReboundError {
  readonly code: SuppressionCheckFailure;
  readonly tableName: string;
  constructor(
    code: SuppressionCheckFailure,
    tableName: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'SuppressionCheckError';
    this.code = code;
    this.tableName = tableName;
  }
}

/** `isSuppressed` was given something that is not an email address (`error` says why). */
export class InvalidAddressError extends ReboundError {
  readonly error: RecipientError;
  readonly address: string;
  constructor(address: string, error: RecipientError, message: string) {
    super(`not an email address (${error}): ${message}`);
    this.name = 'InvalidAddressError';
    this.error = error;
    this.address = address;
  }
}

const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'ECONNRESET']);

/** Names an SDK failure: which of the failures it is, and what to do about it. */
export function describeFailure(err: unknown): { code: SuppressionCheckFailure; hint: string } {
  const e = err as { name?: string; code?: string; cause?: { code?: string } };
  const name = e?.name ?? '';
  const sysCode = e?.code ?? e?.cause?.code ?? '';
  if (name === 'AccessDeniedException') {
    return {
      code: 'access-denied',
      hint: 'access denied: grant dynamodb:GetItem and dynamodb:BatchGetItem on the table (senderPolicy)',
    };
  }
  if (name === 'ResourceNotFoundException') {
    return { code: 'table-not-found', hint: 'no such table in this account and region' };
  }
  if (
    /^(UnrecognizedClient|InvalidSignature|ExpiredToken|InvalidClientTokenId)Exception$/.test(
      name,
    ) ||
    name === 'CredentialsProviderError'
  ) {
    return { code: 'credentials', hint: 'the AWS credentials were refused or are missing' };
  }
  if (/Throughput|Throttl|RequestLimitExceeded/.test(name)) {
    return { code: 'throttled', hint: 'DynamoDB throttled the reads (after the SDK retries)' };
  }
  if (UNREACHABLE.has(sysCode) || name === 'TimeoutError') {
    return { code: 'unreachable', hint: `DynamoDB unreachable (${sysCode || name})` };
  }
  return { code: 'failed', hint: 'the read failed' };
}

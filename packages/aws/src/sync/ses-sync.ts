/**
 * The Amazon SES account-level suppression list through the SESv2 API (`@aws-sdk/client-sesv2`):
 * `ListSuppressedDestinations` paged with NextToken, `PutSuppressedDestination` (BOUNCE or
 * COMPLAINT) and `DeleteSuppressedDestination`. The SDK's own retries are off (one attempt):
 * this adapter waits out `TooManyRequestsException` itself (honouring a `Retry-After` when SES
 * sends one), so every wait is counted and bounded like the HTTP vendors'.
 * https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_ListSuppressedDestinations.html
 */
import {
  DeleteSuppressedDestinationCommand,
  ListSuppressedDestinationsCommand,
  type ListSuppressedDestinationsCommandOutput,
  PutSuppressedDestinationCommand,
  SESv2Client,
} from '@aws-sdk/client-sesv2';
import { mapLimit } from '../concurrency.ts';
import { backoffMs, type RetryPolicy, retryAfterMs, retryPolicy } from './rate-limit.ts';
import {
  SyncAuthError,
  SyncPositionError,
  SyncRateLimitError,
  SyncVendorError,
} from './sync-errors.ts';
import type {
  LiftOutcome,
  PulledEntry,
  PullPage,
  PullPosition,
  PushItem,
  VendorSyncAdapter,
} from './sync-types.ts';
import { SES_REASONS } from './vendor-lists.ts';

/** The most entries one ListSuppressedDestinations call returns (its documented PageSize maximum). */
export const SES_PAGE_SIZE = 1000;

/** What the adapter needs. */
export interface SesSyncOptions {
  /** Region of the SES account (default: AWS_REGION). */
  region?: string;
  /** An SESv2 endpoint instead of AWS's (a local server speaking the protocol). */
  endpoint?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  pageSize?: number;
  /** Puts and deletes in flight at once (default 4). */
  concurrency?: number;
  policy?: RetryPolicy;
}

/** Error names that mean "these credentials may not do this". */
const AUTH_ERRORS = new Set([
  'AccessDeniedException',
  'UnrecognizedClientException',
  'InvalidSignatureException',
  'InvalidClientTokenId',
  'ExpiredTokenException',
  'CredentialsProviderError',
]);

const AUTH_HINT =
  'check the AWS credentials and that they may call ses:ListSuppressedDestinations, ses:PutSuppressedDestination and ses:DeleteSuppressedDestination in this region';

interface SdkError {
  name?: string;
  message?: string;
  $fault?: 'client' | 'server';
  $metadata?: { httpStatusCode?: number };
  $response?: { headers?: Record<string, string | undefined> };
}

/** One summary (`{EmailAddress, Reason, LastUpdateTime}`) as a pulled entry, or null. */
export function sesEntry(raw: {
  EmailAddress?: string | undefined;
  Reason?: string | undefined;
  LastUpdateTime?: Date | undefined;
}): PulledEntry | null {
  const at = raw.LastUpdateTime instanceof Date ? raw.LastUpdateTime.getTime() : Number.NaN;
  if (!raw.EmailAddress || Number.isNaN(at)) return null;
  const reason = raw.Reason ?? 'BOUNCE';
  const meaning = SES_REASONS.get(reason) ?? SES_REASONS.get('BOUNCE')!;
  return {
    vendor: 'ses',
    list: reason,
    address: raw.EmailAddress,
    createdAt: new Date(at).toISOString(),
    reason: meaning.reason,
    labels: [`ses:sync/${reason}`],
    text: null,
    enhanced: null,
    infer: meaning.infer,
    metadata: {},
    accountWide: true,
  };
}

/** Creates the SES adapter. */
export function createSesSync(opts: SesSyncOptions = {}): VendorSyncAdapter {
  const policy = opts.policy ?? retryPolicy();
  const pageSize = Math.min(opts.pageSize ?? SES_PAGE_SIZE, SES_PAGE_SIZE);
  const client = new SESv2Client({
    ...(opts.region ? { region: opts.region } : {}),
    ...(opts.endpoint ? { endpoint: opts.endpoint } : {}),
    ...(opts.credentials ? { credentials: opts.credentials } : {}),
    maxAttempts: 1,
  });
  let waits = 0;

  /** Sends one command, waiting out throttling and retrying server faults. */
  async function send<T>(what: string, call: () => Promise<T>): Promise<T> {
    let limited = 0;
    let failed = 0;
    for (;;) {
      try {
        return await call();
      } catch (raw) {
        const err = raw as SdkError;
        const name = err.name ?? 'Error';
        const status = err.$metadata?.httpStatusCode;
        const detail = `${name}: ${err.message ?? ''}`.trim();
        if (AUTH_ERRORS.has(name) || status === 401 || status === 403) {
          throw new SyncAuthError('ses', status ?? 403, `ses ${what}: ${detail}: ${AUTH_HINT}`, {
            cause: raw,
          });
        }
        if (
          name === 'TooManyRequestsException' ||
          name === 'ThrottlingException' ||
          status === 429
        ) {
          const asked = retryAfterMs(err.$response?.headers?.['retry-after'], policy.now());
          if (asked !== null && asked > policy.maxWaitMs) {
            throw new SyncRateLimitError(
              'ses',
              `ses ${what}: rate limited; SES asks to wait ${Math.ceil(asked / 1000)} s: run again later (the sync resumes where it stopped)`,
              { cause: raw },
            );
          }
          if (++limited >= policy.rateLimitAttempts) {
            throw new SyncRateLimitError(
              'ses',
              `ses ${what}: still rate limited after ${limited} tries: run again later (the sync resumes where it stopped)`,
              { cause: raw },
            );
          }
          const ms = asked ?? backoffMs(limited, policy);
          waits++;
          policy.onWait?.(ms, 'rate-limit');
          await policy.sleep(ms);
          continue;
        }
        const transient = err.$fault === 'server' || status === undefined || status >= 500;
        if (transient && name !== 'NotFoundException' && name !== 'BadRequestException') {
          if (++failed >= policy.failureAttempts) {
            throw new SyncVendorError(
              'ses',
              status ?? null,
              `ses ${what} failed ${failed} times: ${detail}`,
              {
                cause: raw,
              },
            );
          }
          const ms = backoffMs(failed, policy);
          policy.onWait?.(ms, 'failure');
          await policy.sleep(ms);
          continue;
        }
        throw raw;
      }
    }
  }

  async function pull(position: PullPosition | null): Promise<PullPage> {
    const token = typeof position?.token === 'string' ? position.token : undefined;
    let res: ListSuppressedDestinationsCommandOutput;
    try {
      res = await send('ListSuppressedDestinations', () =>
        client.send(
          new ListSuppressedDestinationsCommand({
            PageSize: pageSize,
            ...(token ? { NextToken: token } : {}),
          }),
        ),
      );
    } catch (raw) {
      const err = raw as SdkError;
      if (token && err.name === 'BadRequestException') {
        throw new SyncPositionError(
          'ses',
          `ses no longer accepts the stored NextToken: ${err.message}`,
          {
            cause: raw,
          },
        );
      }
      throw asVendorError('ListSuppressedDestinations', raw);
    }
    const rows = res.SuppressedDestinationSummaries ?? [];
    const entries = rows.map(sesEntry);
    const readable = entries.filter((e): e is PulledEntry => e !== null);
    return {
      entries: readable,
      next: res.NextToken ? { step: 0, token: res.NextToken } : null,
      where: token ? 'suppression list (next page)' : 'suppression list',
      unreadable: entries.length - readable.length,
    };
  }

  async function push(items: readonly PushItem[]): Promise<void> {
    await mapLimit(items, opts.concurrency ?? 4, async (item) => {
      try {
        await send('PutSuppressedDestination', () =>
          client.send(
            new PutSuppressedDestinationCommand({
              EmailAddress: item.address,
              Reason: item.reason,
            }),
          ),
        );
      } catch (raw) {
        throw asVendorError('PutSuppressedDestination', raw);
      }
    });
  }

  async function lift(addresses: readonly string[]): Promise<LiftOutcome[]> {
    return mapLimit(addresses, opts.concurrency ?? 4, async (address): Promise<LiftOutcome> => {
      try {
        await send('DeleteSuppressedDestination', () =>
          client.send(new DeleteSuppressedDestinationCommand({ EmailAddress: address })),
        );
        return { address, result: 'lifted', detail: 'account suppression list' };
      } catch (raw) {
        if ((raw as SdkError).name === 'NotFoundException') {
          return { address, result: 'absent', detail: 'not on the account suppression list' };
        }
        throw asVendorError('DeleteSuppressedDestination', raw);
      }
    });
  }

  return {
    vendor: 'ses',
    lifts: 'any',
    needsFullList: true,
    get rateLimitWaits() {
      return waits;
    },
    pull,
    push,
    lift,
  };
}

/** Any SDK failure that is not already one of ours, as a SyncVendorError naming the call. */
function asVendorError(what: string, raw: unknown): Error {
  if (raw instanceof SyncAuthError || raw instanceof SyncRateLimitError) return raw;
  if (raw instanceof SyncVendorError) return raw;
  const err = raw as SdkError;
  return new SyncVendorError(
    'ses',
    err.$metadata?.httpStatusCode ?? null,
    `ses ${what}: ${err.name ?? 'Error'}: ${err.message ?? String(raw)}`,
    { cause: raw },
  );
}

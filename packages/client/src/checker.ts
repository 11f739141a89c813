/**
 * createSuppressionChecker: "may I send to these addresses?" answered from the Suppressions
 * table, with the server's own normalization and key layout (bundled from @rebound/core).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { checkRecipient, type RecipientError } from '../../core/src/events/recipient.ts';
import type { SuppressionRecord } from '../../core/src/process/records.ts';
import { isActive } from '../../core/src/process/suppression.ts';
import {
  type HashKey,
  isStreamName,
  type LookupKey,
  lookupKeys,
  STREAM_NAME,
} from '../../core/src/suppression-keys.ts';
import { InvalidAddressError, SuppressionCheckError } from './errors.ts';
import type { SuppressionItem } from './items.ts';
import { type DynamoDBSender, type ReadContext, type RetryOptions, readKeys } from './read-keys.ts';

/** How to reach the table and what to check. */
export interface SuppressionCheckerOptions {
  /** The Suppressions table (the `SuppressionsTableName` output of the deploy). */
  tableName: string;
  /** A DynamoDB client (or a wrapper with the same `send`); default: a new `DynamoDBClient`. */
  client?: DynamoDBSender;
  /** Region of the default client (default: the SDK's, from the environment). */
  region?: string;
  /** Endpoint of the default client (DynamoDB Local; default: AWS, or `AWS_ENDPOINT_URL_DYNAMODB`). */
  endpoint?: string;
  /** Default stream for every call (a call's `{ stream }` overrides it; `null` = global only). */
  stream?: string | null;
  /**
   * On a read failure, treat every valid address as sendable (`unchecked: true`) instead of
   * throwing `SuppressionCheckError`. Default false: fail closed.
   */
  failOpen?: boolean;
  /** Called with the failure when `failOpen` lets a send through. */
  onError?: (error: SuppressionCheckError) => void;
  /** Secret of the deployment's erased (`hmac:`) keys: also look those up. */
  hashKey?: HashKey;
  /** The clock expiry is judged by (default: the real one). */
  now?: () => Date;
  /** Strongly consistent reads (twice the read cost; default false: eventually consistent). */
  consistentRead?: boolean;
  /** Backoff for keys DynamoDB leaves unprocessed (default 8 calls, 50 ms base, 2 s cap). */
  retry?: RetryOptions;
  /** BatchGetItem calls in flight at once (default 4). */
  concurrency?: number;
}

/** Per-call options. */
export interface CheckOptions {
  /** Check this stream's suppressions too (`null`: global only; default: the checker's). */
  stream?: string | null;
}

/** An address that must not be sent to, and why. */
export interface SuppressedAddress {
  /** The address as the caller wrote it. */
  address: string;
  /** The normalized address (the table key of a global suppression). */
  normalized: string;
  /** Why: `user-unknown`, `complaint`, `unsubscribed`, `persistent-soft-bounce`, … */
  reason: string;
  /** `'global'`, or the stream the suppression is on. */
  scope: string;
  /** First evidence (ISO 8601), when the record says. */
  since: string | null;
  /** When the suppression lapses (ISO 8601); null = never. */
  expiresAt: string | null;
}

/** An input that is not an email address. */
export interface InvalidAddress {
  address: string;
  error: RecipientError;
  message: string;
}

/** Every input lands in exactly one of `sendable`, `suppressed`, `invalid`, in input order. */
export interface FilterResult {
  /** Addresses to send to, as the caller wrote them. */
  sendable: string[];
  suppressed: SuppressedAddress[];
  invalid: InvalidAddress[];
  /** True only when the table could not be read and `failOpen` passed every valid address. */
  unchecked: boolean;
}

/** The checker `createSuppressionChecker` returns. */
export interface SuppressionChecker {
  /** Whether an active suppression blocks `address` (throws `InvalidAddressError` for a non-address). */
  isSuppressed(address: string, options?: CheckOptions): Promise<boolean>;
  /** Splits `addresses` into sendable, suppressed and invalid (BatchGetItem, 100 keys a call). */
  filterSendable(addresses: readonly string[], options?: CheckOptions): Promise<FilterResult>;
}

type SuppressionStatus = SuppressionRecord['status'];

/** A lookup key found active, with the record behind it. */
interface Hit {
  key: LookupKey;
  item: SuppressionItem;
}

/**
 * Creates a checker over the Suppressions table. It normalizes each address exactly as Rebound
 * does when it stores a suppression, looks up the global key (and `stream:<name>:<address>` when
 * a stream is given, and their `hmac:` forms with `hashKey`), and treats expired
 * (`expiresAt` past) and lifted (`status: unsuppressed`) records as sendable. A table it cannot
 * read throws `SuppressionCheckError` naming the table (fail closed) unless `failOpen` is set.
 *
 * @example
 * const checker = createSuppressionChecker({ tableName: process.env.REBOUND_SUPPRESSIONS_TABLE });
 * const { sendable, suppressed, invalid } = await checker.filterSendable(recipients);
 * if (await checker.isSuppressed('Jane <Jane@Example.COM>', { stream: 'marketing' })) return;
 */
export function createSuppressionChecker(options: SuppressionCheckerOptions): SuppressionChecker {
  const { tableName } = options;
  if (typeof tableName !== 'string' || tableName === '') {
    throw new TypeError('createSuppressionChecker: tableName is required (the Suppressions table)');
  }
  const defaultStream = resolveStream(options.stream, null);
  const now = options.now ?? (() => new Date());
  const client =
    options.client ??
    new DynamoDBClient({
      ...(options.region ? { region: options.region } : {}),
      ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    });
  const where = options.endpoint
    ? ` at ${options.endpoint}`
    : options.region
      ? ` in ${options.region}`
      : '';
  const ctx: ReadContext = {
    client,
    tableName,
    where: options.client ? '' : where,
    consistentRead: options.consistentRead ?? false,
    retry: {
      attempts: options.retry?.attempts ?? 8,
      baseMs: options.retry?.baseMs ?? 50,
      capMs: options.retry?.capMs ?? 2_000,
    },
    concurrency: Math.max(1, options.concurrency ?? 4),
  };
  const hashKey = options.hashKey ?? null;

  /** The first active record among an address's keys (global before stream). */
  const firstHit = (keys: LookupKey[], found: Map<string, SuppressionItem>, at: Date) => {
    for (const key of keys) {
      const item = found.get(key.key);
      if (
        item &&
        isActive({ status: item.status as SuppressionStatus, expiresAt: item.expiresAt }, at)
      ) {
        return { key, item } satisfies Hit;
      }
    }
    return null;
  };

  /** Reads the keys; on failure throws, or (failOpen) reports and returns null. */
  const read = async (keys: string[]): Promise<Map<string, SuppressionItem> | null> => {
    try {
      return await readKeys(ctx, keys);
    } catch (err) {
      const error =
        err instanceof SuppressionCheckError
          ? err
          : new SuppressionCheckError('failed', tableName, String(err), { cause: err });
      if (!options.failOpen) throw error;
      options.onError?.(error);
      return null;
    }
  };

  return {
    async isSuppressed(address, callOptions) {
      const stream = resolveStream(callOptions?.stream, defaultStream);
      const check = checkRecipient(address);
      if (!check.ok) throw new InvalidAddressError(String(address), check.error, check.message);
      const keys = lookupKeys(check.address, { stream, hashKey });
      const found = await read(keys.map((k) => k.key));
      return found !== null && firstHit(keys, found, now()) !== null;
    },

    async filterSendable(addresses, callOptions) {
      const stream = resolveStream(callOptions?.stream, defaultStream);
      if (!Array.isArray(addresses)) {
        throw new TypeError('filterSendable: addresses must be an array of strings');
      }
      const entries = addresses.map((address) => ({ address, check: checkRecipient(address) }));
      const keysOf = new Map<string, LookupKey[]>();
      for (const { check } of entries) {
        if (check.ok && !keysOf.has(check.address)) {
          keysOf.set(check.address, lookupKeys(check.address, { stream, hashKey }));
        }
      }
      const unique = [...new Set([...keysOf.values()].flat().map((k) => k.key))];
      const found = unique.length ? await read(unique) : new Map<string, SuppressionItem>();
      const at = now();
      const result: FilterResult = {
        sendable: [],
        suppressed: [],
        invalid: [],
        unchecked: found === null,
      };
      for (const { address, check } of entries) {
        if (!check.ok) {
          result.invalid.push({ address, error: check.error, message: check.message });
          continue;
        }
        const hit = found && firstHit(keysOf.get(check.address) ?? [], found, at);
        if (!hit) {
          result.sendable.push(address);
          continue;
        }
        result.suppressed.push({
          address,
          normalized: check.address,
          reason: hit.item.reason ?? 'unknown',
          scope: hit.key.scope,
          since: hit.item.firstSeen,
          expiresAt:
            hit.item.expiresAt === undefined
              ? null
              : new Date(hit.item.expiresAt * 1000).toISOString(),
        });
      }
      return result;
    },
  };
}

/** A call's stream, else the default; validated (`^[a-z0-9][a-z0-9_-]{0,31}$`). */
function resolveStream(given: string | null | undefined, fallback: string | null): string | null {
  const stream = given === undefined ? fallback : given;
  if (stream !== null && !isStreamName(stream)) {
    throw new RangeError(`invalid stream name ${JSON.stringify(stream)}: want ${STREAM_NAME}`);
  }
  return stream;
}

/**
 * The suppression API (named bearer keys, constant-time compare): GET /suppressions/{email}
 * [?stream=S], POST /suppressions/check {"emails":[…],"stream"?} (≤100), DELETE
 * /suppressions/{email} {"why","force"?,"stream"?}. One rule for GET: 200 only while a
 * suppression is active (globally or on the stream); 404 otherwise, the body still carrying the
 * records and their history. A lift is recorded as `api:<key name>`; lifting a complaint or an
 * unsubscribe needs `force` (409 otherwise). Invalid input → 400 naming the reason.
 * Routes on method + rawPath so it works behind a Function URL or an HTTP API. Also serves the
 * page at `/` (no key: it holds no data) and its read routes /stats, /recent, /export (keyed).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { type AddressStatus, checkRecipient, isStreamName, type KeyScheme } from '@rebound/core';
import type { ApiKey } from '../config/specs.ts';
import type { TableNames } from '../ddb/items.ts';
import { maskEmail } from '../observability.ts';
import { createSuppressionStore } from '../suppression/store.ts';
import { dashboardRoute } from '../ui/dashboard-routes.ts';
import { defaultPageDir, loadPageAssets, type PageAssets, pageResult } from '../ui/page.ts';
import { errorResult, type HttpEvent, type HttpResult, json, methodOf } from './http.ts';
import { basics, pipeline } from './pipeline.ts';

/** API deps. */
export interface SuppressionApiDeps {
  doc: DynamoDBDocumentClient;
  suppressionsTable: string;
  /** Accepted keys, by name. */
  apiKeys?: readonly ApiKey[];
  /** A single unnamed key (read as the key named `default`). */
  apiKey?: string;
  /** Erasure / hash-only scheme (default: plain keys). */
  keys?: KeyScheme;
  /** Both tables (the State table's counters feed /stats and /recent). */
  tables?: TableNames;
  /** The page at `/` (default: read from `defaultPageDir()` on first request). */
  page?: PageAssets | null;
  now?: () => Date;
  logger?: Logger;
  metrics?: Metrics;
}

/** Most addresses one check request may carry (one BatchGetItem). */
export const MAX_CHECK = 100;

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();

/** Constant-time bearer check (digests of equal length; an empty configured key rejects all). */
export function bearerMatches(header: string | undefined, key: string): boolean {
  return bearerName(header, [{ name: 'default', key }]) !== null;
}

/**
 * The name of the key a bearer header carries, or null. Every configured key is compared (in
 * constant time, digests of equal length), whichever matches, so timing says nothing.
 */
export function bearerName(header: string | undefined, keys: readonly ApiKey[]): string | null {
  const m = /^\s*bearer\s+(\S+)\s*$/i.exec(header ?? '');
  const given = digest(m?.[1] ?? '');
  let name: string | null = null;
  for (const k of keys) {
    const ok = timingSafeEqual(given, digest(k.key));
    if (ok && k.key.length > 0 && m && name === null) name = k.name;
  }
  return name;
}

function readJson(event: HttpEvent): Record<string, unknown> | null {
  try {
    const text = event.isBase64Encoded
      ? Buffer.from(event.body ?? '', 'base64').toString('utf8')
      : (event.body ?? '');
    const v = JSON.parse(text || 'null');
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function view(s: AddressStatus) {
  return {
    email: s.address,
    ...(s.stream ? { stream: s.stream } : {}),
    suppressed: s.suppressed,
    record: s.record,
    records: s.records,
  };
}

/** The `stream` query parameter or body field: null when absent, undefined when invalid. */
function streamOf(value: unknown): string | null | undefined {
  if (value === undefined || value === null || value === '') return null;
  return isStreamName(value) ? value : undefined;
}

/** The path segment, percent-decoded; null when the encoding is malformed (`%E0%A4%A`, `%zz`). */
function decodeSegment(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

/** `functions/suppression-api.handler`. */
export function createSuppressionApiHandler(deps: SuppressionApiDeps) {
  const { now, logger, metrics } = basics(deps);
  const store = createSuppressionStore({
    doc: deps.doc,
    table: deps.suppressionsTable,
    now,
    ...(deps.keys ? { keys: deps.keys } : {}),
  });
  const apiKeys = [
    ...(deps.apiKeys ?? []),
    ...(deps.apiKey ? [{ name: 'default', key: deps.apiKey }] : []),
  ];
  let page = deps.page;
  const pageAssets = () => {
    page ??= loadPageAssets(defaultPageDir());
    return page;
  };
  return pipeline<HttpEvent, HttpResult>(
    async (event) => {
      // The page itself carries no data: served without a key (its API calls need one).
      const asset = pageResult(methodOf(event), event.rawPath ?? '/', pageAssets);
      if (asset) return asset;
      const headers = Object.fromEntries(
        Object.entries(event.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]),
      );
      const caller = bearerName(headers.authorization, apiKeys);
      if (caller === null) {
        return json(
          401,
          { error: 'unauthorized' },
          { 'www-authenticate': 'Bearer realm="rebound"' },
        );
      }
      const method = methodOf(event);
      const path = (event.rawPath ?? '/').replace(/\/+$/, '');
      try {
        const query = new URLSearchParams(event.rawQueryString ?? '');
        const dashboard = await dashboardRoute(method, path, query, {
          doc: deps.doc,
          suppressionsTable: deps.suppressionsTable,
          stateTable: deps.tables?.state,
          now,
        });
        if (dashboard) return dashboard;
        if (method === 'POST' && path.endsWith('/suppressions/check')) {
          const body = readJson(event);
          const emails = body?.emails;
          if (!Array.isArray(emails) || !emails.every((e) => typeof e === 'string')) {
            return json(400, { error: 'body must be {"emails": [string, …], "stream"?: string}' });
          }
          const stream = streamOf(body?.stream);
          if (stream === undefined) return json(400, { error: 'invalid-stream' });
          if (emails.length > MAX_CHECK) return json(400, { error: `at most ${MAX_CHECK} emails` });
          // An invalid address gets its reason and `suppressed: null`: never a silent "sendable".
          const checks = emails.map(checkRecipient);
          const valid = checks.flatMap((c) => (c.ok ? [c.address] : []));
          const found = valid.length ? await store.statuses(valid, stream) : new Map();
          const results = checks.map((c, i) =>
            c.ok
              ? view(found.get(c.address) as AddressStatus)
              : {
                  email: emails[i],
                  suppressed: null,
                  record: null,
                  error: c.error,
                  message: c.message,
                },
          );
          return json(200, { results });
        }
        const m = /\/suppressions\/([^/]+)$/.exec(path);
        if (!m || (method !== 'GET' && method !== 'DELETE'))
          return json(404, { error: 'no such route' });
        const raw = decodeSegment(m[1] as string);
        if (raw === null) {
          return json(400, {
            error: 'malformed-percent-encoding',
            message: 'bad %-escape in path',
          });
        }
        const check = checkRecipient(raw);
        if (!check.ok) {
          return json(400, {
            error: 'invalid-address',
            reason: check.error,
            message: check.message,
          });
        }
        const email = check.address;
        if (method === 'GET') {
          const stream = streamOf(new URLSearchParams(event.rawQueryString ?? '').get('stream'));
          if (stream === undefined) return json(400, { error: 'invalid-stream' });
          // 200 only while a suppression is active; a lifted, expired or probation record
          // answers 404 with its history, like an address that was never suppressed.
          const body = view(await store.status(email, stream));
          return json(body.suppressed ? 200 : 404, body);
        }
        const body = readJson(event);
        const why = body?.why;
        const stream = streamOf(body?.stream);
        if (typeof why !== 'string' || !why.trim() || stream === undefined) {
          return json(400, {
            error: 'body must be {"why": string, "force"?: boolean, "stream"?: string}',
          });
        }
        // Who lifted is the caller's key name; a free-text `by` in the body is kept in the why.
        const note =
          typeof body?.by === 'string' && body.by.trim() ? ` (by ${body.by.trim()})` : '';
        const outcome = await store.lift(email, {
          by: `api:${caller}`,
          why: `${why.trim()}${note}`,
          force: body?.force === true,
          scope: stream ?? 'global',
        });
        logger.info('lift', {
          email: maskEmail(email),
          by: `api:${caller}`,
          outcome: outcome.type,
        });
        if (outcome.type === 'not-found') {
          return json(404, { email, suppressed: false, record: null, records: [] });
        }
        if (outcome.type === 'force-required') {
          return json(409, {
            error: 'force-required',
            message: `a ${outcome.record.reason} is lifted only with "force": true and a reason`,
            record: outcome.record,
          });
        }
        return json(200, view(await store.status(email, stream)));
      } catch (err) {
        return errorResult(err, logger);
      }
    },
    logger,
    metrics,
  );
}

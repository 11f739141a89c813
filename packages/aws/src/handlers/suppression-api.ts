/**
 * The suppression API (bearer key, constant-time compare): GET /suppressions/{email},
 * POST /suppressions/check {"emails":[…]} (≤100), DELETE /suppressions/{email} {"by","why"}.
 * One rule for GET: 200 only while a suppression is active; 404 otherwise (no record, lifted or
 * expired), the body still carrying the record. Invalid input → 400 naming the reason.
 * Routes on method + rawPath so it works behind a Function URL or an HTTP API.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { checkRecipient, isActive, type SuppressionRecord } from '@rebound/core';
import { maskEmail } from '../observability.ts';
import { createSuppressionStore } from '../suppression-store.ts';
import { errorResult, type HttpEvent, type HttpResult, json, methodOf } from './http.ts';
import { basics, pipeline } from './pipeline.ts';

/** API deps. */
export interface SuppressionApiDeps {
  doc: DynamoDBDocumentClient;
  suppressionsTable: string;
  apiKey: string;
  now?: () => Date;
  logger?: Logger;
  metrics?: Metrics;
}

/** Most addresses one check request may carry (one BatchGetItem). */
export const MAX_CHECK = 100;

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();

/** Constant-time bearer check (digests of equal length; an empty configured key rejects all). */
export function bearerMatches(header: string | undefined, key: string): boolean {
  const m = /^\s*bearer\s+(\S+)\s*$/i.exec(header ?? '');
  const ok = timingSafeEqual(digest(m?.[1] ?? ''), digest(key));
  return ok && key.length > 0 && Boolean(m);
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

function view(email: string, record: SuppressionRecord | null, now: Date) {
  return { email, suppressed: isActive(record, now), record };
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
  const store = createSuppressionStore({ doc: deps.doc, table: deps.suppressionsTable, now });
  return pipeline<HttpEvent, HttpResult>(
    async (event) => {
      const headers = Object.fromEntries(
        Object.entries(event.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]),
      );
      if (!bearerMatches(headers.authorization, deps.apiKey)) {
        return json(
          401,
          { error: 'unauthorized' },
          { 'www-authenticate': 'Bearer realm="rebound"' },
        );
      }
      const method = methodOf(event);
      const path = (event.rawPath ?? '/').replace(/\/+$/, '');
      try {
        if (method === 'POST' && path.endsWith('/suppressions/check')) {
          const emails = readJson(event)?.emails;
          if (!Array.isArray(emails) || !emails.every((e) => typeof e === 'string')) {
            return json(400, { error: 'body must be {"emails": [string, …]}' });
          }
          if (emails.length > MAX_CHECK) return json(400, { error: `at most ${MAX_CHECK} emails` });
          // An invalid address gets its reason and `suppressed: null`: never a silent "sendable".
          const checks = emails.map(checkRecipient);
          const valid = checks.flatMap((c) => (c.ok ? [c.address] : []));
          const found = valid.length ? await store.checkSuppressions(valid) : new Map();
          const at = now();
          const results = checks.map((c, i) =>
            c.ok
              ? view(c.address, found.get(c.address) ?? null, at)
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
          // 200 only while the suppression is active; a lifted or expired record answers 404 with
          // its history, like an address that was never suppressed (record null).
          const body = view(email, await store.get(email), now());
          return json(body.suppressed ? 200 : 404, body);
        }
        const body = readJson(event);
        const by = body?.by;
        const why = body?.why;
        if (typeof by !== 'string' || !by.trim() || typeof why !== 'string' || !why.trim()) {
          return json(400, { error: 'body must be {"by": string, "why": string}' });
        }
        const record = await store.unsuppress(email, by.trim(), why.trim());
        logger.info('manual unsuppress', {
          email: maskEmail(email),
          by: by.trim(),
          found: Boolean(record),
        });
        return record
          ? json(200, view(email, record, now()))
          : json(404, { email, suppressed: false, record: null });
      } catch (err) {
        return errorResult(err, logger);
      }
    },
    logger,
    metrics,
  );
}

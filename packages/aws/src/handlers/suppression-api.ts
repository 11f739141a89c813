/**
 * The suppression API (bearer key, constant-time compare): GET /suppressions/{email},
 * POST /suppressions/check {"emails":[…]} (≤100), DELETE /suppressions/{email} {"by","why"}.
 * Routes on method + rawPath so it works behind a Function URL or an HTTP API.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { isActive, normalizeRecipient, type SuppressionRecord } from '@rebound/core';
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
          const norm = emails.map((e) => normalizeRecipient(e) ?? e.trim().toLowerCase());
          const found = await store.checkSuppressions(norm);
          const at = now();
          return json(200, { results: norm.map((e) => view(e, found.get(e) ?? null, at)) });
        }
        const m = /\/suppressions\/([^/]+)$/.exec(path);
        if (!m || (method !== 'GET' && method !== 'DELETE'))
          return json(404, { error: 'no such route' });
        const raw = decodeURIComponent(m[1] as string);
        const email = normalizeRecipient(raw);
        if (!email) return json(400, { error: 'not an email address' });
        if (method === 'GET') {
          const record = await store.get(email);
          return record
            ? json(200, view(email, record, now()))
            : json(404, { email, suppressed: false });
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
          : json(404, { email, suppressed: false });
      } catch (err) {
        return errorResult(err, logger);
      }
    },
    logger,
    metrics,
  );
}

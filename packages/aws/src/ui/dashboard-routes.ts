/**
 * The page's read routes on the suppression API (bearer-checked by the handler before they
 * run): GET /stats (rates, verdict mix, top reasons from the counters), GET /recent (the
 * newest bounces from the `recent` index), GET /export (one CSV page of the suppression list,
 * by cursor). Invalid parameters answer 400 naming the problem. Reads are eventually
 * consistent; every answer says the read units it cost.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { isStreamName } from '@rebound/core';
import { type HttpResult, json } from '../handlers/http.ts';
import { decodeCursor, exportPage } from '../rates/export-page.ts';
import { MAX_RECENT, readRecent } from '../rates/read-recent.ts';
import { MAX_DAYS, readStats } from '../rates/read-stats.ts';

/** What the routes read. */
export interface DashboardDeps {
  doc: DynamoDBDocumentClient;
  suppressionsTable: string;
  /** The State table (counters, markers); the stats and recent routes need it. */
  stateTable: string | undefined;
  now: () => Date;
}

/** The paths these routes answer. */
export const DASHBOARD_PATHS = ['/stats', '/recent', '/export'] as const;

const NO_STORE = { 'cache-control': 'no-store' };
const bad = (error: string, message: string) => json(400, { error, message }, NO_STORE);

/** An integer parameter in [min, max], the default when absent, or null when invalid. */
function intParam(q: URLSearchParams, name: string, def: number, min: number, max: number) {
  const raw = q.get(name);
  if (raw === null || raw === '') return def;
  if (!/^\d{1,4}$/.test(raw)) return null;
  const n = Number(raw);
  return n >= min && n <= max ? n : null;
}

const DOMAIN = /^[a-z0-9.-]{1,253}$/;

/** Answers a dashboard route, or null when `method path` is not one. */
export async function dashboardRoute(
  method: string,
  path: string,
  query: URLSearchParams,
  deps: DashboardDeps,
): Promise<HttpResult | null> {
  if (method !== 'GET' || !(DASHBOARD_PATHS as readonly string[]).includes(path)) return null;
  if (path === '/export') {
    const cursor = query.get('cursor');
    const start = cursor ? decodeCursor(cursor) : null;
    if (cursor && !start) return bad('invalid-cursor', 'cursor is not one this API gave out');
    const all = query.get('all');
    if (all !== null && !['0', '1', 'true', 'false'].includes(all)) {
      return bad('invalid-all', 'all must be 1 or 0');
    }
    const page = await exportPage(deps.doc, deps.suppressionsTable, {
      start,
      all: all === '1' || all === 'true',
      now: deps.now(),
    });
    return json(200, page, NO_STORE);
  }
  if (!deps.stateTable) {
    return json(
      503,
      { error: 'not-configured', message: 'the State table is not configured for this API' },
      NO_STORE,
    );
  }
  if (path === '/recent') {
    const limit = intParam(query, 'limit', 50, 1, MAX_RECENT);
    if (limit === null) return bad('invalid-limit', `limit must be an integer 1–${MAX_RECENT}`);
    const recent = await readRecent(deps.doc, deps.stateTable, { limit, now: deps.now() });
    return json(200, recent, NO_STORE);
  }
  const days = intParam(query, 'days', 14, 1, MAX_DAYS);
  if (days === null) return bad('invalid-days', `days must be an integer 1–${MAX_DAYS}`);
  const stream = query.get('stream') || null;
  if (stream !== null && stream !== 'global' && !isStreamName(stream)) {
    return bad('invalid-stream', 'stream must be global or a stream name (a-z, 0-9, _ and -)');
  }
  const domain = query.get('domain')?.toLowerCase() || null;
  if (domain !== null && !DOMAIN.test(domain)) {
    return bad('invalid-domain', 'domain must be a domain name (or unknown)');
  }
  const until = query.get('until');
  if (until !== null && !(/^\d{4}-\d{2}-\d{2}$/.test(until) && Date.parse(until))) {
    return bad('invalid-until', 'until must be a date, YYYY-MM-DD');
  }
  const stats = await readStats(deps.doc, deps.stateTable, {
    days,
    until: until ? new Date(`${until}T00:00:00Z`) : deps.now(),
    stream,
    domain,
  });
  return json(200, stats, NO_STORE);
}

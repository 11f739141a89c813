/**
 * A SendGrid v3 suppressions server, after Twilio SendGrid's API reference:
 *
 * - auth: `Authorization: Bearer <API key>`; a missing or unknown key answers 401, a key
 *   without the suppressions scope 403, both `{"errors":[{"field":null,"message":…}]}`
 *   (https://www.twilio.com/docs/sendgrid/api-reference/how-to-use-the-sendgrid-v3-api/authentication,
 *   …/how-to-use-the-sendgrid-v3-api/responses);
 * - lists: `GET /v3/suppression/{bounces|blocks|spam_reports|invalid_emails|unsubscribes}`
 *   with `start_time`/`end_time` (unix seconds, inclusive, on `created`), `limit` (≤ 500) and
 *   `offset`, newest first; entries `{created, email, reason?, status?, ip?}` as each list
 *   documents them (…/bounces-api/retrieve-all-bounces, …/blocks-api/retrieve-all-blocks,
 *   …/spam-reports-api/retrieve-all-spam-reports, …/invalid-e-mails-api/retrieve-all-invalid-emails,
 *   …/suppressions-global-suppressions/retrieve-all-global-suppressions);
 * - deletes: `DELETE /v3/suppression/{list}/{email}` and `DELETE /v3/asm/suppressions/global/{email}`
 *   answer 204 (…/bounces-api/delete-a-bounce, …/suppressions-global-suppressions/delete-a-global-suppression);
 *   for an address not on the list this fake answers 404, a reading the client must survive;
 * - rate limits: `X-RateLimit-Limit`/`-Remaining`/`-Reset` on every answer, 429
 *   `{"errors":[{"field":null,"message":"too many requests"}]}` past the limit
 *   (…/how-to-use-the-sendgrid-v3-api/rate-limits).
 */
import { type FakeRequest, type FakeResponse, type FakeServer, startFake } from './fake-server.ts';

/** One list entry as SendGrid returns it. */
export interface SendgridEntry {
  email: string;
  /** Unix seconds. */
  created: number;
  reason?: string;
  status?: string;
  ip?: string;
}

/** The lists, by their URL name. */
export type SendgridLists = Record<
  'bounces' | 'blocks' | 'spam_reports' | 'invalid_emails' | 'unsubscribes',
  SendgridEntry[]
>;

/** A running fake with its state. */
export interface SendgridFake extends FakeServer {
  lists: SendgridLists;
  /** API key → whether it has the suppressions scope. */
  keys: Map<string, boolean>;
  /** Requests allowed per window before 429 (default: unlimited). */
  limit: { perWindow: number; windowMs: number } | null;
}

const LIST_NAMES = ['bounces', 'blocks', 'spam_reports', 'invalid_emails', 'unsubscribes'] as const;
type ListName = (typeof LIST_NAMES)[number];

const errors = (message: string, field: string | null = null) => ({
  errors: [{ field, message }],
});

/** Starts the fake with empty lists and one full-scope key. */
export async function startSendgridFake(key = 'SG.test-key'): Promise<SendgridFake> {
  const lists: SendgridLists = {
    bounces: [],
    blocks: [],
    spam_reports: [],
    invalid_emails: [],
    unsubscribes: [],
  };
  const keys = new Map<string, boolean>([[key, true]]);
  let window = { start: 0, used: 0 };
  /** The running fake: tests change `limit` and `keys` on it. */
  let state: SendgridFake;

  function rateHeaders(): Record<string, string> {
    const limit = state.limit;
    if (!limit) return { 'x-ratelimit-limit': '600', 'x-ratelimit-remaining': '599' };
    const reset = Math.ceil((window.start + limit.windowMs) / 1000);
    return {
      'x-ratelimit-limit': String(limit.perWindow),
      'x-ratelimit-remaining': String(Math.max(0, limit.perWindow - window.used)),
      'x-ratelimit-reset': String(reset),
    };
  }

  function route(req: FakeRequest): FakeResponse {
    const auth = /^Bearer (.+)$/.exec(req.headers.authorization ?? '');
    if (!auth) return { status: 401, body: errors('authorization required') };
    const scoped = state.keys.get(auth[1] as string);
    if (scoped === undefined) {
      return {
        status: 401,
        body: errors('The provided authorization grant is invalid, expired, or revoked'),
      };
    }
    if (!scoped) return { status: 403, body: errors('access forbidden') };
    const limit = state.limit;
    if (limit) {
      const now = Date.now();
      if (now - window.start >= limit.windowMs) window = { start: now, used: 0 };
      if (window.used >= limit.perWindow) {
        return { status: 429, headers: rateHeaders(), body: errors('too many requests') };
      }
      window.used++;
    }
    const answer = handle(req);
    return { ...answer, headers: { ...rateHeaders(), ...answer.headers } };
  }

  function handle(req: FakeRequest): FakeResponse {
    const list = /^\/v3\/suppression\/([a-z_]+)$/.exec(req.path);
    if (req.method === 'GET' && list && LIST_NAMES.includes(list[1] as ListName)) {
      const q = req.query;
      const limit = q.has('limit') ? Number(q.get('limit')) : 500;
      const offset = q.has('offset') ? Number(q.get('offset')) : 0;
      if (!Number.isInteger(limit) || limit < 1 || limit > 500) {
        return { status: 400, body: errors('limit must be between 1 and 500', 'limit') };
      }
      if (!Number.isInteger(offset) || offset < 0) {
        return { status: 400, body: errors('offset must be a non-negative integer', 'offset') };
      }
      const start = q.has('start_time') ? Number(q.get('start_time')) : -Infinity;
      const end = q.has('end_time') ? Number(q.get('end_time')) : Infinity;
      const rows = lists[list[1] as ListName]
        .filter((e) => e.created >= start && e.created <= end)
        .sort((a, b) => b.created - a.created || a.email.localeCompare(b.email));
      return { status: 200, body: rows.slice(offset, offset + limit) };
    }
    const del =
      /^\/v3\/suppression\/([a-z_]+)\/(.+)$/.exec(req.path) ??
      /^\/v3\/asm\/suppressions\/(global)\/(.+)$/.exec(req.path);
    if (req.method === 'DELETE' && del) {
      const name = (del[1] === 'global' ? 'unsubscribes' : del[1]) as ListName;
      if (!LIST_NAMES.includes(name)) return { status: 404, body: errors('not found') };
      const email = (del[2] as string).toLowerCase();
      const before = lists[name].length;
      lists[name] = lists[name].filter((e) => e.email.toLowerCase() !== email);
      if (lists[name].length === before) {
        return { status: 404, body: errors('Email address does not exist') };
      }
      return { status: 204 };
    }
    return { status: 404, body: errors('resource not found') };
  }

  state = Object.assign(await startFake(route), { lists, keys, limit: null });
  return state;
}

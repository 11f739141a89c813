/**
 * SendGrid v3 suppression lists (bounces, blocks, spam reports, invalid emails, global
 * unsubscribes): paged with `limit`/`offset` inside a frozen `start_time`…`end_time` window,
 * and the per-address deletes a human-forced lift repeats at SendGrid. Auth: `Authorization:
 * Bearer <API key>` (https://www.twilio.com/docs/sendgrid/api-reference/how-to-use-the-sendgrid-v3-api/authentication).
 */
import { createHttpClient, type HttpClient } from './http-client.ts';
import type { RetryPolicy } from './rate-limit.ts';
import type {
  LiftOutcome,
  PulledEntry,
  PullPage,
  PullPosition,
  VendorSyncAdapter,
} from './sync-types.ts';
import { SENDGRID_LISTS, type SendgridList } from './vendor-lists.ts';

/** SendGrid's API host (EU subusers: `https://api.eu.sendgrid.com`). */
export const SENDGRID_API_URL = 'https://api.sendgrid.com';

/** The most entries one list request returns (the lists' documented `limit` maximum). */
export const SENDGRID_PAGE_SIZE = 500;

/** What the adapter needs. */
export interface SendgridSyncOptions {
  apiKey: string;
  baseUrl?: string;
  pageSize?: number;
  policy?: RetryPolicy;
}

const epochSeconds = (iso: string) => Math.floor(Date.parse(iso) / 1000);

/** One list entry (`{created, email, reason?, status?, ip?}`) as a pulled entry, or null. */
export function sendgridEntry(list: SendgridList, raw: unknown): PulledEntry | null {
  const r = raw as Record<string, unknown> | null;
  if (typeof r?.email !== 'string' || r.email.trim() === '') return null;
  const created = typeof r.created === 'number' ? r.created : Number.NaN;
  if (!Number.isFinite(created) || created < 0) return null;
  const reason = typeof r.reason === 'string' && r.reason.trim() ? r.reason.trim() : null;
  const status =
    typeof r.status === 'string' && /^[245]\.\d{1,3}\.\d{1,3}$/.test(r.status.trim())
      ? r.status.trim()
      : null;
  return {
    vendor: 'sendgrid',
    list: list.name,
    address: r.email,
    createdAt: new Date(created * 1000).toISOString(),
    reason: list.reason,
    labels: [`sendgrid:sync/${list.name}`],
    text: reason,
    enhanced: status,
    infer: list.infer,
    metadata: {},
  };
}

/** Creates the SendGrid adapter. */
export function createSendgridSync(opts: SendgridSyncOptions): VendorSyncAdapter {
  const pageSize = Math.min(opts.pageSize ?? SENDGRID_PAGE_SIZE, SENDGRID_PAGE_SIZE);
  const http: HttpClient = createHttpClient({
    vendor: 'sendgrid',
    baseUrl: opts.baseUrl ?? SENDGRID_API_URL,
    headers: { authorization: `Bearer ${opts.apiKey}`, accept: 'application/json' },
    authHint:
      'check the API key (SENDGRID_API_KEY, or the SendgridApiKey secret): it needs the Suppressions scope',
    ...(opts.policy ? { policy: opts.policy } : {}),
  });

  async function pull(
    position: PullPosition | null,
    since: string | null,
    until: string,
  ): Promise<PullPage> {
    const step = position?.step ?? 0;
    const offset = typeof position?.token === 'number' ? position.token : 0;
    const list = SENDGRID_LISTS[step];
    if (!list) return { entries: [], next: null, where: 'done', unreadable: 0 };
    const { body } = await http.request('GET', list.listPath, {
      query: {
        limit: pageSize,
        offset,
        ...(since ? { start_time: epochSeconds(since) } : {}),
        end_time: Math.ceil(Date.parse(until) / 1000),
      },
    });
    const rows = Array.isArray(body) ? body : [];
    const entries = rows.map((row) => sendgridEntry(list, row));
    const readable = entries.filter((e): e is PulledEntry => e !== null);
    const last = rows.length < pageSize;
    const next: PullPosition | null = !last
      ? { step, token: offset + rows.length }
      : step + 1 < SENDGRID_LISTS.length
        ? { step: step + 1, token: 0 }
        : null;
    return {
      entries: readable,
      next,
      where: `${list.name} offset ${offset}`,
      unreadable: entries.length - readable.length,
    };
  }

  async function lift(addresses: readonly string[]): Promise<LiftOutcome[]> {
    const out: LiftOutcome[] = [];
    for (const address of addresses) {
      const removed: string[] = [];
      for (const list of SENDGRID_LISTS) {
        const { status } = await http.request(
          'DELETE',
          `${list.deletePath}${encodeURIComponent(address)}`,
          { accept: [404] },
        );
        if (status !== 404) removed.push(list.name);
      }
      out.push({
        address,
        result: removed.length ? 'lifted' : 'absent',
        detail: removed.join(', ') || 'on no SendGrid list',
      });
    }
    return out;
  }

  return {
    vendor: 'sendgrid',
    lifts: 'human-forced',
    needsFullList: false,
    get rateLimitWaits() {
      return http.rateLimitWaits;
    },
    pull,
    lift,
  };
}

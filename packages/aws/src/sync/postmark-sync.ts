/**
 * Postmark suppressions, per message stream: the stream list (`GET /message-streams`), one
 * dump per stream (`GET /message-streams/{stream}/suppressions/dump`, filtered by date), and
 * the deletes a human-forced lift repeats (`POST …/suppressions/delete`, at most 50 per
 * request). Auth: `X-Postmark-Server-Token` (https://postmarkapp.com/developer/api/overview#authentication).
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
import { postmarkMeaning } from './vendor-lists.ts';

/** Postmark's API host. */
export const POSTMARK_API_URL = 'https://api.postmarkapp.com';

/** The most addresses one delete request may carry (Postmark's documented limit). */
export const POSTMARK_DELETE_BATCH = 50;

/** What the adapter needs. */
export interface PostmarkSyncOptions {
  serverToken: string;
  baseUrl?: string;
  /** The streams to sync; default: every non-inbound stream of the server. */
  streams?: readonly string[];
  policy?: RetryPolicy;
}

/** `YYYY-MM-DD` (UTC) of an ISO time, as Postmark's `fromdate`/`todate` take it. */
const day = (iso: string) => iso.slice(0, 10);

/** One dump entry (`{EmailAddress, SuppressionReason, Origin, CreatedAt}`) as a pulled entry. */
export function postmarkEntry(stream: string, raw: unknown): PulledEntry | null {
  const r = raw as Record<string, unknown> | null;
  if (typeof r?.EmailAddress !== 'string' || r.EmailAddress.trim() === '') return null;
  const at = typeof r.CreatedAt === 'string' ? Date.parse(r.CreatedAt) : Number.NaN;
  if (Number.isNaN(at)) return null;
  const reason = typeof r.SuppressionReason === 'string' ? r.SuppressionReason : 'unknown';
  const origin = typeof r.Origin === 'string' ? r.Origin : 'unknown';
  const meaning = postmarkMeaning(reason, origin);
  return {
    vendor: 'postmark',
    list: stream,
    address: r.EmailAddress,
    createdAt: new Date(at).toISOString(),
    reason: meaning.reason,
    labels: [`postmark:sync/${stream}/${reason}`, `postmark:origin:${origin}`],
    text: null,
    enhanced: null,
    infer: meaning.infer,
    metadata: { MessageStream: stream },
  };
}

/** Creates the Postmark adapter. */
export function createPostmarkSync(opts: PostmarkSyncOptions): VendorSyncAdapter {
  const http: HttpClient = createHttpClient({
    vendor: 'postmark',
    baseUrl: opts.baseUrl ?? POSTMARK_API_URL,
    headers: { 'x-postmark-server-token': opts.serverToken, accept: 'application/json' },
    authHint:
      'check the server API token (POSTMARK_SERVER_TOKEN, or the PostmarkServerToken secret): a server token, not the account token',
    ...(opts.policy ? { policy: opts.policy } : {}),
  });
  let streams: string[] | null = opts.streams ? [...opts.streams].sort() : null;

  /** The streams to sync, sorted by id (a stored position names the next stream's id). */
  async function streamIds(): Promise<string[]> {
    if (streams) return streams;
    const { body } = await http.request('GET', '/message-streams', {
      query: { MessageStreamType: 'All', IncludeArchivedStreams: 'false' },
    });
    const list = (body as { MessageStreams?: unknown } | null)?.MessageStreams;
    streams = (Array.isArray(list) ? list : [])
      .filter((s) => typeof s?.ID === 'string' && s.MessageStreamType !== 'Inbound')
      .map((s) => s.ID as string)
      .sort();
    return streams;
  }

  const dumpPath = (stream: string) =>
    `/message-streams/${encodeURIComponent(stream)}/suppressions/dump`;

  async function pull(
    position: PullPosition | null,
    since: string | null,
    until: string,
  ): Promise<PullPage> {
    const ids = await streamIds();
    const from = typeof position?.token === 'string' ? position.token : null;
    const index = from === null ? 0 : ids.findIndex((id) => id >= from);
    const stream = index >= 0 ? ids[index] : undefined;
    if (stream === undefined) return { entries: [], next: null, where: 'done', unreadable: 0 };
    const { body } = await http.request('GET', dumpPath(stream), {
      query: { ...(since ? { fromdate: day(since) } : {}), todate: day(until) },
    });
    const rows = (body as { Suppressions?: unknown } | null)?.Suppressions;
    const entries = (Array.isArray(rows) ? rows : []).map((row) => postmarkEntry(stream, row));
    const readable = entries.filter((e): e is PulledEntry => e !== null);
    const following = ids[index + 1];
    return {
      entries: readable,
      next: following === undefined ? null : { step: index + 1, token: following },
      where: `stream ${stream}`,
      unreadable: entries.length - readable.length,
    };
  }

  async function lift(addresses: readonly string[]): Promise<LiftOutcome[]> {
    const deleted = new Map<string, string[]>();
    const refused = new Map<string, string[]>();
    const add = (m: Map<string, string[]>, k: string, v: string) =>
      m.set(k, [...(m.get(k) ?? []), v]);
    for (const stream of await streamIds()) {
      const present: string[] = [];
      for (const address of addresses) {
        const { body } = await http.request('GET', dumpPath(stream), {
          query: { EmailAddress: address },
        });
        const rows = (body as { Suppressions?: unknown } | null)?.Suppressions;
        if (Array.isArray(rows) && rows.length) present.push(address);
      }
      for (let i = 0; i < present.length; i += POSTMARK_DELETE_BATCH) {
        const chunk = present.slice(i, i + POSTMARK_DELETE_BATCH);
        const { body } = await http.request(
          'POST',
          `/message-streams/${encodeURIComponent(stream)}/suppressions/delete`,
          { body: { Suppressions: chunk.map((EmailAddress) => ({ EmailAddress })) } },
        );
        const results = (body as { Suppressions?: unknown } | null)?.Suppressions;
        const byAddress = new Map<string, { Status?: unknown; Message?: unknown }>();
        for (const r of Array.isArray(results) ? results : []) {
          if (typeof r?.EmailAddress === 'string') byAddress.set(r.EmailAddress.toLowerCase(), r);
        }
        for (const address of chunk) {
          const r = byAddress.get(address.toLowerCase());
          if (r?.Status === 'Deleted') add(deleted, address, stream);
          else {
            const why = typeof r?.Message === 'string' ? r.Message : 'no answer for this address';
            add(refused, address, `${stream}: ${why}`);
          }
        }
      }
    }
    return addresses.map((address) => {
      const d = deleted.get(address);
      const r = refused.get(address);
      if (d) {
        return {
          address,
          result: 'lifted',
          detail: [d.join(', '), ...(r ? [`refused on ${r.join('; ')}`] : [])].join('; '),
        };
      }
      if (r) return { address, result: 'refused', detail: r.join('; ') };
      return { address, result: 'absent', detail: 'on no Postmark stream' };
    });
  }

  return {
    vendor: 'postmark',
    lifts: 'human-forced',
    needsFullList: false,
    get rateLimitWaits() {
      return http.rateLimitWaits;
    },
    pull,
    lift,
  };
}

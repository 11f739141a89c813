/**
 * A Postmark server API for suppressions, after Postmark's API reference:
 *
 * - auth: `X-Postmark-Server-Token`; missing or wrong answers 401 with
 *   `{"ErrorCode":10,"Message":…}` (https://postmarkapp.com/developer/api/overview#authentication,
 *   …/overview#response-codes, …/overview#error-codes);
 * - `GET /message-streams?MessageStreamType=All&IncludeArchivedStreams=false` →
 *   `{"MessageStreams":[{ID, ServerID, Name, Description, MessageStreamType, …}],"TotalCount"}`
 *   (https://postmarkapp.com/developer/api/message-streams-api#list-message-streams);
 * - `GET /message-streams/{stream}/suppressions/dump` with `SuppressionReason`, `Origin`,
 *   `fromdate`, `todate` (dates, inclusive) and `EmailAddress` →
 *   `{"Suppressions":[{EmailAddress, SuppressionReason, Origin, CreatedAt}]}`; an unknown
 *   stream answers 422 ErrorCode 1226 (https://postmarkapp.com/developer/api/suppressions-api#suppression-dump);
 * - `POST /message-streams/{stream}/suppressions/delete` with `{"Suppressions":[{"EmailAddress"}]}`
 *   (at most 50) → per address `{EmailAddress, Status: "Deleted"|"Failed", Message}`; spam
 *   complaints cannot be deleted ("Failed") (…/suppressions-api#delete-a-suppression);
 *   invalid JSON answers 422 ErrorCode 402;
 * - 429 when a test turns on a rate limit (…/overview#response-codes: "Rate limit exceeded").
 */
import { type FakeRequest, type FakeResponse, type FakeServer, startFake } from './fake-server.ts';

/** One suppression as the dump returns it. */
export interface PostmarkSuppression {
  EmailAddress: string;
  SuppressionReason: 'HardBounce' | 'SpamComplaint' | 'ManualSuppression';
  Origin: 'Recipient' | 'Customer' | 'Admin';
  /** ISO 8601 with offset, e.g. `2019-12-10T08:58:33-05:00`. */
  CreatedAt: string;
}

/** One message stream. */
export interface PostmarkStream {
  ID: string;
  MessageStreamType: 'Transactional' | 'Broadcasts' | 'Inbound';
}

/** A running fake with its state. */
export interface PostmarkFake extends FakeServer {
  streams: PostmarkStream[];
  /** Stream id → its suppressions. */
  suppressions: Map<string, PostmarkSuppression[]>;
  token: string;
}

const fail = (status: number, code: number, message: string): FakeResponse => ({
  status,
  body: { ErrorCode: code, Message: message },
});

/** Starts the fake with the usual three streams and no suppressions. */
export async function startPostmarkFake(token = 'server-token-1'): Promise<PostmarkFake> {
  const streams: PostmarkStream[] = [
    { ID: 'outbound', MessageStreamType: 'Transactional' },
    { ID: 'broadcast', MessageStreamType: 'Broadcasts' },
    { ID: 'inbound', MessageStreamType: 'Inbound' },
  ];
  const suppressions = new Map<string, PostmarkSuppression[]>();
  /** The running fake: tests change `token` and `streams` on it. */
  let state: PostmarkFake;

  const listOf = (stream: string) => {
    if (!suppressions.has(stream)) suppressions.set(stream, []);
    return suppressions.get(stream) as PostmarkSuppression[];
  };

  function route(req: FakeRequest): FakeResponse {
    const given = req.headers['x-postmark-server-token'];
    if (!given) {
      return fail(
        401,
        10,
        'No Account or Server API tokens were supplied in the HTTP headers. Please add a header for either X-Postmark-Server-Token or X-Postmark-Account-Token.',
      );
    }
    if (given !== state.token) {
      return fail(401, 10, 'Request does not contain a valid Server token.');
    }
    if (req.method === 'GET' && req.path === '/message-streams') {
      const type = req.query.get('MessageStreamType') ?? 'All';
      const shown = state.streams.filter((s) => type === 'All' || s.MessageStreamType === type);
      return {
        status: 200,
        body: {
          MessageStreams: shown.map((s) => ({
            ID: s.ID,
            ServerID: 123457,
            Name: s.ID,
            Description: null,
            MessageStreamType: s.MessageStreamType,
            CreatedAt: '2020-07-01T00:00:00-04:00',
            UpdatedAt: null,
            ArchivedAt: null,
            ExpectedPurgeDate: null,
            SubscriptionManagementConfiguration: { UnsubscribeHandlingType: 'none' },
          })),
          TotalCount: shown.length,
        },
      };
    }
    const m = /^\/message-streams\/([^/]+)\/suppressions\/(dump|delete)$/.exec(req.path);
    if (!m) return fail(404, 0, 'Not found');
    const stream = state.streams.find((s) => s.ID === m[1]);
    if (!stream) {
      return fail(422, 1226, "The message stream for the provided 'ID' was not found.");
    }
    if (m[2] === 'dump' && req.method === 'GET') {
      const q = req.query;
      const from = q.get('fromdate');
      const to = q.get('todate');
      const day = (iso: string) => new Date(iso).toISOString().slice(0, 10);
      const rows = listOf(stream.ID).filter(
        (s) =>
          (!from || day(s.CreatedAt) >= from) &&
          (!to || day(s.CreatedAt) <= to) &&
          (!q.get('SuppressionReason') || s.SuppressionReason === q.get('SuppressionReason')) &&
          (!q.get('Origin') || s.Origin === q.get('Origin')) &&
          (!q.get('EmailAddress') ||
            s.EmailAddress.toLowerCase() === q.get('EmailAddress')?.toLowerCase()),
      );
      return { status: 200, body: { Suppressions: rows } };
    }
    if (m[2] === 'delete' && req.method === 'POST') {
      let body: { Suppressions?: { EmailAddress?: unknown }[] };
      try {
        body = JSON.parse(req.body);
      } catch {
        return fail(422, 402, 'Received invalid JSON input.');
      }
      const asked = Array.isArray(body?.Suppressions) ? body.Suppressions : [];
      if (asked.length > 50) {
        return fail(422, 300, 'You can delete at most 50 suppressions per request.');
      }
      const list = listOf(stream.ID);
      const results = asked.map((a) => {
        const address = typeof a?.EmailAddress === 'string' ? a.EmailAddress : '';
        const found = list.find((s) => s.EmailAddress.toLowerCase() === address.toLowerCase());
        if (found?.SuppressionReason === 'SpamComplaint') {
          return {
            EmailAddress: address,
            Status: 'Failed',
            Message: 'You do not have the required authority to change this suppression.',
          };
        }
        if (found) list.splice(list.indexOf(found), 1);
        return { EmailAddress: address, Status: 'Deleted', Message: null };
      });
      return { status: 200, body: { Suppressions: results } };
    }
    return fail(405, 0, 'Method not allowed');
  }

  state = Object.assign(await startFake(route), { streams, suppressions, token });
  return state;
}

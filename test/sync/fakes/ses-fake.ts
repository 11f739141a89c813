/**
 * An Amazon SES API v2 endpoint for the account-level suppression list, speaking the protocol
 * the real `@aws-sdk/client-sesv2` sends (REST-JSON), after the SESv2 API reference:
 *
 * - `GET /v2/email/suppression/addresses?PageSize=&NextToken=&Reason=&StartDate=&EndDate=` →
 *   `{"SuppressedDestinationSummaries":[{EmailAddress, Reason, LastUpdateTime}],"NextToken"}`,
 *   PageSize 1–1000, LastUpdateTime in epoch seconds
 *   (https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_ListSuppressedDestinations.html);
 * - `PUT /v2/email/suppression/addresses` `{"EmailAddress","Reason":"BOUNCE"|"COMPLAINT"}` → 200 `{}`
 *   (…/API_PutSuppressedDestination.html);
 * - `DELETE /v2/email/suppression/addresses/{EmailAddress}` → 200 `{}`, NotFoundException 404
 *   (…/API_DeleteSuppressedDestination.html); `GET` of the same path →
 *   `{"SuppressedDestination":{…}}` (…/API_GetSuppressedDestination.html);
 * - errors as REST-JSON does them: the status, header `x-amzn-ErrorType: <Code>` and
 *   `{"message"}`: BadRequestException 400, NotFoundException 404, TooManyRequestsException 429
 *   (…/CommonErrors.html); an unknown access key UnrecognizedClientException 403, a signature
 *   that does not match (Signature Version 4, verified here from the secret key:
 *   https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html)
 *   InvalidSignatureException 403.
 */
import { createHash, createHmac } from 'node:crypto';
import { type FakeRequest, type FakeResponse, type FakeServer, startFake } from './fake-server.ts';

/** One entry of the account-level list. */
export interface SesSuppression {
  EmailAddress: string;
  Reason: 'BOUNCE' | 'COMPLAINT';
  /** Epoch ms. */
  LastUpdateTime: number;
}

/** A running fake with its state. */
export interface SesFake extends FakeServer {
  /** Address (lower-cased) → entry, in insertion order. */
  list: Map<string, SesSuppression>;
  /** Access key id → secret. */
  credentials: Map<string, string>;
  /** Every request whose signature verified (the others were answered 403). */
  verified: number;
}

const error = (status: number, code: string, message: string): FakeResponse => ({
  status,
  headers: { 'x-amzn-errortype': code },
  body: { message },
});

/** RFC 3986 percent-encoding as SigV4 wants it (encodeURIComponent leaves `!'()*`). */
const rfc3986 = (s: string) =>
  encodeURIComponent(s).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');
const hmac = (key: Buffer | string, s: string) =>
  createHmac('sha256', key).update(s, 'utf8').digest();

/**
 * Checks a request's SigV4 `Authorization` against `credentials`: null when it verifies, else
 * the error to answer. Non-S3 services sign the path with each segment encoded again.
 */
export function checkSigV4(
  req: FakeRequest,
  credentials: ReadonlyMap<string, string>,
  expectedService = 'ses',
): FakeResponse | null {
  const m =
    /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})$/.exec(
      req.headers.authorization ?? '',
    );
  if (!m) return error(403, 'MissingAuthenticationTokenException', 'Missing Authentication Token');
  const [, keyId, date, region, service, signedHeaders, signature] = m as unknown as string[];
  const secret = credentials.get(keyId as string);
  if (secret === undefined) {
    return error(
      403,
      'UnrecognizedClientException',
      'The security token included in the request is invalid.',
    );
  }
  if (service !== expectedService) {
    return error(
      403,
      'InvalidSignatureException',
      `Credential should be scoped to correct service: '${expectedService}'.`,
    );
  }
  const amzDate = req.headers['x-amz-date'] ?? '';
  const names = (signedHeaders as string).split(';');
  const canonicalHeaders = names
    .map((n) => `${n}:${(req.headers[n] ?? '').trim().replace(/\s+/g, ' ')}\n`)
    .join('');
  const canonicalPath =
    req.rawPath
      .split('/')
      .map((seg) => rfc3986(seg))
      .join('/') || '/';
  const canonicalQuery = req.rawQuery
    .split('&')
    .filter(Boolean)
    .map((pair) => {
      const [k = '', v = ''] = pair.split('=');
      return [rfc3986(decodeURIComponent(k)), rfc3986(decodeURIComponent(v.replace(/\+/g, ' ')))];
    })
    .sort(([a = '', x = ''], [b = '', y = '']) => (a === b ? (x < y ? -1 : 1) : a < b ? -1 : 1))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  const canonical = [
    req.method,
    canonicalPath,
    canonicalQuery,
    canonicalHeaders,
    signedHeaders,
    req.headers['x-amz-content-sha256'] ?? sha256(req.body),
  ].join('\n');
  const scope = `${date}/${region}/${service}/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonical)].join('\n');
  let key = hmac(`AWS4${secret}`, date as string);
  for (const part of [region as string, service as string, 'aws4_request']) key = hmac(key, part);
  const expected = createHmac('sha256', key).update(toSign, 'utf8').digest('hex');
  if (expected !== signature) {
    return error(
      403,
      'InvalidSignatureException',
      'The request signature we calculated does not match the signature you provided.',
    );
  }
  return null;
}

const PATH = '/v2/email/suppression/addresses';

/** Starts the fake with an empty list and one key pair. */
export async function startSesFake(
  keyId = 'AKIDSYNCTEST',
  secret = 'sync-test-secret',
): Promise<SesFake> {
  const list = new Map<string, SesSuppression>();
  const credentials = new Map([[keyId, secret]]);
  let state: SesFake;

  function route(req: FakeRequest): FakeResponse {
    const denied = checkSigV4(req, state.credentials);
    if (denied) return denied;
    state.verified++;
    if (req.path === PATH && req.method === 'GET') return listPage(req);
    if (req.path === PATH && req.method === 'PUT') {
      let body: { EmailAddress?: unknown; Reason?: unknown };
      try {
        body = JSON.parse(req.body);
      } catch {
        return error(400, 'BadRequestException', 'The request body is not JSON.');
      }
      if (typeof body.EmailAddress !== 'string' || !body.EmailAddress.includes('@')) {
        return error(400, 'BadRequestException', 'EmailAddress is not a valid address.');
      }
      if (body.Reason !== 'BOUNCE' && body.Reason !== 'COMPLAINT') {
        return error(400, 'BadRequestException', 'Reason must be BOUNCE or COMPLAINT.');
      }
      list.set(body.EmailAddress.toLowerCase(), {
        EmailAddress: body.EmailAddress,
        Reason: body.Reason,
        LastUpdateTime: Date.now(),
      });
      return { status: 200, body: {} };
    }
    if (req.path.startsWith(`${PATH}/`) && (req.method === 'DELETE' || req.method === 'GET')) {
      const address = req.path.slice(PATH.length + 1).toLowerCase();
      const found = list.get(address);
      if (!found)
        return error(404, 'NotFoundException', `${address} is not on the suppression list.`);
      if (req.method === 'GET') {
        return {
          status: 200,
          body: {
            SuppressedDestination: {
              EmailAddress: found.EmailAddress,
              Reason: found.Reason,
              LastUpdateTime: found.LastUpdateTime / 1000,
            },
          },
        };
      }
      list.delete(address);
      return { status: 200, body: {} };
    }
    return error(404, 'NotFoundException', 'Unknown operation.');
  }

  function listPage(req: FakeRequest): FakeResponse {
    const q = req.query;
    const size = q.has('PageSize') ? Number(q.get('PageSize')) : 1000;
    if (!Number.isInteger(size) || size < 1 || size > 1000) {
      return error(400, 'BadRequestException', 'PageSize must be between 1 and 1000.');
    }
    let offset = 0;
    const token = q.get('NextToken');
    if (token) {
      const m = /^page:(\d+)$/.exec(Buffer.from(token, 'base64').toString('utf8'));
      if (!m) return error(400, 'BadRequestException', 'Invalid NextToken.');
      offset = Number(m[1]);
    }
    const reasons = q.getAll('Reason');
    const start = q.has('StartDate') ? Date.parse(q.get('StartDate') as string) : -Infinity;
    const end = q.has('EndDate') ? Date.parse(q.get('EndDate') as string) : Infinity;
    const rows = [...list.values()].filter(
      (e) =>
        (!reasons.length || reasons.includes(e.Reason)) &&
        e.LastUpdateTime >= start &&
        e.LastUpdateTime <= end,
    );
    const page = rows.slice(offset, offset + size);
    const next = offset + size < rows.length;
    return {
      status: 200,
      body: {
        SuppressedDestinationSummaries: page.map((e) => ({
          EmailAddress: e.EmailAddress,
          Reason: e.Reason,
          LastUpdateTime: e.LastUpdateTime / 1000,
        })),
        ...(next
          ? { NextToken: Buffer.from(`page:${offset + size}`, 'utf8').toString('base64') }
          : {}),
      },
    };
  }

  state = Object.assign(await startFake(route), { list, credentials, verified: 0 });
  return state;
}

/** A 429 TooManyRequestsException answer as SES gives it (for storms). */
export const SES_THROTTLED: FakeResponse = error(
  429,
  'TooManyRequestsException',
  'Too Many Requests',
);

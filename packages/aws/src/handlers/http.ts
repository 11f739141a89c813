/**
 * The HTTP edge shared by every webhook handler: payload-v2 event → RawRequest (base64 honoured,
 * size limit), JSON responses, and the one place errors become status codes.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import {
  DependencyError,
  NotConfiguredError,
  PayloadError,
  PayloadTooLargeError,
  type RawRequest,
  WebhookVerificationError,
} from '@rebound/core';

/** The parts of an API Gateway v2 / Function URL (payload 2.0) event the handlers read. */
export interface HttpEvent {
  rawPath?: string;
  rawQueryString?: string;
  headers?: Record<string, string | undefined>;
  body?: string;
  isBase64Encoded?: boolean;
  requestContext?: { http?: { method?: string; sourceIp?: string }; requestId?: string };
}

/** A payload-v2 response. */
export interface HttpResult {
  statusCode: number;
  headers?: Record<string, string>;
  body: string;
}

/** Default body limit: SendGrid posts up to ~768 KB; Lambda's own limit is 6 MB. */
export const DEFAULT_MAX_BODY_BYTES = 2 * 1024 * 1024;

/** A JSON response. */
export function json(
  statusCode: number,
  body: unknown,
  headers: Record<string, string> = {},
): HttpResult {
  return {
    statusCode,
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  };
}

/** Reads the exact body bytes and lower-cased headers; throws PayloadTooLargeError over the limit. */
export function toRawRequest(event: HttpEvent, maxBytes = DEFAULT_MAX_BODY_BYTES): RawRequest {
  const headers: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(event.headers ?? {})) headers[k.toLowerCase()] = v;
  const raw = event.body ?? '';
  const body = event.isBase64Encoded ? Buffer.from(raw, 'base64') : Buffer.from(raw, 'utf8');
  if (body.byteLength > maxBytes) throw new PayloadTooLargeError(maxBytes);
  const sourceIp = event.requestContext?.http?.sourceIp;
  return { headers, body: new Uint8Array(body), ...(sourceIp ? { sourceIp } : {}) };
}

/** The request method, upper-cased. */
export function methodOf(event: HttpEvent): string {
  return (event.requestContext?.http?.method ?? 'GET').toUpperCase();
}

/**
 * Maps an error to its answer: verification 401 (missing/wrong credentials) or 403, malformed
 * 400, too large 413, dependency 503 (the vendor retries), anything else 500 (also retried).
 */
export function errorResult(err: unknown, logger: Logger): HttpResult {
  if (err instanceof WebhookVerificationError) {
    logger.warn('verification failed', { check: err.check, error: err.message });
    const status = err.check === 'missing-header' || err.check === 'credentials' ? 401 : 403;
    return json(status, { error: 'verification failed', check: err.check });
  }
  if (err instanceof NotConfiguredError) {
    logger.warn('not configured', { setting: err.setting, fix: err.fix });
    // The vendor retries a 503; by the next try `rebound connect` may have run.
    return json(
      503,
      { error: 'not-configured', setting: err.setting, fix: err.fix },
      { 'retry-after': '300' },
    );
  }
  if (err instanceof PayloadTooLargeError) return json(413, { error: err.message });
  if (err instanceof PayloadError) {
    logger.warn('malformed payload', { error: err.message });
    return json(400, { error: err.message });
  }
  if (err instanceof DependencyError) {
    logger.error('dependency failed', { dependency: err.dependency, error: err.message });
    return json(503, { error: 'dependency unavailable', dependency: err.dependency });
  }
  logger.error('unexpected error', { error: err instanceof Error ? err.message : String(err) });
  return json(500, { error: 'internal error' });
}

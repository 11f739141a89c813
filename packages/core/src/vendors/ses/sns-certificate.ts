/**
 * SNS signing certificates: the SigningCertURL check that runs BEFORE any fetch (https, the
 * topic's own regional SNS host, `/SimpleNotificationService-<hash>.pem`), the injected fetcher
 * under a time limit, a bounded LRU cache by URL, and the checks on the certificate itself.
 */
import { X509Certificate } from 'node:crypto';
import { DependencyError, WebhookVerificationError } from '../../errors.ts';

/** The fetcher the caller injects (core does no I/O). */
export type FetchCertificate = (url: string) => Promise<string>;

/** How long a certificate fetch may take before the request answers 5xx (SNS retries). */
export const CERTIFICATE_FETCH_TIMEOUT_MS = 2_000;

/** Most certificates kept: SNS rotates them rarely, a few per region are ever live. */
export const CERTIFICATE_CACHE_SIZE = 32;

/** The path SNS serves certificates at: one file named after the certificate's hash. */
const CERT_PATH = /^\/SimpleNotificationService-[0-9a-f]{32,64}\.pem$/;

/** The host a topic's certificates come from: its region, `.cn` only in the aws-cn partition. */
export function snsHostOf(partition: string, region: string): string {
  return `sns.${region}.amazonaws.com${partition === 'aws-cn' ? '.cn' : ''}`;
}

/**
 * Validates a SigningCertURL before anything is fetched: https, no credentials, port, query or
 * fragment, exactly the topic's regional SNS host (`sns.<region>.amazonaws.com`, with `.cn`
 * only for the aws-cn partition), and exactly `/SimpleNotificationService-<hex hash>.pem`.
 * Throws WebhookVerificationError('certificate-url').
 *
 * @example checkCertificateUrl(env.SigningCertURL, { partition: 'aws', region: 'us-east-1' })
 */
export function checkCertificateUrl(
  url: unknown,
  topic: { partition: string; region: string },
): string {
  const fail = (why: string) =>
    new WebhookVerificationError('certificate-url', `SigningCertURL ${why}`);
  if (typeof url !== 'string') throw fail('missing');
  const u = tryUrl(url);
  if (!u) throw fail('is not a URL');
  if (u.protocol !== 'https:') throw fail('is not https');
  if (u.username || u.password || u.port) throw fail('has credentials or a port');
  if (!/^sns\.[a-z0-9-]+\.amazonaws\.com(\.cn)?$/.test(u.hostname)) {
    throw fail('is not on an SNS host');
  }
  if (u.hostname !== snsHostOf(topic.partition, topic.region)) {
    throw fail("is not on the topic's own regional SNS host");
  }
  if (!CERT_PATH.test(u.pathname) || u.search || u.hash) {
    throw fail('is not a /SimpleNotificationService-<hash>.pem path');
  }
  return u.href;
}

/** A parsed URL, or null (the type is inferred: the deploy's type-check has DOM's URL too). */
export function tryUrl(text: string) {
  try {
    return new URL(text);
  } catch {
    return null;
  }
}

/**
 * Certificates by URL, least recently used first; lives as long as the Lambda container (warm
 * invocations reuse it). Bounded: an attacker cannot grow it (URLs are checked first anyway).
 */
const certCache = new Map<string, Promise<X509Certificate>>();

/** Empties the certificate cache (tests). */
export function clearCertificateCache(): void {
  certCache.clear();
}

/** Options of `loadCertificate` (tests shorten the time limit). */
export interface LoadOptions {
  timeoutMs?: number;
}

/**
 * The certificate at an already-validated URL: from the cache, else fetched (within the time
 * limit) and parsed. A failed or slow fetch is a DependencyError in the verify phase (answer
 * 5xx so SNS retries; counted as a verification failure); a bad certificate a
 * WebhookVerificationError. Failures are not cached.
 */
export function loadCertificate(
  url: string,
  fetchCertificate: FetchCertificate,
  opts: LoadOptions = {},
): Promise<X509Certificate> {
  let pending = certCache.get(url);
  if (pending) {
    // Most recently used last: re-insert.
    certCache.delete(url);
    certCache.set(url, pending);
    return pending;
  }
  pending = fetchAndParse(url, fetchCertificate, opts.timeoutMs ?? CERTIFICATE_FETCH_TIMEOUT_MS);
  certCache.set(url, pending);
  while (certCache.size > CERTIFICATE_CACHE_SIZE) {
    const oldest = certCache.keys().next().value as string;
    certCache.delete(oldest);
  }
  pending.catch(() => {
    if (certCache.get(url) === pending) certCache.delete(url);
  });
  return pending;
}

/** Rejects after `ms` (the timer never keeps the process alive). */
function timeout(ms: number): Promise<never> {
  return new Promise((_, reject) => {
    setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms).unref();
  });
}

async function fetchAndParse(
  url: string,
  fetchCertificate: FetchCertificate,
  timeoutMs: number,
): Promise<X509Certificate> {
  let pem: string;
  try {
    pem = await Promise.race([fetchCertificate(url), timeout(timeoutMs)]);
  } catch (cause) {
    // Transient: answer 5xx so that SNS retries (a 4xx would drop the message).
    throw new DependencyError('sns-certificate', `fetching ${url} failed`, {
      cause,
      phase: 'verify',
    });
  }
  const blocks = typeof pem === 'string' ? pem.match(/-----BEGIN CERTIFICATE-----/g) : null;
  if (blocks?.length !== 1) {
    throw new WebhookVerificationError('certificate', 'expected exactly one PEM certificate');
  }
  try {
    return new X509Certificate(pem);
  } catch (cause) {
    throw new WebhookVerificationError('certificate', 'certificate does not parse', { cause });
  }
}

/** RSA key, SNS subject, and (unless skipped) validity dates; else WebhookVerificationError. */
export function checkCertificate(cert: X509Certificate, now: Date, skipDates: boolean): void {
  if (cert.publicKey.asymmetricKeyType !== 'rsa') {
    throw new WebhookVerificationError('certificate', 'certificate key is not RSA');
  }
  const cn = /(?:^|\n)CN=([^\n]+)/.exec(cert.subject)?.[1];
  if (!cn || !/^sns(\.[a-z0-9-]+)?\.amazonaws\.com(\.cn)?$/.test(cn)) {
    throw new WebhookVerificationError('certificate', 'certificate subject is not SNS');
  }
  if (skipDates) return;
  const from = Date.parse(cert.validFrom);
  const to = Date.parse(cert.validTo);
  const t = now.getTime();
  if (!(t >= from && t <= to)) {
    throw new WebhookVerificationError('certificate', 'certificate is outside its validity dates');
  }
}

/**
 * SNS signing certificates: the SigningCertURL check that runs BEFORE any fetch, the injected
 * fetcher with a module-level cache by URL, and the checks on the certificate itself.
 */
import { X509Certificate } from 'node:crypto';
import { DependencyError, WebhookVerificationError } from '../errors.ts';

/** AWS validators' host pattern: sns.<region>.amazonaws.com, optionally .cn. */
const CERT_HOST = /^sns\.([a-z0-9-]{3,})\.amazonaws\.com(\.cn)?$/;

/** The fetcher the caller injects (core does no I/O). */
export type FetchCertificate = (url: string) => Promise<string>;

/**
 * Validates a SigningCertURL before anything is fetched: https, no credentials or port, host
 * `sns.<region>.amazonaws.com[.cn]`, path ending in `.pem`, and (when required) the topic's region.
 */
export function checkCertificateUrl(
  url: unknown,
  topicRegion: string | null,
  requireRegion: boolean,
): string {
  const fail = (why: string) =>
    new WebhookVerificationError('certificate-url', `SigningCertURL ${why}`);
  if (typeof url !== 'string') throw fail('missing');
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw fail('is not a URL');
  }
  if (u.protocol !== 'https:') throw fail('is not https');
  if (u.username || u.password || u.port) throw fail('has credentials or a port');
  const host = CERT_HOST.exec(u.hostname);
  if (!host) throw fail('is not on an SNS host');
  if (!u.pathname.endsWith('.pem') || u.search || u.hash) throw fail('is not a .pem path');
  if (requireRegion && host[1] !== topicRegion) {
    throw fail("region differs from the topic's");
  }
  return u.href;
}

/** Certificates by URL; lives as long as the Lambda container (warm invocations reuse it). */
const certCache = new Map<string, Promise<X509Certificate>>();

/** Empties the certificate cache (tests). */
export function clearCertificateCache(): void {
  certCache.clear();
}

export function loadCertificate(
  url: string,
  fetchCertificate: FetchCertificate,
): Promise<X509Certificate> {
  let pending = certCache.get(url);
  if (!pending) {
    pending = fetchAndParse(url, fetchCertificate);
    certCache.set(url, pending);
    // A failed fetch or a bad certificate is not cached: the next delivery tries again.
    pending.catch(() => certCache.delete(url));
  }
  return pending;
}

async function fetchAndParse(
  url: string,
  fetchCertificate: FetchCertificate,
): Promise<X509Certificate> {
  let pem: string;
  try {
    pem = await fetchCertificate(url);
  } catch (cause) {
    // Transient: answer 5xx so that SNS retries (a 4xx would drop the message).
    throw new DependencyError('sns-certificate', `fetching ${url} failed`, { cause });
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

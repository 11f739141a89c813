/**
 * A tiny DER builder that makes a self-signed X.509 v3 certificate (sha256WithRSA) with
 * node:crypto alone: no openssl, no dependency. Used for the local SNS signing certificate.
 */
import { createPublicKey, type KeyObject, sign } from 'node:crypto';

/** DER length octets. */
function length(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v % 256);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

/** One DER TLV. */
function tlv(tag: number, ...content: Buffer[]): Buffer {
  const body = Buffer.concat(content);
  return Buffer.concat([Buffer.from([tag]), length(body.length), body]);
}

const seq = (...c: Buffer[]) => tlv(0x30, ...c);
const set = (...c: Buffer[]) => tlv(0x31, ...c);
const nul = () => Buffer.from([0x05, 0x00]);

/** An OBJECT IDENTIFIER from dotted notation. */
function oid(dotted: string): Buffer {
  const [a = 0, b = 0, ...rest] = dotted.split('.').map(Number);
  const out = [40 * a + b];
  for (const n of rest) {
    const chunk = [n & 0x7f];
    for (let v = Math.floor(n / 128); v > 0; v = Math.floor(v / 128))
      chunk.unshift(0x80 | (v & 0x7f));
    out.push(...chunk);
  }
  return tlv(0x06, Buffer.from(out));
}

/** A positive INTEGER from big-endian bytes. */
function integer(bytes: Buffer): Buffer {
  let b = bytes;
  while (b.length > 1 && b[0] === 0 && (b[1] ?? 0) < 0x80) b = b.subarray(1);
  return tlv(0x02, (b[0] ?? 0) >= 0x80 ? Buffer.concat([Buffer.from([0]), b]) : b);
}

/** UTCTime (years 1950–2049), `YYMMDDHHMMSSZ`. */
function utcTime(d: Date): Buffer {
  const iso = d.toISOString(); // 2026-11-28T08:50:00.000Z
  const s = iso.slice(2, 4) + iso.slice(5, 7) + iso.slice(8, 10) + iso.slice(11, 13);
  return tlv(0x17, Buffer.from(`${s}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`, 'ascii'));
}

/** A Name with a single commonName. */
const commonName = (cn: string) => seq(set(seq(oid('2.5.4.3'), tlv(0x0c, Buffer.from(cn)))));

/** What the certificate says. */
export interface CertificateOptions {
  commonName: string;
  notBefore: Date;
  notAfter: Date;
  /** 8–20 random bytes. */
  serial: Buffer;
}

/** Builds and self-signs a certificate for an RSA key pair; returns it as PEM. */
export function selfSignedCertificate(privateKey: KeyObject, opts: CertificateOptions): string {
  const spki = createPublicKey(privateKey).export({ type: 'spki', format: 'der' });
  const algorithm = seq(oid('1.2.840.113549.1.1.11'), nul()); // sha256WithRSAEncryption
  const name = commonName(opts.commonName);
  const tbs = seq(
    tlv(0xa0, integer(Buffer.from([2]))), // version v3
    integer(opts.serial),
    algorithm,
    name,
    seq(utcTime(opts.notBefore), utcTime(opts.notAfter)),
    name,
    spki,
  );
  const signature = sign('sha256', tbs, privateKey);
  const der = seq(tbs, algorithm, tlv(0x03, Buffer.from([0]), signature));
  const b64 = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${b64.join('\n')}\n-----END CERTIFICATE-----\n`;
}

/**
 * The MIME layer, through postal-mime: the top-level headers, the plain-text body, and the raw
 * report parts (delivery-status, feedback-report, the returned message's header section).
 */
import PostalMime, { type Attachment, type Email } from 'postal-mime';
import { PayloadError, PayloadTooLargeError } from '../errors.ts';
import { parseFieldGroups } from './fields.ts';
import { htmlToText } from './html-text.ts';

/** Largest mail read: real bounces are a few KB; a returned copy with attachments can be MBs. */
export const MAX_MAIL_BYTES = 10 * 1024 * 1024;
/**
 * Bytes handed to the MIME parser. A report's parts come first (RFC 6522 §3: human text, then the
 * machine-readable part, then the returned message), so the tail — the rest of a returned copy
 * and its attachments — is never parsed: a 10 MB mail or a zip bomb costs what 1 MB costs.
 */
export const MIME_READ_BYTES = 1024 * 1024;
/** Longest body text scanned, and longest header section read from a returned message. */
const MAX_TEXT_CHARS = 512 * 1024;
const MAX_ORIGINAL_HEADER_BYTES = 256 * 1024;

/** What the bounce parsers read from one mail. */
export interface MailParts {
  /** Top-level headers: lowercased name → raw values, in order. */
  headers: ReadonlyMap<string, string[]>;
  email: Email;
  /** `report-type` of a top-level multipart/report, lowercased. */
  reportType: string | null;
  /** The plain-text body (HTML rendered as text when there is no plain part), capped. */
  text: string;
  deliveryStatus: string[];
  feedbackReport: string[];
  /** The returned message's header section (message/rfc822 or text/rfc822-headers part). */
  originalHeaders: string | null;
}

const DELIVERY_STATUS = new Set(['message/delivery-status', 'message/global-delivery-status']);
const FEEDBACK_REPORT = new Set(['message/feedback-report']);
const ORIGINAL = new Set([
  'message/rfc822',
  'message/global',
  'text/rfc822-headers',
  'message/rfc822-headers',
  'message/global-headers',
]);
const utf8 = new TextDecoder('utf-8');
const latin1 = new TextDecoder('latin1');
/** The first header of a mail: a field name as mail systems write them (letters, digits, dashes). */
const FIELD_LINE = /^[A-Za-z][A-Za-z0-9_.-]{0,75}[ \t]*:/;

/** Bytes of the mail, after the size check. Never decodes more than it must. */
export function mailBytes(input: Uint8Array | string): Uint8Array {
  if (typeof input === 'string') {
    if (input.length > MAX_MAIL_BYTES) throw new PayloadTooLargeError(MAX_MAIL_BYTES);
    input = new TextEncoder().encode(input);
  } else if (!(input instanceof Uint8Array)) {
    throw new PayloadError('mail: input must be bytes or text');
  }
  if (input.byteLength > MAX_MAIL_BYTES) throw new PayloadTooLargeError(MAX_MAIL_BYTES);
  return input;
}

/** The first MIME_READ_BYTES of the mail, cut after a line end. */
function head(bytes: Uint8Array): Uint8Array {
  if (bytes.length <= MIME_READ_BYTES) return bytes;
  const end = bytes.lastIndexOf(10, MIME_READ_BYTES);
  return bytes.subarray(0, end > 0 ? end + 1 : MIME_READ_BYTES);
}

/** A mail starts with a header field (after blank lines and an mbox `From ` line). */
function startsWithHeader(bytes: Uint8Array): boolean {
  const head = latin1.decode(bytes.subarray(0, 4096)).split(/\r?\n/);
  let i = 0;
  while (i < head.length && (head[i] as string).trim() === '') i++;
  if (head[i]?.startsWith('From ')) i++;
  return FIELD_LINE.test(head[i] ?? '');
}

/** The header section of a returned message (up to its first blank line), as text. */
function headerSection(content: Attachment['content']): string {
  const bytes =
    typeof content === 'string'
      ? new TextEncoder().encode(content.slice(0, MAX_ORIGINAL_HEADER_BYTES))
      : new Uint8Array(
          content as ArrayBuffer,
          0,
          Math.min(content.byteLength, MAX_ORIGINAL_HEADER_BYTES),
        );
  let end = bytes.length;
  for (let i = 0; i + 1 < bytes.length; i++) {
    if (bytes[i] === 10 && (bytes[i + 1] === 10 || (bytes[i + 1] === 13 && bytes[i + 2] === 10))) {
      end = i;
      break;
    }
  }
  return utf8.decode(bytes.subarray(0, end));
}

function partText(content: Attachment['content']): string {
  if (typeof content === 'string') return content;
  return utf8.decode(
    new Uint8Array(content as ArrayBuffer, 0, Math.min(content.byteLength, MAX_TEXT_CHARS)),
  );
}

/**
 * Parses the MIME structure of the first MIME_READ_BYTES. Throws PayloadTooLargeError over 10 MB
 * and PayloadError when the bytes are not a mail. Attachments are never inflated or read.
 * @example (await readMail('From: a@b.c\r\n\r\nhi')).text // 'hi'
 */
export async function readMail(input: Uint8Array | string): Promise<MailParts> {
  const bytes = mailBytes(input);
  if (!startsWithHeader(bytes)) {
    throw new PayloadError('mail: not a mail message (it does not start with a header field)');
  }
  let email: Email;
  try {
    email = await PostalMime.parse(head(bytes), {
      forceRfc822Attachments: true,
      maxNestingDepth: 50,
      maxHeadersSize: 1024 * 1024,
    });
  } catch (cause) {
    throw new PayloadError(`mail: unreadable MIME structure: ${(cause as Error).message}`, {
      cause,
    });
  }
  const headers = new Map<string, string[]>();
  for (const h of email.headers) headers.set(h.key, [...(headers.get(h.key) ?? []), h.value]);
  if (headers.size === 0) throw new PayloadError('mail: not a mail message (no header fields)');
  const parts: MailParts = {
    headers,
    email,
    reportType: reportTypeOf(headers.get('content-type')?.[0] ?? ''),
    text: (email.text ?? (email.html ? htmlToText(email.html) : '')).slice(0, MAX_TEXT_CHARS),
    deliveryStatus: [],
    feedbackReport: [],
    originalHeaders: null,
  };
  for (const a of email.attachments) {
    const type = a.mimeType.toLowerCase();
    if (DELIVERY_STATUS.has(type)) parts.deliveryStatus.push(partText(a.content));
    else if (FEEDBACK_REPORT.has(type)) parts.feedbackReport.push(partText(a.content));
    else if (ORIGINAL.has(type) && parts.originalHeaders === null) {
      parts.originalHeaders = headerSection(a.content);
    }
  }
  // A multipart without a usable boundary has no parts: read its body as the text it is.
  if (parts.text === '' && email.attachments.length === 0) parts.text = rawBody(bytes);
  return parts;
}

/** The bytes after the header section, as text (capped). */
function rawBody(bytes: Uint8Array): string {
  const head = latin1.decode(bytes.subarray(0, Math.min(bytes.length, 1024 * 1024)));
  const m = /\r?\n\r?\n/.exec(head);
  if (!m) return '';
  const start = m.index + m[0].length;
  return utf8.decode(bytes.subarray(start, start + MAX_TEXT_CHARS));
}

function reportTypeOf(contentType: string): string | null {
  if (!/^\s*multipart\/report\b/i.test(contentType)) return null;
  const m = /report-type\s*=\s*"?([\w.-]+)/i.exec(contentType);
  return m ? (m[1] as string).toLowerCase() : null;
}

/** The first group of a header section, as fields (for the returned message's headers). */
export function headerFields(section: string) {
  return parseFieldGroups(section, 1)[0] ?? new Map<string, string[]>();
}

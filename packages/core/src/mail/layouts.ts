/**
 * Layout detectors for bounces without a delivery-status part. Each reads one way bounces lay
 * out "this recipient failed, because …", whatever the MTA; `plain.ts` merges what they find.
 */
import { ADDRESS_SOURCE as A } from './addresses.ts';
import { REPLY_HEADINGS } from './wordings.ts';

/** One recipient and the text that explains its failure ('' when the layout gives none). */
export interface Found {
  address: string;
  text: string;
}

/**
 * A line that starts with the recipient: `<a>:` / `"a":` / `a:` with the reply after the colon or
 * on the lines below (qmail, vpopmail, Yahoo, Postfix, Courier, GMX, OpenSMTPD, au), or the
 * address alone, maybe with ` on <date>` or `(generated from …)`, reason lines below (Exim,
 * Exchange, Gmail, sendmail's error list, SES).
 */
const HEAD = new RegExp(
  String.raw`^(\s*)(?:<(${A})>|"(${A})"|(${A}))(?:\s*:\s*(.*)|\s+on\s+.{4,60}|\s+\([^)]{0,200}\)|\s*)$`,
  'u',
);
/** sendmail's `550 5.1.1 <a>... User unknown`, also inside a transcript (`<<< …`). */
const DOTS = new RegExp(
  String.raw`^\s*(?:<<<\s*)?((?:[245]\d\d[ -](?:[245]\.\d{1,3}\.\d{1,3}\s+)?)?)<?(${A})>?\.\.\.\s*(.+)$`,
  'u',
);
/** A transcript: `>>> RCPT To:<a>` followed by the server's `<<< ` lines. */
const RCPT = new RegExp(String.raw`^\s*>>>\s*RCPT\s+TO:\s*<?(${A})>?`, 'iu');
/** Labelled recipient lines: Sun/Oracle `Recipient address:`, Japanese `宛先:`, and the like. */
const RECIPIENT_LABEL = new RegExp(
  String.raw`^\s*(?:Recipient address|Original address|Recipient|Failed recipient|Address|宛先|受信者|Empfänger|Destinataire|Адресат|Получатель)\s*[:：]\s*<?(${A})>?\s*$`,
  'iu',
);

const ONE_ADDRESS = new RegExp(A, 'u');

const indent = (line: string): number => line.length - line.trimStart().length;

/** Recipient heads and the lines under them, up to a blank line or the next head as far left. */
export function recipientHeads(lines: readonly string[]): Found[] {
  const out: Found[] = [];
  for (let i = 0; i < lines.length; i++) {
    const m = HEAD.exec(lines[i] as string);
    if (!m) continue;
    const own = indent(lines[i] as string);
    const text: string[] = m[5] ? [m[5]] : [];
    let j = i + 1;
    for (; j < lines.length; j++) {
      const line = lines[j] as string;
      if (line.trim() === '' || (HEAD.test(line) && indent(line) <= own)) break;
      text.push(line.trim());
    }
    out.push({ address: (m[2] ?? m[3] ?? m[4]) as string, text: text.join(' ') });
    i = j - 1;
  }
  return out;
}

/** sendmail address lines and SMTP transcripts: the most exact replies a plain bounce has. */
export function transcripts(lines: readonly string[]): Found[] {
  const out: Found[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    const dots = DOTS.exec(line);
    if (dots) {
      out.push({ address: dots[2] as string, text: `${dots[1]}${dots[3]}`.trim() });
      continue;
    }
    const rcpt = RCPT.exec(line);
    if (!rcpt) continue;
    const said: string[] = [];
    for (let j = i + 1; j < lines.length && /^\s*<<<\s?/.test(lines[j] as string); j++) {
      said.push((lines[j] as string).replace(/^\s*<<<\s?/, '').trim());
    }
    if (said.length) out.push({ address: rcpt[1] as string, text: said.join(' ') });
  }
  return out;
}

/** The reply printed under (or after) a heading such as `Diagnostic code:` or `because:`. */
function headingValue(lines: readonly string[], i: number, inline: string): string {
  if (inline.trim() !== '') return inline.trim();
  let j = i + 1;
  while (j < lines.length && j <= i + 2 && (lines[j] as string).trim() === '') j++;
  const text: string[] = [];
  for (; j < lines.length && (lines[j] as string).trim() !== ''; j++) {
    text.push((lines[j] as string).trim());
  }
  return text.join(' ');
}

/** Every reply heading in the body with its text, in order. */
export function replySections(lines: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    for (const { pattern } of REPLY_HEADINGS) {
      const m = pattern.exec(lines[i] as string);
      if (m) {
        const value = headingValue(lines, i, m[1] ?? '');
        if (value) out.push(value);
        break;
      }
    }
  }
  return out;
}

/**
 * Labelled fields (`Recipient address:` then `Reason:`/`Diagnostic code:`), and reason lines that
 * name the recipient themselves (`原因: <a> のユーザーは登録されていません`).
 */
export function labelledFields(lines: readonly string[]): Found[] {
  const out: Found[] = [];
  let current: Found | null = null;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line.trim() === '') {
      current = null;
      continue;
    }
    const label = RECIPIENT_LABEL.exec(line);
    if (label) {
      current = { address: label[1] as string, text: '' };
      out.push(current);
      continue;
    }
    const heading = REPLY_HEADINGS.find((h) => h.pattern.test(line));
    if (!heading) continue;
    const value = (heading.pattern.exec(line)?.[1] ?? '').trim();
    if (current) {
      // Diagnostic codes first: they carry the codes; the prose reason follows.
      current.text = /diagnostic/i.test(line)
        ? `${value} ${current.text}`
        : `${current.text} ${value}`;
      current.text = current.text.trim();
      continue;
    }
    const named = ONE_ADDRESS.exec(value);
    if (named) out.push({ address: named[0], text: value });
  }
  return out;
}

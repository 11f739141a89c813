/**
 * The returned (original) message: its Message-ID and recipients, read from the message/rfc822
 * or text/rfc822-headers part, or from the copy that plain bounces quote after a marker line.
 */
import { addressList } from './addresses.ts';
import { type FieldGroup, field, parseFieldGroups } from './fields.ts';
import { ORIGINAL_MARKERS } from './wordings.ts';

/** The original message as far as the bounce shows it. */
export interface OriginalMessage {
  messageId: string | null;
  /** Its To and Cc addresses, normalized. */
  recipients: string[];
}

/** Where the quoted copy of the original starts in a plain body, or -1. */
export function originalStart(text: string): number {
  let first = -1;
  for (const row of ORIGINAL_MARKERS) {
    const m = row.pattern.exec(text);
    if (m && (first === -1 || m.index < first)) first = m.index;
  }
  return first;
}

/** Reads the original's Message-ID and recipients from a header section. */
export function originalFrom(section: string | null): OriginalMessage | null {
  if (section === null) return null;
  const group = parseFieldGroups(section, 1)[0];
  if (!group || group.size === 0) return null;
  return fromGroup(group);
}

/** The header block quoted after a marker line of a plain bounce (blank lines before it skipped). */
export function quotedOriginal(text: string): OriginalMessage | null {
  const at = originalStart(text);
  if (at === -1) return null;
  const rest = text
    .slice(at)
    .split('\n')
    .slice(1)
    .join('\n')
    .replace(/^\s*\n/, '');
  for (const group of parseFieldGroups(rest.slice(0, 64 * 1024), 3)) {
    if (group.has('message-id') || group.has('to') || group.has('subject')) return fromGroup(group);
  }
  return null;
}

function fromGroup(group: FieldGroup): OriginalMessage {
  const id = field(group, 'message-id');
  const m = id ? /<([^<>\s]+)>/.exec(id) : null;
  return {
    messageId: m ? (m[1] as string) : id ? id.trim() : null,
    recipients: [
      ...addressList((group.get('to') ?? []).join(', ')),
      ...addressList((group.get('cc') ?? []).join(', ')),
    ].filter((a, i, all) => all.indexOf(a) === i),
  };
}

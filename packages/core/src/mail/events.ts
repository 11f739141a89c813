/**
 * Normalized events from a bounce mail: one per failed, delayed or complaining recipient, built
 * by the shared `buildEvent` (recipient normalized, content id, the same rule table as vendors).
 */
import { parseReply } from '../smtp/reply.ts';
import type { EventKind, NormalizedEvent, Reason, SmtpReply, VendorHints } from '../types.ts';
import { buildEvent, nowIso } from '../vendors/shared/build-event.ts';
import { inferReply, stripDiagnosticType } from '../vendors/shared/infer.ts';
import { parseBounceMail } from './parse-mail.ts';
import type { MailOutcome, MailRecipient, MailReport } from './report.ts';

/** Outcome → event kind and the reason the report itself implies. Absent: no event. */
// biome-ignore format: data table, one row per line
export const MAIL_OUTCOMES: ReadonlyMap<MailOutcome, { kind: EventKind; reason?: Reason }> = new Map<MailOutcome, { kind: EventKind; reason?: Reason }>([
  ['failed', { kind: 'bounce' }], // RFC 3464 §2.3.3 Action: failed
  ['delayed', { kind: 'deferral' }], // RFC 3464 §2.3.3 Action: delayed — the MTA still retries
  ['complaint', { kind: 'complaint', reason: 'complaint' }], // RFC 5965 abuse/fraud/virus/other
  ['unsubscribe', { kind: 'unsubscribe', reason: 'unsubscribed' }], // opt-out feedback
  // RFC 6591: our mail failed SPF/DKIM/DMARC at the receiver: a policy event, never the address.
  ['auth-failure', { kind: 'block', reason: 'spf-dkim-dmarc' }],
]);

/** Options for events: the time used when a report carries none. */
export interface MailEventOptions {
  now?: Date;
}

/** The reply: the diagnostic parsed, with the DSN Status as the enhanced code when it has none. */
function replyOf(r: MailRecipient, kind: 'dsn' | 'other'): SmtpReply | null {
  if (r.outcome === 'auth-failure') return r.diagnostic ? inferReply({ text: r.diagnostic }) : null;
  const textOrigin = kind === 'dsn' ? 'vendor-field' : 'parsed';
  const text = r.diagnostic === null ? '' : stripDiagnosticType(r.diagnostic);
  if (text === '' && r.status === null) return null;
  const parsed = parseReply(text, { textOrigin });
  if (parsed.enhanced !== null || r.status === null) return parsed;
  return parseReply(text, { enhanced: r.status, textOrigin });
}

/**
 * One NormalizedEvent per failed, delayed, complaining or unsubscribing recipient of a report
 * (vendor `mail`); delivered, relayed and not-spam recipients give none.
 * @example mailEvents(await parseBounceMail(raw))[0].verdict?.action // 'suppress'
 */
export function mailEvents(report: MailReport, opts: MailEventOptions = {}): NormalizedEvent[] {
  const receivedAt = nowIso(opts.now);
  const out: NormalizedEvent[] = [];
  const seen = new Set<string>();
  for (const r of report.recipients) {
    const row = MAIL_OUTCOMES.get(r.outcome);
    if (!row) continue;
    const reply = replyOf(r, report.kind === 'dsn' ? 'dsn' : 'other');
    // No permanence hint: a DSN's status class is the remote server's code, already in the
    // reply, not a verdict of an ESP's own (a bare 5.0.0 must stay unproven, not suppress).
    const hints: VendorHints = {};
    if (row.reason) hints.reason = row.reason;
    hints.labels = [
      `mail:${report.kind}/${r.label}`,
      ...(r.status ? [`mail:status/${r.status}`] : []),
      ...report.families.map((f) => `mail:${f}`),
    ];
    const event = buildEvent(
      {
        vendor: 'mail',
        vendorEventId: report.bounceMessageId,
        kind: row.kind,
        rawRecipient: r.address,
        messageId: report.messageId,
        timestamp: r.at ?? report.date,
        vendorType: `${report.kind}/${r.label}`,
        reply,
        hints,
        echo: false,
        metadata: {},
      },
      { receivedAt },
    );
    if (seen.has(event.id)) continue;
    seen.add(event.id);
    out.push(event);
  }
  return out;
}

/**
 * Reads a raw mail and returns its events: `mailEvents(await parseBounceMail(input))`.
 * @example (await parseMailEvents(raw)).map((e) => e.recipient) // ['a@b.c']
 */
export async function parseMailEvents(
  input: Uint8Array | string,
  opts: MailEventOptions = {},
): Promise<NormalizedEvent[]> {
  return mailEvents(await parseBounceMail(input), opts);
}

/**
 * RFC 3464 delivery status notifications: the per-message fields (Reporting-MTA, Arrival-Date)
 * and one entry per recipient group (Original/Final-Recipient, Action, Status, Diagnostic-Code).
 */
import { toIsoTimestamp } from '../vendors/shared/timestamps.ts';
import { type FieldGroup, field, parseFieldGroups, uncommented, untyped } from './fields.ts';
import type { MailOutcome, MailRecipient } from './report.ts';

/** RFC 3464 §2.3.3 Action values → outcome. */
// biome-ignore format: data table, one row per line
const ACTIONS: ReadonlyMap<string, MailOutcome> = new Map<string, MailOutcome>([
  ['failed', 'failed'], // "could not be delivered to the recipient"
  ['delayed', 'delayed'], // "has been unable to deliver … will continue to attempt"
  ['delivered', 'delivered'], // "successfully delivered"
  ['relayed', 'delivered'], // "relayed or gatewayed into an environment that does not accept DSNs"
  ['expanded', 'delivered'], // "delivered … and forwarded … to multiple additional addresses"
]);

/** Status class → outcome, when a group has no (known) Action (RFC 3463 §3.1). */
// biome-ignore format: data table, one row per line
const CLASS_OUTCOMES: Readonly<Record<string, MailOutcome>> = { '5': 'failed', '4': 'delayed', '2': 'delivered' };

const STATUS = /\b([245]\.\d{1,3}\.\d{1,3})\b/;

/** What a DSN says. */
export interface DsnContent {
  reporter: string | null;
  recipients: MailRecipient[];
}

/**
 * Reads the delivery-status parts. The address is the Original-Recipient when given (the one the
 * sender wrote; Final-Recipient may be an alias expansion), else the Final-Recipient.
 * @example readDsn(['Reporting-MTA: dns; mx\n\nFinal-Recipient: rfc822; a@b.c\nAction: failed\nStatus: 5.1.1'])
 */
export function readDsn(texts: readonly string[]): DsnContent {
  let reporter: string | null = null;
  const recipients: MailRecipient[] = [];
  for (const text of texts) {
    let arrival: string | null = null;
    for (const group of parseFieldGroups(text)) {
      if (!isRecipientGroup(group)) {
        reporter ??= untyped(field(group, 'reporting-mta'));
        arrival ??= dateOf(field(group, 'arrival-date'));
        continue;
      }
      const r = recipientOf(group, arrival);
      if (r) recipients.push(r);
    }
  }
  return { reporter, recipients };
}

function isRecipientGroup(group: FieldGroup): boolean {
  return group.has('final-recipient') || group.has('original-recipient');
}

function recipientOf(group: FieldGroup, arrival: string | null): MailRecipient | null {
  const address =
    untyped(uncommented(field(group, 'original-recipient'))) ??
    untyped(uncommented(field(group, 'final-recipient')));
  if (address === null) return null;
  const status = STATUS.exec(field(group, 'status') ?? '')?.[1] ?? null;
  const action = (field(group, 'action') ?? '').toLowerCase().match(/^[a-z-]+/)?.[0] ?? '';
  const outcome =
    ACTIONS.get(action) ?? (status ? CLASS_OUTCOMES[status[0] as string] : undefined) ?? 'failed';
  return {
    address,
    outcome,
    label: action || outcome,
    status,
    diagnostic: field(group, 'diagnostic-code'),
    remote: untyped(field(group, 'remote-mta')),
    at: dateOf(field(group, 'last-attempt-date')) ?? arrival,
  };
}

/** An RFC 5322 date (comments removed) as ISO, or null. */
export function dateOf(value: string | null): string | null {
  const v = uncommented(value);
  return v === null ? null : toIsoTimestamp(v);
}

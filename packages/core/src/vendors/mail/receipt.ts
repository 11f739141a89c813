/**
 * SES receiving's Lambda event (the "Invoke Lambda function" action that follows the rule's S3
 * action): one record per received mail, naming it by `mail.messageId`, which is also the S3
 * object's key under the action's prefix. Shape as documented at
 * https://docs.aws.amazon.com/ses/latest/dg/receiving-email-action-lambda-event.html
 * (test/fixtures/ses-receiving/lambda-event.json is that example, scrubbed).
 */
import { PayloadError } from '../../errors.ts';
import { asRecord, str } from '../shared/build-event.ts';

/** What one record says about the mail it announces. */
export interface ReceivedMail {
  /** SES's id of the received mail: the object's name in the bucket. */
  messageId: string;
  /** When SES received it (ISO), if given. */
  timestamp: string | null;
}

/** SES message ids: letters, digits and dashes (never a path). */
const MESSAGE_ID = /^[A-Za-z0-9-]{1,128}$/;

/**
 * The mails an SES receipt event announces. Throws PayloadError when the event is not one
 * (another source, another action type, a message id that is not SES's shape).
 *
 * @example receivedMails(event)[0].messageId // 'o3vrnil0e2ic28trm7dfhrc2v0clambda4nbp0g1'
 */
export function receivedMails(event: unknown): ReceivedMail[] {
  const records = asRecord(event)?.Records;
  if (!Array.isArray(records) || records.length === 0) {
    throw new PayloadError('ses receiving: event has no Records');
  }
  return records.map((r, i) => {
    const rec = asRecord(r);
    const ses = asRecord(rec?.ses);
    const mail = asRecord(ses?.mail);
    const action = asRecord(asRecord(ses?.receipt)?.action);
    if (rec?.eventSource !== 'aws:ses' || !mail || str(action?.type) !== 'Lambda') {
      throw new PayloadError(`ses receiving: record ${i} is not an SES Lambda action`);
    }
    const messageId = str(mail.messageId);
    if (messageId === null || !MESSAGE_ID.test(messageId)) {
      throw new PayloadError(`ses receiving: record ${i} has no SES message id`);
    }
    return { messageId, timestamp: str(mail.timestamp) };
  });
}

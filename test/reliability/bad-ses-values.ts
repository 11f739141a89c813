/** Data tables for the SES generators: wrong certificate URLs, topics, Messages, types, SubscribeURLs. */
import type { Rng } from './rng.ts';

/** SigningCertURLs that must fail before any fetch (other hosts, http, ports, paths, region). */
export const BAD_CERT_URLS: unknown[] = [
  'http://sns.us-east-1.amazonaws.com/SimpleNotificationService-feedfacefeedfacefeedfacefeedface.pem',
  'https://evil.example/SimpleNotificationService-feedfacefeedfacefeedfacefeedface.pem',
  'https://sns.us-east-1.amazonaws.com.evil.example/cert.pem',
  'https://evil.example/sns.us-east-1.amazonaws.com.pem',
  'https://sns.us-east-1.amazonaws.com:8443/cert.pem',
  'https://user:pw@sns.us-east-1.amazonaws.com/cert.pem',
  'https://sns.us-east-1.amazonaws.com/cert.pem?x=1',
  'https://sns.us-east-1.amazonaws.com/cert.txt',
  'https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-feedfacefeedfacefeedfacefeedface.pem',
  'https://s3.amazonaws.com/sns.us-east-1.amazonaws.com/cert.pem',
  'https://sns.us-east-1.amazonaws.co/cert.pem',
  'https://xsns.us-east-1.amazonaws.com/cert.pem',
  'ftp://sns.us-east-1.amazonaws.com/cert.pem',
  'file:///etc/ssl/cert.pem',
  'not a url',
  '',
  undefined,
  42,
];

/** TopicArns outside the allowlist (`header`: the header names another topic). */
export const BAD_TOPICS: unknown[] = [
  'arn:aws:sns:us-east-1:999999999999:ses-feedback',
  'arn:aws:sns:us-east-1:123456789012:ses-feedback-2',
  'arn:aws:sns:eu-west-1:123456789012:ses-feedback',
  'ARN:AWS:SNS:US-EAST-1:123456789012:SES-FEEDBACK',
  'arn:aws:sns:us-east-1:123456789012:ses-feedback ',
  'arn:aws:sns:us-east-1:123456789012:*',
  '',
  undefined,
  123456789012,
  'header',
];

/** Messages (in a correctly signed Notification) that are JSON but not SES documents. */
export const BAD_MESSAGES: string[] = [
  'null',
  '[]',
  '{}',
  '"a string"',
  '42',
  'true',
  '{"notificationType":""}',
  '{"eventType":7}',
  '{"notificationType":"Bounce"}',
  '{"notificationType":"Bounce","bounce":[]}',
  '{"notificationType":"Bounce","bounce":{"bounceType":"Permanent"}}',
  '{"eventType":"Complaint","complaint":{"complainedRecipients":"x@example.com"}}',
  '{"eventType":"Complaint","complaint":"yes"}',
  '{"notificationType":"Delivery"}',
  '{"eventType":"DeliveryDelay","deliveryDelay":null}',
  '[{"notificationType":"Bounce"}]',
];

/** Message types SNS never sends (`header`: the header disagrees with the body). */
export const BAD_TYPES: unknown[] = [
  'notification',
  'Notifications',
  'SubscriptionConfirmation ',
  'Unsubscribe',
  '',
  undefined,
  5,
  null,
  'header',
];

/** A signed SubscribeURL that does not say what we would build for this topic and token. */
export function badSubscribeUrl(r: Rng, topic: string, token: string): string {
  const q = (t = topic, k = token, a = 'ConfirmSubscription') =>
    `Action=${a}&TopicArn=${encodeURIComponent(t)}&Token=${k}`;
  return r.pick([
    `https://evil.example/?${q()}`,
    `http://sns.us-east-1.amazonaws.com/?${q()}`,
    `https://sns.us-east-1.amazonaws.com.evil.example/?${q()}`,
    `https://sns.us-east-1.amazonaws.com:8443/?${q()}`,
    `https://user@sns.us-east-1.amazonaws.com/?${q()}`,
    `https://sns.eu-west-1.amazonaws.com/?${q()}`,
    `https://sns.us-east-1.amazonaws.com/?${q(topic, `${token}00`)}`,
    `https://sns.us-east-1.amazonaws.com/?${q(`${topic}-other`)}`,
    `https://sns.us-east-1.amazonaws.com/?${q(topic, token, 'Unsubscribe')}`,
    `https://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription&TopicArn=${encodeURIComponent(topic)}`,
    'not a url',
    'http://169.254.169.254/latest/meta-data/',
  ]);
}

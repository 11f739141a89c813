/**
 * @rebound/core/vendors: each vendor's parser and signing helpers called directly, by name
 * (tests, benches, the sync and the SES wiring). The webhook loads a vendor through the
 * registry instead (`loadVendor`), so one vendor's code never rides along in another's
 * function: this entry point keeps them out of the main barrel for that reason.
 */
export { parse as parsePostmark } from './postmark/parse.ts';
export { DEFAULT_MAX_AGE_SECONDS as SENDGRID_DEFAULT_MAX_AGE_SECONDS } from './sendgrid/meta.ts';
export { parse as parseSendgrid } from './sendgrid/parse.ts';
export { SES_EVENT_TYPES } from './ses/meta.ts';
export {
  parse as parseSes,
  parseSesDocument,
} from './ses/parse.ts';
export { clearCertificateCache } from './ses/sns-certificate.ts';
export {
  hmacSignature,
  signatureHeader,
} from './shared/hmac-signature.ts';
export { fillInferred } from './shared/infer.ts';

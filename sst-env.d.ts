/**
 * Hand-written `Resource` types for the links in sst.config.ts, in the shape `sst deploy`
 * generates (the first deploy or `sst dev` overwrites this file; commit the result).
 */
import 'sst';

declare module 'sst' {
  export interface Resource {
    Suppressions: { name: string; type: 'sst.sst.Linkable' };
    State: { name: string; type: 'sst.sst.Linkable' };
    RetryQueue: { url: string; type: 'sst.sst.Linkable' };
    RetryDueQueue: { url: string; type: 'sst.sst.Linkable' };
    WebhookGrant: { role: string; type: 'sst.sst.Linkable' };
    WorkerGrant: { role: string; type: 'sst.sst.Linkable' };
    ApiGrant: { role: string; type: 'sst.sst.Linkable' };
    SesSnsFailureGrant: { role: string; type: 'sst.sst.Linkable' };
    SendgridPublicKeys: { value: string; type: 'sst.sst.Secret' };
    PostmarkCredentials: { value: string; type: 'sst.sst.Secret' };
    SnsTopicAllowlist: { value: string; type: 'sst.sst.Secret' };
    SnsCredentials: { value: string; type: 'sst.sst.Secret' };
    SuppressionApiKey: { value: string; type: 'sst.sst.Secret' };
  }
}

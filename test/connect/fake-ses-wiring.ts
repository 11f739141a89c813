/**
 * Local servers for what `rebound connect ses` and `rebound doctor` read and change in AWS,
 * speaking the protocols the real SDK clients send (each request's SigV4 signature verified
 * from the secret key, as in test/sync/fakes/ses-fake.ts):
 *
 * SES API v2 (REST-JSON; https://docs.aws.amazon.com/ses/latest/APIReference-V2/):
 * - `GET /v2/email/configuration-sets/{name}/event-destinations` →
 *   `{"EventDestinations":[{Name, Enabled, MatchingEventTypes, SnsDestination:{TopicArn}}]}`,
 *   NotFoundException 404 for an unknown set (API_GetConfigurationSetEventDestinations.html);
 * - `GET /v2/email/identities/{identity}` → `{IdentityType, VerifiedForSendingStatus,
 *   ConfigurationSetName?}`, NotFoundException 404 (API_GetEmailIdentity.html);
 * - `PUT /v2/email/identities/{identity}/configuration-set` `{"ConfigurationSetName"}` → 200 `{}`
 *   (API_PutEmailIdentityConfigurationSetAttributes.html).
 * Amazon SNS (Query protocol; https://docs.aws.amazon.com/sns/latest/api/):
 * - `POST /` `Action=ListSubscriptionsByTopic&TopicArn=…&NextToken=…` → XML
 *   `ListSubscriptionsByTopicResponse/ListSubscriptionsByTopicResult/Subscriptions/member`
 *   with `SubscriptionArn` (`PendingConfirmation` while an HTTPS endpoint has not confirmed),
 *   `Protocol`, `Endpoint`, `TopicArn`, `Owner`; pages of 100 with `NextToken`;
 *   `NotFound` 404 for an unknown topic (API_ListSubscriptionsByTopic.html, CommonErrors.html).
 */

import {
  type FakeRequest,
  type FakeResponse,
  type FakeServer,
  startFake,
} from '../sync/fakes/fake-server.ts';
import { checkSigV4 } from '../sync/fakes/ses-fake.ts';

/** One event destination of a configuration set. */
export interface FakeDestination {
  Name: string;
  Enabled: boolean;
  MatchingEventTypes: string[];
  SnsDestination?: { TopicArn: string };
}

/** One SNS subscription. */
export interface FakeSubscription {
  SubscriptionArn: string;
  Protocol: string;
  Endpoint: string;
}

/** The fake's state: what SES and SNS hold. */
export interface SesWiringFake extends FakeServer {
  configurationSets: Map<string, FakeDestination[]>;
  identities: Map<string, { verified: boolean; configurationSet?: string }>;
  topics: Map<string, FakeSubscription[]>;
}

const KEY_ID = 'AKIDWIRINGTEST';
const SECRET = 'wiring-test-secret';
/** Credentials the SDK clients under test must sign with. */
export const WIRING_CREDENTIALS = { accessKeyId: KEY_ID, secretAccessKey: SECRET };

const restError = (status: number, code: string, message: string): FakeResponse => ({
  status,
  headers: { 'x-amzn-errortype': code },
  body: { message },
});

const xmlEscape = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const snsError = (status: number, code: string, message: string): FakeResponse => ({
  status,
  headers: { 'content-type': 'text/xml' },
  body: `<ErrorResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><Error><Type>Sender</Type><Code>${code}</Code><Message>${xmlEscape(message)}</Message></Error><RequestId>fake</RequestId></ErrorResponse>`,
});

/** Starts both services on one loopback port (path and protocol tell them apart). */
export async function startSesWiringFake(): Promise<SesWiringFake> {
  const credentials = new Map([[KEY_ID, SECRET]]);
  const state = {
    configurationSets: new Map<string, FakeDestination[]>(),
    identities: new Map<string, { verified: boolean; configurationSet?: string }>(),
    topics: new Map<string, FakeSubscription[]>(),
  };

  function ses(req: FakeRequest): FakeResponse {
    const denied = checkSigV4(req, credentials, 'ses');
    if (denied) return denied;
    const dest = /^\/v2\/email\/configuration-sets\/([^/]+)\/event-destinations$/.exec(req.path);
    if (dest && req.method === 'GET') {
      const found = state.configurationSets.get(dest[1] as string);
      if (!found)
        return restError(
          404,
          'NotFoundException',
          `Configuration set <${dest[1]}> does not exist.`,
        );
      return { status: 200, body: { EventDestinations: found } };
    }
    const ident = /^\/v2\/email\/identities\/([^/]+)(\/configuration-set)?$/.exec(req.path);
    if (ident) {
      const id = ident[1] as string;
      const found = state.identities.get(id);
      if (!found)
        return restError(404, 'NotFoundException', `Email identity <${id}> does not exist.`);
      if (!ident[2] && req.method === 'GET') {
        return {
          status: 200,
          body: {
            IdentityType: id.includes('@') ? 'EMAIL_ADDRESS' : 'DOMAIN',
            VerifiedForSendingStatus: found.verified,
            ...(found.configurationSet ? { ConfigurationSetName: found.configurationSet } : {}),
          },
        };
      }
      if (ident[2] && req.method === 'PUT') {
        let body: { ConfigurationSetName?: unknown };
        try {
          body = JSON.parse(req.body || '{}');
        } catch {
          return restError(400, 'BadRequestException', 'The request body is not JSON.');
        }
        const set = body.ConfigurationSetName;
        if (typeof set === 'string' && !state.configurationSets.has(set)) {
          return restError(404, 'NotFoundException', `Configuration set <${set}> does not exist.`);
        }
        if (typeof set === 'string') found.configurationSet = set;
        else delete found.configurationSet;
        return { status: 200, body: {} };
      }
    }
    return restError(404, 'NotFoundException', 'Unknown operation.');
  }

  function sns(req: FakeRequest): FakeResponse {
    if (checkSigV4(req, credentials, 'sns')) {
      return snsError(403, 'SignatureDoesNotMatch', 'The request signature does not match.');
    }
    const form = new URLSearchParams(req.body);
    if (form.get('Action') !== 'ListSubscriptionsByTopic') {
      return snsError(400, 'InvalidAction', `${form.get('Action')} is not served here`);
    }
    const topic = form.get('TopicArn') ?? '';
    const subs = state.topics.get(topic);
    if (!subs) return snsError(404, 'NotFound', 'Topic does not exist');
    const start = Number(form.get('NextToken') ?? 0);
    const page = subs.slice(start, start + 100);
    const next = start + 100 < subs.length ? `<NextToken>${start + 100}</NextToken>` : '';
    const members = page
      .map(
        (s) =>
          `<member><TopicArn>${xmlEscape(topic)}</TopicArn><Protocol>${xmlEscape(s.Protocol)}</Protocol><SubscriptionArn>${xmlEscape(s.SubscriptionArn)}</SubscriptionArn><Owner>123456789012</Owner><Endpoint>${xmlEscape(s.Endpoint)}</Endpoint></member>`,
      )
      .join('');
    return {
      status: 200,
      headers: { 'content-type': 'text/xml' },
      body: `<ListSubscriptionsByTopicResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><ListSubscriptionsByTopicResult><Subscriptions>${members}</Subscriptions>${next}</ListSubscriptionsByTopicResult><ResponseMetadata><RequestId>fake</RequestId></ResponseMetadata></ListSubscriptionsByTopicResponse>`,
    };
  }

  const server = await startFake((req) =>
    req.path.startsWith('/v2/email/') ? ses(req) : sns(req),
  );
  return Object.assign(server, state);
}

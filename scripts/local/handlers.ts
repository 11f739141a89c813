/**
 * Builds the deployed handlers with local deps, one webhook route per registered vendor (the
 * registry's routes), the suppression API and the retry worker: local SDK clients, local
 * table/queue names, the `.rebound/` credentials, and no network (a vendor's outbound GETs are
 * answered from what its local credentials serve).
 */

import {
  createRetryWorkerHandler,
  createSuppressionApiHandler,
  createWebhookHandler,
} from '@rebound/aws';
import { loadVendor, type OutboundHttp, VENDORS } from '@rebound/core';
import { loadApiConfig, loadVendorConfig, loadWorkerConfig } from '../../functions/lib/config.ts';
import type { LocalCredentials } from './credentials.ts';
import type { SqsLambda } from './event-source.ts';
import type { HttpLambda, Route } from './serve-lambda.ts';

/** The HTTP routes (same paths as deployed) and the retry worker. */
export interface LocalHandlers {
  routes: Route[];
  worker: SqsLambda;
}

/** Outbound HTTP of the local stack: the vendors' served URLs, else nothing leaves. */
function localHttp(served: Record<string, string>, log: (line: string) => void): OutboundHttp {
  return {
    get: async (url) => {
      if (Object.hasOwn(served, url)) return served[url] as string;
      if (new URL(url).searchParams.get('Action') === 'ConfirmSubscription') {
        log(`local: SNS subscription confirmed (not fetched): ${url}`);
        return '';
      }
      throw new Error(`local stack: refusing to fetch ${url} (no network)`);
    },
  };
}

/** The environment variables that make every vendor's webhook accept the local credentials. */
export async function localVendorEnv(creds: LocalCredentials): Promise<Record<string, string>> {
  const env: Record<string, string> = {};
  for (const v of VENDORS) {
    const { local } = await loadVendor(v.id);
    Object.assign(env, local.env(creds.vendors[v.id]));
  }
  return env;
}

/**
 * Wires every factory through the deployed config loaders (so local runs validate config as a
 * cold start does), with the local outbound HTTP.
 */
export async function createLocalHandlers(
  creds: LocalCredentials,
  log: (line: string) => void,
): Promise<LocalHandlers> {
  const http = (h: unknown) => h as HttpLambda;
  const routes: Route[] = [];
  for (const v of VENDORS) {
    const config = await loadVendorConfig(v.id);
    const served = config.adapter.local.serves?.(creds.vendors[v.id]) ?? {};
    const handler = createWebhookHandler({ ...config, http: localHttp(served, log) });
    const path = new RegExp(`^${v.route.replace(/[-/]/g, '\\$&')}\\/?$`);
    routes.push({
      method: 'POST',
      path,
      functionName: `${v.component}Webhook`,
      handler: http(handler),
    });
  }
  const api = http(createSuppressionApiHandler(await loadApiConfig()));
  routes.push(
    {
      method: 'POST',
      path: /^\/suppressions\/check\/?$/,
      functionName: 'SuppressionApi',
      handler: api,
    },
    {
      method: 'GET',
      path: /^\/suppressions\/[^/]+\/?$/,
      functionName: 'SuppressionApi',
      handler: api,
    },
    {
      method: 'DELETE',
      path: /^\/suppressions\/[^/]+\/?$/,
      functionName: 'SuppressionApi',
      handler: api,
    },
    {
      // The page and its read routes (packages/aws/src/ui): served by the API function.
      method: 'GET',
      path: /^\/(?:index\.html|app\.js|app\.css|stats|recent|export)?\/?$/,
      functionName: 'SuppressionApi',
      handler: api,
    },
  );
  const worker = createRetryWorkerHandler(await loadWorkerConfig());
  return { routes, worker: worker as unknown as SqsLambda };
}

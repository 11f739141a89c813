/**
 * Configuration of the scheduled sync function: the tables (from `loadConfig`), the vendors
 * to sync (`REBOUND_SYNC`, set by infra/sync.ts), and their secrets, `Resource.SendgridApiKey`
 * and `Resource.PostmarkServerToken` under SST, else SENDGRID_API_KEY / POSTMARK_SERVER_TOKEN.
 */
import { isSyncVendor, type SyncHandlerDeps, type SyncVendor } from '@rebound/aws/sync';
import { loadConfig, splitList } from './config.ts';

/** A linked secret's value under SST, or undefined (not linked, or not running under SST). */
async function linkedSecret(name: string): Promise<string | undefined> {
  if (!process.env.SST_RESOURCE_App && !process.env.SST_KEY_FILE) return undefined;
  const mod = (await import('sst')) as unknown as {
    Resource: Record<string, { value?: string } | undefined>;
  };
  try {
    return mod.Resource[name]?.value;
  } catch {
    // `Resource` throws on a name that is not linked to this function.
    return undefined;
  }
}

/** The vendors of `REBOUND_SYNC` (`ses,sendgrid,postmark`); an unknown name fails the cold start. */
export function syncVendors(value: string | undefined): SyncVendor[] {
  const names = splitList(value?.toLowerCase());
  const unknown = names.filter((n) => !isSyncVendor(n));
  if (unknown.length) throw new Error(`REBOUND_SYNC: unknown vendor ${unknown.join(', ')}`);
  return [...new Set(names)] as SyncVendor[];
}

/** Reads the configuration once per cold start. */
export async function loadSyncConfig(): Promise<SyncHandlerDeps> {
  const env = process.env;
  const base = await loadConfig();
  const vendors = syncVendors(env.REBOUND_SYNC);
  const streams = splitList(env.REBOUND_SYNC_POSTMARK_STREAMS);
  const sendgridKey = (await linkedSecret('SendgridApiKey')) ?? env.SENDGRID_API_KEY;
  const postmarkToken = (await linkedSecret('PostmarkServerToken')) ?? env.POSTMARK_SERVER_TOKEN;
  return {
    doc: base.doc,
    tables: base.tables,
    vendors,
    settings: {
      sendgrid: {
        ...(sendgridKey ? { apiKey: sendgridKey } : {}),
        ...(env.REBOUND_SENDGRID_API_URL ? { baseUrl: env.REBOUND_SENDGRID_API_URL } : {}),
      },
      postmark: {
        ...(postmarkToken ? { serverToken: postmarkToken } : {}),
        ...(env.REBOUND_POSTMARK_API_URL ? { baseUrl: env.REBOUND_POSTMARK_API_URL } : {}),
        ...(streams.length ? { streams } : {}),
      },
      ses: {
        ...(env.AWS_REGION ? { region: env.AWS_REGION } : {}),
        ...(env.AWS_ENDPOINT_URL_SESV2 ? { endpoint: env.AWS_ENDPOINT_URL_SESV2 } : {}),
      },
    },
    now: base.now,
  };
}

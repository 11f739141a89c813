/**
 * The deployment's outputs as `sst deploy` writes them (`.sst/outputs.json`): webhook URLs, the
 * API URL, table and queue names — so commands need no flags right after a deploy.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The outputs this CLI reads (every one optional: a stage may not deploy every vendor). */
export interface DeployOutputs {
  SendgridWebhookUrl?: string;
  PostmarkWebhookUrl?: string;
  SesWebhookUrl?: string;
  SesTopicArn?: string;
  SuppressionApiUrl?: string;
  SuppressionsTableName?: string;
  StateTableName?: string;
  [name: string]: string | undefined;
}

/** Reads `.sst/outputs.json` under `dir` (the current directory by default); empty when absent. */
export function deployOutputs(dir = process.cwd()): DeployOutputs {
  try {
    const v = JSON.parse(readFileSync(join(dir, '.sst', 'outputs.json'), 'utf8'));
    return v && typeof v === 'object' ? (v as DeployOutputs) : {};
  } catch {
    return {};
  }
}

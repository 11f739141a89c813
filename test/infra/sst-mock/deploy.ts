/**
 * The test side of the mock deploy: runs `deploy-child.ts` for a scenario (one process each,
 * memoized per test file) and answers questions about the result: resources by type and
 * name, a function component's Lambda/role/URL, a role's inline policy, who references whom.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RpcCall } from './cli-stand-in.ts';
import type { Scenario } from './deploy-child.ts';
import type { MockCall, MockResource } from './mocks.ts';
import { ROOT } from './platform.ts';

export type { Scenario };

/** What one mock deploy produced. */
export interface Deployment {
  app: { name: string; stage: string; removal: string; protect: boolean };
  outputs: Record<string, unknown>;
  resources: MockResource[];
  calls: MockCall[];
  rpc: RpcCall[];
  /** Milliseconds from building the program to the last registration. */
  ms: number;
}

const CHILD = join(import.meta.dirname, 'deploy-child.ts');

/** The secrets a full default stage needs (`sst secret set` values). */
export const ALL_SECRETS = {
  SendgridPublicKeys: 'MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEtestkey==',
  PostmarkCredentials: 'rebound:postmark-password',
  MailgunSigningKeys: 'mailgun-signing-key-for-tests',
  ResendSigningSecrets: 'whsec_cmVib3VuZC1zdml4LXRlc3Qtc2VjcmV0',
  SuppressionApiKey: 'api-key-for-tests',
} as const;

/** Runs the child; resolves with its result, or rejects with its stderr. */
function run(scenario: Scenario): Promise<Deployment> {
  const dir = mkdtempSync(join(tmpdir(), 'rebound-mock-deploy-'));
  const [input, output] = [join(dir, 'scenario.json'), join(dir, 'result.json')];
  writeFileSync(input, JSON.stringify(scenario));
  // A clean environment: only what `sst deploy` would pass (no REBOUND_* from this shell).
  const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? tmpdir(), TZ: 'UTC' };
  return new Promise<Deployment>((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD, input, output], { cwd: ROOT, env });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString('utf8');
    });
    child.on('close', (code) => {
      try {
        if (code === 0) resolve(JSON.parse(readFileSync(output, 'utf8')) as Deployment);
        else reject(new Error(stderr.trim() || `mock deploy exited ${code}`));
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
}

const memo = new Map<string, Promise<Deployment>>();

/** At most two deploys at once per test file (the CI machine has two cores). */
let running = 0;
const waiting: (() => void)[] = [];
async function limited<T>(work: () => Promise<T>): Promise<T> {
  if (running >= 2) await new Promise<void>((resolve) => waiting.push(resolve));
  running += 1;
  try {
    return await work();
  } finally {
    running -= 1;
    waiting.shift()?.();
  }
}

/** Deploys `scenario` under the mocks (once per test file and scenario). */
export function mockDeploy(scenario: Scenario): Promise<Deployment> {
  const key = JSON.stringify(scenario);
  let found = memo.get(key);
  if (!found) {
    found = limited(() => run(scenario));
    memo.set(key, found);
  }
  return found;
}

/** Deploys `scenario` and expects it to fail; resolves with the error text. */
export async function mockDeployError(scenario: Scenario): Promise<string> {
  try {
    await limited(() => run(scenario));
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('the deploy succeeded');
}

/** A scenario: stage `dev` with every secret of a default stage unless given. */
export function scenario(
  env: Record<string, string> = {},
  extra: Partial<Scenario> = {},
): Scenario {
  return { stage: 'dev', env, secrets: { ...ALL_SECRETS }, ...extra };
}

/** Every resource of a Pulumi type (`aws:sqs/queue:Queue`, `sst:aws:Function`, …). */
export function ofType(d: Deployment, type: string): MockResource[] {
  return d.resources.filter((r) => r.type === type);
}

/** The one resource of `type` named `name`. */
export function named(d: Deployment, type: string, name: string): MockResource {
  const found = ofType(d, type).filter((r) => r.name === name);
  if (found.length !== 1) {
    const names = ofType(d, type).map((r) => r.name);
    throw new Error(`${found.length} ${type} named ${name} (there are: ${names.join(', ')})`);
  }
  return found[0]!;
}

/** The resources whose parent is the component `type::name` (SST's children of a component). */
export function childrenOf(d: Deployment, type: string, name: string): MockResource[] {
  return d.resources.filter((r) => r.options.parent.endsWith(`${type}::${name}`));
}

/** The one child of a component with the given Pulumi type. */
export function childOf(d: Deployment, type: string, name: string, childType: string) {
  const found = childrenOf(d, type, name).filter((r) => r.type === childType);
  if (found.length !== 1) throw new Error(`${found.length} ${childType} under ${type}::${name}`);
  return found[0]!;
}

/** An `sst.aws.Function` component's Lambda, role, log group and URL (if any). */
export function fn(d: Deployment, component: string) {
  const under = (t: string) =>
    childrenOf(d, 'sst:aws:Function', component).filter((r) => r.type === t);
  const lambda = childOf(d, 'sst:aws:Function', component, 'aws:lambda/function:Function');
  const role = childOf(d, 'sst:aws:Function', component, 'aws:iam/role:Role');
  return { lambda, role, url: under('aws:lambda/functionUrl:FunctionUrl')[0], under };
}

/** The `sst.aws.Function` component names, subscribers included. */
export function functionComponents(d: Deployment): string[] {
  return ofType(d, 'sst:aws:Function').map((r) => r.name);
}

/**
 * A function's key in the expectation tables: its handler, and `#<vendor>` when the generic
 * entry serves one vendor (`REBOUND_VENDOR`), e.g. `functions/webhook.handler#sendgrid`.
 */
export function handlerKey(d: Deployment, component: string): string {
  const { inputs } = fn(d, component).lambda;
  const env = (inputs.environment as { variables?: Record<string, string> } | undefined)?.variables;
  const vendor = env?.REBOUND_VENDOR;
  return `${String(inputs.handler)}${vendor ? `#${vendor}` : ''}`;
}

/** The component whose Lambda runs `handler` (a `handlerKey`). */
export function componentOfHandler(d: Deployment, handler: string): string {
  const found = functionComponents(d).filter((c) => handlerKey(d, c) === handler);
  if (found.length !== 1) throw new Error(`${found.length} functions run ${handler}`);
  return found[0]!;
}

/** An IAM statement with Action/Resource as lists (the provider renders one item as a string). */
export interface Statement {
  Sid?: string;
  Effect: string;
  Action: string[];
  Resource: string[];
  Principal?: Record<string, string | string[]>;
  Condition?: Record<string, Record<string, string | string[]>>;
}

/** Parses a policy document and lists its statements with list-valued Action/Resource. */
export function statementsOf(json: string): Statement[] {
  const doc = JSON.parse(json) as { Version: string; Statement: Record<string, unknown>[] };
  if (doc.Version !== '2012-10-17') throw new Error(`policy version ${doc.Version}`);
  const asList = (v: unknown) => (v === undefined ? [] : Array.isArray(v) ? v : [v]) as string[];
  return doc.Statement.map(
    (s) => ({ ...s, Action: asList(s.Action), Resource: asList(s.Resource) }) as Statement,
  );
}

/** Resource ARN → sorted actions, over a role's inline policies. */
export function actionsByResource(statements: Statement[]): Record<string, string[]> {
  const out: Record<string, Set<string>> = {};
  for (const s of statements) {
    if (s.Effect !== 'Allow') throw new Error(`unexpected effect ${s.Effect}`);
    for (const r of s.Resource) out[r] = new Set([...(out[r] ?? []), ...s.Action]);
  }
  return Object.fromEntries(
    Object.entries(out)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, v]) => [k, [...v].sort()]),
  );
}

/** A role's inline policy statements (SST writes one inline policy, "inline"). */
export function inlineStatements(role: MockResource): Statement[] {
  const inline = (role.inputs.inlinePolicies ?? []) as { name: string; policy: string }[];
  return inline.flatMap((p) => statementsOf(p.policy));
}

/** Reads a secret-wrapped input value (`{ secret: v }`) or a plain one. */
export function unwrap<T = unknown>(value: unknown): T {
  return (
    value && typeof value === 'object' && 'secret' in value
      ? (value as { secret: unknown }).secret
      : value
  ) as T;
}

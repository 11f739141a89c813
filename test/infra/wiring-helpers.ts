/**
 * Helpers for the wiring tests: evaluate sst.config.ts for a stage under the recording stubs,
 * list the functions it declares (however declared), and resolve their effective IAM.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { installSstStubs, type Recorded } from './sst-stubs.ts';

/**
 * sst.config.ts, imported by URL: a literal specifier would pull it (and SST's globals from
 * `.sst/platform`) into the main tsconfig's program, which must stay free of them.
 */
const CONFIG_URL = pathToFileURL(join(import.meta.dirname, '..', '..', 'sst.config.ts')).href;

/** The `$config({...})` object sst.config.ts exports. */
export interface SstConfig {
  app(input: { stage: string }): Record<string, unknown>;
  run(): Promise<Record<string, unknown>>;
}

/** A Lambda function, declared directly or as a queue/topic subscriber. */
export interface DeployedFunction {
  /** Component name, or `<Target>#subscribe` for subscribers. */
  source: string;
  handler: string;
  args: Record<string, unknown>;
  /** The recorded components the function links. */
  links: Recorded[];
}

/** One evaluation of the config. */
export interface Deployment {
  recorded: Recorded[];
  outputs: Record<string, unknown>;
  fns: DeployedFunction[];
  byName(name: string): Recorded;
}

/** Loads sst.config.ts once (its `$config` call needs the stub installed). */
export async function loadConfig(): Promise<SstConfig> {
  const stubs = installSstStubs('dev');
  try {
    return ((await import(CONFIG_URL)) as { default: SstConfig }).default;
  } finally {
    stubs.restore();
  }
}

/** Runs the config for `stage` with extra deploy-time env; restores globals and env after. */
export async function deploy(
  config: SstConfig,
  stage: string,
  env: Record<string, string> = {},
): Promise<Deployment> {
  const stubs = installSstStubs(stage);
  const before = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  try {
    const outputs = await config.run();
    const { recorded } = stubs;
    const byName = (name: string): Recorded => {
      const r = recorded.find((x) => x.name === name);
      if (!r) throw new Error(`no resource named ${name}`);
      return r;
    };
    return { recorded, outputs, byName, fns: functionsOf(recorded) };
  } finally {
    stubs.restore();
    for (const [k, v] of Object.entries(before)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

/** Every function the config declares, with its linked components resolved. */
export function functionsOf(recorded: Recorded[]): DeployedFunction[] {
  const resolve = (link: unknown): Recorded => {
    const found = recorded.find((r) => r.name === (link as { __name?: string }).__name);
    if (!found) throw new Error(`a function links something that is not a component`);
    return found;
  };
  const fns: DeployedFunction[] = [];
  for (const r of recorded) {
    let args: Record<string, unknown> | undefined;
    let source = r.name;
    if (r.type === 'sst.aws.Function') args = r.args;
    if (r.type.endsWith('#subscribe')) {
      args = r.args.subscriber as Record<string, unknown>;
      source = `${r.args.target}#subscribe`;
    }
    if (!args) continue;
    const links = ((args.link ?? []) as unknown[]).map(resolve);
    fns.push({ source, handler: args.handler as string, args, links });
  }
  return fns;
}

/** Resource → sorted actions, from the linked grants' `include` permissions. */
export function effectivePermissions(fn: DeployedFunction): Record<string, string[]> {
  const out: Record<string, Set<string>> = {};
  for (const link of fn.links) {
    const include = (link.args.include ?? []) as { actions: string[]; resources: string[] }[];
    for (const p of include) {
      for (const res of p.resources) {
        out[res] ??= new Set();
        for (const a of p.actions) out[res].add(a);
      }
    }
  }
  return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, [...v].sort()]));
}

/** Seconds in an SST duration string (`"30 seconds"`, `"6 minutes"`). */
export function seconds(duration: string): number {
  const m = /^(\d+) (second|minute|hour)s?$/.exec(duration);
  if (!m) throw new Error(`not a duration: ${duration}`);
  return Number(m[1]) * { second: 1, minute: 60, hour: 3600 }[m[2] as 'second'];
}

/**
 * One mock deploy, in its own process (Pulumi's runtime state is global, and SST's `run()`
 * changes directory): `node deploy-child.ts <scenario.json> <result.json>`. Builds SST's
 * program for the stage, starts the CLI stand-in, runs the program under Pulumi's mocks and
 * writes every registered resource, data-source call, CLI call and the outputs as JSON.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCliStandIn } from './cli-stand-in.ts';
import { createMocks, type RegisterRequest } from './mocks.ts';
import { PLATFORM, ROOT } from './platform.ts';
import { buildProgram, evaluateApp, programDir } from './program.ts';

/** What to deploy: the stage, the deploy-time environment and the stage's secrets. */
export interface Scenario {
  stage: string;
  env: Record<string, string>;
  /** Secret name → value, as `sst secret set` stores them (the CLI passes SST_SECRET_<Name>). */
  secrets: Record<string, string>;
}

interface PulumiRuntime {
  runtime: {
    setMocks(mocks: object, project: string, stack: string, preview: boolean): Promise<void>;
    disconnect(): Promise<void>;
  };
}

/** Turns Pulumi values (assets, archives, secrets) into plain JSON. */
function plain(value: unknown): unknown {
  return JSON.parse(
    JSON.stringify(value, (_k, v: unknown) => {
      if (v && typeof v === 'object') {
        const o = v as Record<string, unknown>;
        // A deserialized secret is { <sig>: <secret sig>, value }.
        if ('4dabf18193072939515e22adb298388d' in o) return { secret: o.value };
        if (o.__pulumiArchive || o.__pulumiAsset) return { asset: o.path ?? o.text ?? '(asset)' };
      }
      return v;
    }),
  );
}

async function main() {
  const [scenarioFile, resultFile] = process.argv.slice(2);
  const scenario = JSON.parse(readFileSync(String(scenarioFile), 'utf8')) as Scenario;
  const dir = programDir(`${scenario.stage}-${process.pid}`);
  const work = mkdtempSync(join(tmpdir(), 'rebound-sst-mock-'));
  // Pulumi may end the process itself on a program error (before any `finally`).
  process.on('exit', () => {
    rmSync(dir, { recursive: true, force: true });
    rmSync(work, { recursive: true, force: true });
  });
  const cli = await startCliStandIn({ root: ROOT, work });
  const started = Date.now();
  try {
    for (const [k, v] of Object.entries(scenario.env)) process.env[k] = v;
    for (const [k, v] of Object.entries(scenario.secrets)) process.env[`SST_SECRET_${k}`] = v;
    process.env.SST_SERVER = cli.url;

    const app = await evaluateApp(scenario.stage, dir);
    const $cli = {
      command: 'deploy',
      rpc: cli.url,
      paths: { home: work, root: ROOT, work, platform: PLATFORM },
      state: { version: {} },
    };
    const program = await buildProgram(app, $cli, dir);

    const require = createRequire(join(PLATFORM, 'package.json'));
    const pulumi = require('@pulumi/pulumi') as PulumiRuntime;
    const { runInPulumiStack } = require('@pulumi/pulumi/runtime/stack.js') as {
      runInPulumiStack(init: () => Promise<unknown>): Promise<Record<string, unknown>>;
    };
    const recorder = createMocks();
    const { MockMonitor } = require('@pulumi/pulumi/runtime/mocks.js') as {
      MockMonitor: { prototype: { registerResource(req: RegisterRequest, cb: unknown): unknown } };
    };
    // The mocks API leaves out the resource options (parent, retainOnDelete, protect,
    // dependsOn): read them from the engine request before the mock monitor handles it.
    const register = MockMonitor.prototype.registerResource;
    MockMonitor.prototype.registerResource = function (req, cb) {
      recorder.observe(req);
      return register.call(this, req, cb);
    };
    await pulumi.runtime.setMocks(recorder.mocks, app.name, app.stage, false);
    const outputs = await runInPulumiStack(async () => (await import(program)).default);
    await pulumi.runtime.disconnect();
    const result = {
      app,
      outputs: plain(outputs),
      resources: plain(recorder.resources),
      calls: plain(recorder.calls),
      rpc: plain(cli.calls),
      ms: Date.now() - started,
    };
    writeFileSync(String(resultFile), JSON.stringify(result));
  } finally {
    await cli.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error)?.stack ?? String(err)}\n`);
  process.exit(1);
});

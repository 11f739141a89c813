/**
 * A stand-in for the part of the SST CLI that SST's components call back into during a deploy
 * (`SST_SERVER`, JSON-RPC over HTTP, platform/src/components/rpc/rpc.ts): the per-region
 * bootstrap bucket and the function build. Not an AWS mock: it is what `sst deploy` itself
 * answers. Every call is recorded, so the tests see exactly what the CLI would have been asked.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';

/** One RPC call the components made. */
export interface RpcCall {
  method: string;
  args: Record<string, unknown>;
}

/** The extensions the CLI tries for a handler file (pkg/runtime/node/node.go, NODE_EXTENSIONS). */
const NODE_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];

/**
 * `Runtime.Build` as the CLI answers it for a Node function, minus esbuild (test/infra/
 * bundle.test.ts bundles every handler the way SST does): resolve `{path}/{file}.{export}`
 * from the app root, fail like the CLI when the file is missing, check the file exports the
 * named function, and hand back a directory with the built handler for SST to zip.
 */
function build(root: string, work: string, args: Record<string, unknown>) {
  const handler = String(args.handler);
  const dot = handler.lastIndexOf('.');
  const [file, exported] = [handler.slice(0, dot), handler.slice(dot + 1)];
  const source = NODE_EXTENSIONS.map((ext) => join(root, file + ext)).find((p) => existsSync(p));
  if (!source) return { errors: [`Could not find file for handler "${handler}"`] };
  const text = readFileSync(source, 'utf8');
  if (!new RegExp(`export (const|async function|function) ${exported}\\b`).test(text)) {
    return { errors: [`${source} does not export "${exported}"`] };
  }
  const out = join(work, 'artifacts', `${String(args.functionID)}-src`);
  mkdirSync(dirname(join(out, file)), { recursive: true });
  writeFileSync(join(out, `${file}.mjs`), `export const ${exported} = async () => {};\n`);
  return { handler, out, errors: [], sourcemaps: [] };
}

/** Starts the stand-in on 127.0.0.1 (a free port); `url` is the `SST_SERVER` value. */
export async function startCliStandIn(input: { root: string; work: string }) {
  const calls: RpcCall[] = [];
  const answer = (method: string, args: Record<string, unknown>): unknown => {
    switch (method) {
      case 'Provider.Aws.Bootstrap':
        return {
          asset: `sst-asset-mock-${String(args.region)}`,
          assetEcrRegistryId: '123456789012',
          assetEcrUrl: `123456789012.dkr.ecr.${String(args.region)}.amazonaws.com/sst-asset`,
          state: `sst-state-mock-${String(args.region)}`,
          appsyncHttp: '',
          appsyncRealtime: '',
        };
      case 'Runtime.Build':
        return build(input.root, input.work, args);
      default:
        // What the CLI's net/rpc answers for an unknown method (rpc.ts maps it to
        // MethodNotFoundError); the test fails on any call it does not know.
        throw new Error(`rpc: can't find method ${method}`);
    }
  };
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => {
      body += c.toString('utf8');
    });
    req.on('end', () => {
      const { method, params } = JSON.parse(body) as { method: string; params: [object] };
      const args = (params[0] ?? {}) as Record<string, unknown>;
      calls.push({ method, args });
      let reply: { result: unknown; error: string | null };
      try {
        reply = { result: answer(method, args), error: null };
      } catch (err) {
        reply = { result: null, error: (err as Error).message };
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(reply));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * The examples of docs/webhooks.md run as written: the curl + openssl and the Node sender of
 * the generic endpoint, and the Postfix pipe script of the raw mail endpoint, each against the
 * handlers behind a local HTTP server (as a Function URL serves them) on DynamoDB Local and
 * fauxqs; the script's exit codes are the ones Postfix acts on.
 */
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createLambdaServer, type HttpLambda } from '../../scripts/local/serve-lambda.ts';
import { createRig, GENERIC_SECRET, MAIL_SECRET, type Rig } from '../aws/e2e.ts';
import { HAS_TRANSACTIONS } from '../aws/helpers.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const DOC = readFileSync(join(ROOT, 'docs/webhooks.md'), 'utf8');
const DIR = mkdtempSync(join(tmpdir(), 'rebound-doc-examples-'));

/** The fenced block right after `<!-- tested: name -->`. */
function example(name: string): string {
  const m = new RegExp(`<!-- tested: ${name} -->\\n\`\`\`[a-z]*\\n([\\s\\S]*?)^\`\`\`$`, 'm').exec(
    DOC,
  );
  if (!m) throw new Error(`no example ${name} in docs/webhooks.md`);
  return m[1] as string;
}

let rig: Rig;
let server: Server;
let base = '';
beforeAll(async () => {
  rig = await createRig();
  // The handlers' clock is real time: the examples sign with `date +%s` / Date.now().
  Object.defineProperty(rig.clock, 't', { get: () => new Date() });
  const route = (path: string, handler: unknown) => ({
    method: 'POST',
    path: new RegExp(`^${path}$`),
    functionName: path,
    handler: handler as HttpLambda,
  });
  server = createLambdaServer(() => [
    route('/webhooks/generic', rig.handlers.generic),
    route('/webhooks/mail', rig.handlers.mail),
  ]);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(async () => {
  await new Promise((r) => server?.close(r));
  await rig?.stop();
});

const record = async (email: string) =>
  (await rig.scan(rig.stack.tables.suppressions)).find((r) => r.email === email);
/** Runs a command (asynchronously: the server answering it lives in this process). */
function run(
  cmd: string,
  args: string[],
  env: Record<string, string>,
  input?: Buffer,
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env: { PATH: process.env.PATH ?? '', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString('utf8');
    });
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString('utf8');
    });
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
    child.stdin.end(input ?? Buffer.alloc(0));
  });
}

describe.skipIf(!HAS_TRANSACTIONS)('docs/webhooks.md examples', () => {
  beforeEach(async () => rig.reset());

  it('generic: the curl + openssl example is accepted and suppresses the address', async () => {
    const env = { REBOUND_URL: `${base}/webhooks/generic`, REBOUND_SECRET: GENERIC_SECRET };
    const r = await run('sh', ['-c', example('generic-curl')], env);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: true, received: 1 });
    expect(await record('jane@example.com')).toMatchObject({
      status: 'suppressed',
      vendor: 'generic',
      reason: 'user-unknown',
    });
  });

  it('generic: the same curl example with another secret is refused (403), nothing written', async () => {
    const env = {
      REBOUND_URL: `${base}/webhooks/generic`,
      REBOUND_SECRET: 'not-the-secret-0123456789abcdef0123',
    };
    const r = await run('sh', ['-c', example('generic-curl')], env);
    expect(JSON.parse(r.stdout)).toEqual({ error: 'verification failed', check: 'signature' });
    expect(await record('jane@example.com')).toBeUndefined();
  });

  it('generic: the Node example is accepted (a complaint suppresses)', async () => {
    const file = join(DIR, 'post.mjs');
    writeFileSync(file, example('generic-node'));
    const env = { REBOUND_URL: `${base}/webhooks/generic`, REBOUND_SECRET: GENERIC_SECRET };
    const r = await run(process.execPath, [file], env);
    expect(r.stdout).toMatch(/^200 \{"ok":true,"received":1,/);
    expect(await record('joe@example.com')).toMatchObject({
      status: 'suppressed',
      reason: 'complaint',
    });
  });

  describe('mail: the Postfix pipe script', () => {
    const script = join(DIR, 'rebound-pipe');
    beforeAll(() => {
      writeFileSync(script, example('rebound-pipe'));
      chmodSync(script, 0o755);
    });
    const pipe = (input: Buffer, env: Record<string, string> = {}) =>
      run(
        script,
        [],
        {
          REBOUND_PIPE_CONF: join(DIR, 'no-such.conf'),
          REBOUND_MAIL_URL: `${base}/webhooks/mail`,
          REBOUND_MAIL_SECRET: MAIL_SECRET,
          ...env,
        },
        input,
      );
    const eml = (name: string) => readFileSync(join(ROOT, 'test/fixtures/mail', name));

    it('a bounce: exit 0, the recipient suppressed', async () => {
      const r = await pipe(eml('postfix-dsn-user-unknown.eml'));
      expect([r.status, r.stderr]).toEqual([0, '']);
      expect(await record('dave@partner.example')).toMatchObject({
        status: 'suppressed',
        vendor: 'mail',
      });
    });
    it('settings from its conf file', async () => {
      const conf = join(DIR, 'pipe.conf');
      writeFileSync(
        conf,
        `REBOUND_MAIL_URL=${base}/webhooks/mail\nREBOUND_MAIL_SECRET=${MAIL_SECRET}\n`,
      );
      const r = await run(
        script,
        [],
        { REBOUND_PIPE_CONF: conf },
        eml('postfix-dsn-user-unknown.eml'),
      );
      expect(r.status).toBe(0);
      expect(await record('dave@partner.example')).toBeDefined();
    });
    it.each([
      ['binary garbage (400): exit 0, refused for good, never retried', 'garbage-bytes.eml', {}, 0],
      ['not a bounce (200): exit 0, nothing to do', 'not-a-bounce-newsletter.eml', {}, 0],
      [
        'a wrong secret (403): exit 75, deferred, fixable',
        'postfix-dsn-user-unknown.eml',
        { REBOUND_MAIL_SECRET: 'wrong-secret-0123456789abcdef012345' },
        75,
      ],
      [
        'Rebound unreachable: exit 75, deferred',
        'postfix-dsn-user-unknown.eml',
        { REBOUND_MAIL_URL: 'http://127.0.0.1:9/webhooks/mail' },
        75,
      ],
    ])('%s', async (_name, file, env, status) => {
      expect((await pipe(eml(file), env)).status).toBe(status);
      expect(await record('dave@partner.example')).toBeUndefined();
    });
    it('master.cf runs that script for the transport the transport map names', () => {
      const master = example('postfix-master');
      expect(master).toMatch(/^rebound\s+unix\s.*\spipe$/m);
      expect(master).toContain('argv=/usr/local/bin/rebound-pipe');
      expect(DOC).toContain('bounces.example.com   rebound:');
    });
  });
});

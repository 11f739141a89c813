/** `rebound parse-mail`: mails, folders and stdin in; events out; errors named, never fatal. */
import { chmod, copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../src/commands/parse-mail.ts';

/** What a terminal progress line is wiped with before an event line. */
const CLEAR_LINE = '\r\x1b[K';
const MAIL = new URL('../../../test/fixtures/mail/', import.meta.url);
const path = (name: string) => new URL(name, MAIL).pathname;

async function call(argv: string[], opts: { stdin?: string | Buffer; tty?: boolean } = {}) {
  let out = '';
  let err = '';
  const code = await run(argv, {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s), isTTY: opts.tty ?? false },
    readStdin: async () => Buffer.from(opts.stdin ?? ''),
  });
  const lines = out.split('\n').filter((l) => l !== '');
  return { code, err, out, lines };
}

let dir: string;
beforeAll(async () => {
  // A folder with a sub-folder, a dot-file, a non-mail and an unreadable file.
  dir = await mkdtemp(join(tmpdir(), 'rebound-parse-mail-'));
  await mkdir(join(dir, 'cur'));
  await copyFile(path('qmail-two-recipients.eml'), join(dir, 'a.eml'));
  await copyFile(path('postfix-dsn-user-unknown.eml'), join(dir, 'cur', '1741082532.M1P2.host'));
  await copyFile(path('auto-reply-rfc3834.eml'), join(dir, 'cur', 'ooo.eml'));
  await copyFile(path('garbage-bytes.eml'), join(dir, '.hidden'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('rebound parse-mail', () => {
  it('--json prints one event per line with the file as given', async () => {
    const r = await call(['--json', path('qmail-two-recipients.eml'), path('rfc5965-abuse.eml')]);
    expect(r.code).toBe(0);
    const events = r.lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(events.map((e) => [e.file, e.recipient, e.kind, e.vendor])).toEqual([
      [path('qmail-two-recipients.eml'), 'eve@partner.example', 'bounce', 'mail'],
      [path('qmail-two-recipients.eml'), 'fay@partner.example', 'bounce', 'mail'],
      [path('rfc5965-abuse.eml'), 'user@example.com', 'complaint', 'mail'],
    ]);
    expect(r.err).toBe('parse-mail: 2 files, 2 bounces, 3 events, 0 errors\n');
  });

  it('prints a readable line per event: file, recipient, kind, codes, action, reason, rule', async () => {
    const r = await call([path('postfix-dsn-user-unknown.eml')]);
    expect(r.lines).toEqual([
      `${path('postfix-dsn-user-unknown.eml')}  dave@partner.example  bounce  550  5.1.1  suppress  user-unknown  user-unknown`,
    ]);
  });

  it('a mail that is not a bounce prints nothing and exits 0', async () => {
    const r = await call([
      path('auto-reply-outlook-oof.eml'),
      path('not-a-bounce-newsletter.eml'),
      path('rfc3464-relayed.eml'),
    ]);
    expect([r.code, r.out]).toEqual([0, '']);
    expect(r.err).toBe('parse-mail: 3 files, 1 bounces, 0 events, 0 errors\n');
  });

  it('an unreadable, missing or non-mail file is named on stderr, the others still printed, exit 1', async () => {
    const locked = join(dir, 'locked.eml');
    await writeFile(locked, 'From: a@b.example\n\nhello');
    await chmod(locked, 0o000);
    const readable = await import('node:fs').then((fs) => {
      try {
        fs.readFileSync(locked);
        return true; // running as root: permissions do not stop a read
      } catch {
        return false;
      }
    });
    const r = await call([
      path('garbage-bytes.eml'),
      '/nonexistent/x.eml',
      locked,
      path('courier-dsn.eml'),
    ]);
    await rm(locked);
    expect(r.code).toBe(1);
    expect(r.lines).toHaveLength(1);
    expect(r.lines[0]).toContain('sam@partner.example');
    expect(r.err).toContain(`rebound parse-mail: ${path('garbage-bytes.eml')}: not a mail message`);
    expect(r.err).toContain(
      'rebound parse-mail: /nonexistent/x.eml: cannot read: no such file or folder',
    );
    if (!readable) expect(r.err).toContain(`${locked}: cannot read: permission denied`);
    expect(r.err).toMatch(/parse-mail: 4 files, 1 bounces, 1 events, [23] errors\n$/);
    expect(r.err).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('names a mail over 10 MB as too large without reading it', async () => {
    const big = join(dir, 'big.eml');
    await writeFile(big, `From: a@b.example\n\n${'x'.repeat(10 * 1024 * 1024 + 1)}`);
    const r = await call([big]);
    await rm(big);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`${big}: too large`);
  });

  it('reads folders recursively (dot-files skipped), in path order, and shows progress on a terminal', async () => {
    const r = await call(['--json', dir], { tty: true });
    expect(r.code).toBe(0);
    const files = r.lines.map(
      (l) => (JSON.parse(l.replace(CLEAR_LINE, '')) as { file: string }).file,
    );
    expect(files).toEqual([
      join(dir, 'a.eml'),
      join(dir, 'a.eml'),
      join(dir, 'cur', '1741082532.M1P2.host'),
    ]);
    expect(r.err).toContain(`\rparse-mail: ${dir}: 3/3 files`);
    expect(r.err.endsWith('\r\x1b[Kparse-mail: 3 files, 2 bounces, 3 events, 0 errors\n')).toBe(
      true,
    );
  });

  it('shows no progress when standard error is not a terminal', async () => {
    const r = await call([dir]);
    expect(r.err).toBe('parse-mail: 3 files, 2 bounces, 3 events, 0 errors\n');
  });

  it('reads standard input with "-"', async () => {
    const r = await call(['--json', '-'], {
      stdin: Buffer.from(
        await import('node:fs').then((fs) => fs.readFileSync(path('exim-unrouteable.eml'))),
      ),
    });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.lines[0]!)).toMatchObject({
      file: '-',
      recipient: 'ida@nosuchdomain.example',
      kind: 'bounce',
    });
  });

  it.each([
    [[], 'give at least one PATH'],
    [['--bogus', 'x.eml'], "Unknown option '--bogus'"],
    [['--json=yes', 'x.eml'], 'does not take an argument'],
  ])('usage error %j exits 2 with the reason and no stack trace', async (argv, message) => {
    const r = await call(argv);
    expect(r.code).toBe(2);
    expect(r.err).toContain(message);
    expect(r.err).toContain('usage: rebound parse-mail');
    expect(r.err).not.toMatch(/\n\s+at /);
  });

  it('--help exits 0 with the usage', async () => {
    const r = await call(['--help']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('usage: rebound parse-mail [--json] PATH...');
  });
});

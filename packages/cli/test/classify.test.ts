/** `rebound classify` as a user runs it: a child process, arguments and standard input. */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const BIN = fileURLToPath(new URL('../bin/rebound.js', import.meta.url));

function rebound(args: string[], input?: string | Buffer) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    input,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('Command: rebound classify', () => {
  it('explains one reply for a human', () => {
    const { code, out } = rebound(['classify', '550 5.1.1 <a@b.c>: Recipient address rejected']);
    expect(code).toBe(0);
    expect(out).toMatch(/^code\s+550 \(parsed\)$/m);
    expect(out).toMatch(/^enhanced\s+5\.1\.1 \(parsed\)$/m);
    expect(out).toMatch(/^action\s+suppress — /m);
    expect(out).toMatch(/^reason\s+user-unknown — the mailbox does not exist$/m);
    expect(out).toMatch(/^rule\s+x\.1\.1-bad-mailbox$/m);
    expect(out).toMatch(/^source\s+RFC 3463/m);
  });

  it('shows the retry plan of a temporary failure', () => {
    const { out } = rebound(['classify', '421 4.7.0 Try again later']);
    expect(out).toMatch(/^retry\s+5 attempts after 1m, 5m, 15m, 1h, 4h, within 48h/m);
  });

  it('says what happens when the retries run out: policy blocks never suppress', () => {
    const gmail = rebound([
      'classify',
      '421-4.7.28 [192.0.2.1] Gmail has detected an unusual rate of unsolicited mail. To protect our users, mail sent from your IP address has been temporarily rate limited.',
    ]).out;
    expect(gmail).toMatch(
      /; then give up the message; the address stays sendable \(sender-side cause\)$/m,
    );
    expect(gmail).not.toMatch(/then suppress/);
    const full = rebound([
      'classify',
      '452 4.2.2 The email account that you tried to reach is over quota.',
    ]).out;
    expect(full).toMatch(
      /suppress \(persistent-soft-bounce\) only if it persists 24 h\+ across 2\+ messages$/m,
    );
  });

  it('puts a bare permanent failure on probation instead of suppressing it', () => {
    const { out } = rebound(['classify', '550 Rejected']);
    expect(out).toMatch(/^action\s+investigate — /m);
    expect(out).toMatch(/^probation\s+unproven permanent failure/m);
    const json = JSON.parse(rebound(['classify', '--json', '550 Rejected']).out);
    expect(json).toMatchObject({ action: 'investigate', probation: true, retry: null });
  });

  it('prints one JSON object per stdin line, in order, with bad lines answered on their own line', () => {
    const huge = `550 5.1.1 ${'x'.repeat(1024 * 1024)}`;
    const junk = Buffer.from([0x00, 0xff, 0xfe, 0x01, 0x35, 0x35, 0x30]).toString('latin1');
    const input = [
      '552 5.2.2 mailbox full',
      '',
      junk,
      huge,
      '550 5.7.1 blocked using zen.spamhaus.org',
    ].join('\n');
    const { code, out } = rebound(['classify', '--json'], input);
    const lines = out
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(5);
    expect(lines[0]).toEqual({
      input: '552 5.2.2 mailbox full',
      code: 552,
      enhanced: '5.2.2',
      text: 'mailbox full',
      action: 'retry',
      reason: 'mailbox-full',
      rule: 'mailbox-full',
      probation: false,
      retry: { delays_s: [3600, 21600, 86400], window_s: 172800, after: 'suppress-if-persistent' },
    });
    expect(lines[1]).toEqual({
      input: '',
      code: null,
      enhanced: null,
      text: '',
      action: null,
      reason: null,
      rule: null,
      probation: false,
      retry: null,
      error: 'empty line: nothing to classify',
    });
    expect(['retry', 'suppress', 'fix-message', 'fix-config', 'investigate']).toContain(
      lines[2].action,
    );
    expect(lines[3]).toMatchObject({ code: 550, enhanced: '5.1.1', action: 'suppress' });
    expect(lines[3].input).toHaveLength(huge.length);
    expect(lines[4]).toMatchObject({ action: 'investigate', reason: 'blocklisted', retry: null });
    expect(code).toBe(1);
  });

  it('exits 0 when every line classified', () => {
    expect(rebound(['classify', '--json'], '550 5.1.1 x\n421 busy\n').code).toBe(0);
  });

  it('rejects unknown flags with usage', () => {
    const { code, err } = rebound(['classify', '--bogus']);
    expect(code).toBe(2);
    expect(err).toMatch(/usage: rebound classify/);
  });

  it('runs through npx from the project root, never fetching another package', () => {
    const r = spawnSync('npx', ['rebound', 'classify', '--json', '552 5.3.4 too big'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      action: 'fix-message',
      reason: 'message-too-large',
    });
  });
});

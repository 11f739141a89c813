/**
 * `rebound classify`: explains SMTP replies — code, enhanced code, action, reason, the rule and its
 * source, the retry plan. One reply as an argument, or one diagnostic per line on standard input.
 */
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { classify, parseReply, REASONS, type SmtpReply, type Verdict } from '@rebound/core';
import { formatDuration } from '../format.ts';

const HELP = `usage: rebound classify [--json] ["<smtp reply>"]

Explains an SMTP reply: its codes, the action to take, the reason, the rule that fired and
the retry plan. Without a reply argument, reads one diagnostic per line from standard input.

  --json    one JSON object per input line: {"input","code","enhanced","text","action",
            "reason","rule","probation","retry"} (retry: null or {"delays_s":[...],
            "window_s":n,"after":"give-up"|"suppress-if-persistent"})
  -h, --help`;

const MEANING: Record<Verdict['action'], string> = {
  retry: 'temporary failure: send again later with backoff',
  suppress: 'this address will not accept mail: stop sending to it',
  'fix-message': 'the message itself is rejected: do not resend it unchanged',
  'fix-config': 'our own sending setup is broken: alert a human, do not retry',
  investigate: 'nothing proves the address is bad: a human reads the text',
};

/** What happens when the retries run out: only a recipient-side cause may suppress. */
function thenOf(v: Verdict): 'give-up' | 'suppress-if-persistent' {
  return REASONS[v.reason].side === 'recipient' ? 'suppress-if-persistent' : 'give-up';
}

/** The JSON line for one input (the documented `--json` shape). */
export function toJsonLine(input: string): string {
  if (input.trim() === '') {
    // Same keys as a result, so consumers can rely on the shape; `error` says why it is empty.
    return JSON.stringify({
      input,
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
  }
  const reply = parseReply(input);
  const v = classify(reply);
  return JSON.stringify({
    input,
    code: reply.code,
    enhanced: reply.enhanced,
    text: reply.text,
    action: v.action,
    reason: v.reason,
    rule: v.rule,
    probation: v.probation === true,
    retry: v.retry
      ? { delays_s: v.retry.delays_s, window_s: v.retry.window_s, after: thenOf(v) }
      : null,
  });
}

function retryLine(v: Verdict): string {
  if (!v.retry) return v.action === 'retry' ? 'none' : 'none (not a temporary failure)';
  const { delays_s, window_s, jitter } = v.retry;
  const steps = delays_s.map(formatDuration).join(', ');
  const spread = jitter ? ` (±${Math.round(jitter * 100)}% jitter)` : '';
  const then =
    thenOf(v) === 'give-up'
      ? `then give up the message; the address stays sendable (${REASONS[v.reason].side}-side cause)`
      : 'then give up the message; suppress (persistent-soft-bounce) only if it persists 24 h+ across 2+ messages';
  return `${delays_s.length} attempts after ${steps}${spread}, within ${formatDuration(window_s)}; ${then}`;
}

function origin(reply: SmtpReply, part: 'code' | 'enhanced'): string {
  return reply.parts[part] ? ` (${reply.parts[part]})` : '';
}

/** The human explanation of one reply. */
export function explain(input: string): string {
  const reply = parseReply(input);
  const v = classify(reply);
  const rows: [string, string][] = [
    ['code', `${reply.code ?? '—'}${origin(reply, 'code')}`],
    ['enhanced', `${reply.enhanced ?? '—'}${origin(reply, 'enhanced')}`],
    ['text', reply.text || '—'],
    ['action', `${v.action} — ${MEANING[v.action]}`],
    ['reason', `${v.reason} — ${REASONS[v.reason].meaning}`],
    ['rule', v.rule],
    ['source', v.source],
    ['retry', retryLine(v)],
  ];
  if (v.probation) {
    rows.push([
      'probation',
      'unproven permanent failure: investigate now; the same address failing so again from another message 24 h+ later is suppressed (repeated-hard-failure)',
    ]);
  }
  if (reply.command) rows.splice(3, 0, ['command', `in reply to ${reply.command}`]);
  if (reply.conflict) {
    const { codeClass, enhancedClass } = reply.conflict;
    rows.splice(2, 0, [
      'conflict',
      `basic class ${codeClass} vs enhanced class ${enhancedClass} (both kept)`,
    ]);
  }
  return rows.map(([k, val]) => `${k.padEnd(9)} ${val}`).join('\n');
}

function summaryLine(input: string): string {
  if (input.trim() === '') return 'error: empty line: nothing to classify';
  const reply = parseReply(input);
  const v = classify(reply);
  const codes = [reply.code, reply.enhanced].filter((x) => x !== null).join(' ') || '—';
  return `${v.action.padEnd(11)} ${v.reason.padEnd(22)} ${codes.padEnd(10)} ${v.rule}`;
}

async function write(chunk: string): Promise<void> {
  if (!process.stdout.write(chunk)) await new Promise((r) => process.stdout.once('drain', r));
}

/** Runs the command; returns the exit code (1 when any input line was an error). */
export async function run(argv: string[]): Promise<number> {
  let parsed: ReturnType<
    typeof parseArgs<{
      options: { json: { type: 'boolean' }; help: { type: 'boolean'; short: 'h' } };
      allowPositionals: true;
    }>
  >;
  try {
    parsed = parseArgs({
      args: argv,
      options: { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
    });
  } catch (err) {
    process.stderr.write(`rebound classify: ${(err as Error).message}\n\n${HELP}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  if (positionals.length > 0) {
    const input = positionals.join(' ');
    if (input.trim() === '') {
      process.stderr.write('rebound classify: the reply is empty\n');
      return 2;
    }
    await write(`${values.json ? toJsonLine(input) : explain(input)}\n`);
    return 0;
  }
  if (process.stdin.isTTY) {
    process.stderr.write(`${HELP}\n`);
    return 2;
  }
  let errors = 0;
  const lines = createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY });
  for await (const line of lines) {
    if (line.trim() === '') errors++;
    await write(`${values.json ? toJsonLine(line) : summaryLine(line)}\n`);
  }
  return errors > 0 ? 1 : 0;
}

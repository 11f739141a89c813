/**
 * docs/sync.md says what the code does: the IAM actions, the default schedule and the secrets
 * (infra/sync.ts), the reasons of each list, the CLI's options and exit codes, and the summary
 * line's shape.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  postmarkMeaning,
  SENDGRID_LISTS,
  SES_REASONS,
  summaryLine,
  zeroCounts,
} from '@rebound/aws/sync';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const read = (p: string) => readFileSync(join(ROOT, p), 'utf8');
const DOC = read('docs/sync.md');
/** The doc as one line per paragraph (markdown wraps lines). */
const flat = DOC.replace(/\n(?!\n|\||#|\* |- |```|\d+\. )/g, ' ').replace(/ {2,}/g, ' ');

/** infra/sync.ts, loaded by URL (its SST globals stay out of the main tsconfig). */
let infra: {
  SYNC_GRANTS: Record<string, readonly string[]>;
  SES_SYNC_ACTIONS: readonly string[];
  SYNC_SCHEDULE: string;
  SYNC_SECRETS: Record<string, string>;
};
beforeAll(async () => {
  infra = await import(pathToFileURL(join(ROOT, 'infra', 'sync.ts')).href);
});

describe('docs/sync.md', () => {
  it('names every IAM action the role gets, the default schedule and the secrets', () => {
    for (const action of infra.SES_SYNC_ACTIONS) expect(DOC).toContain(`\`${action}\``);
    for (const action of Object.values(infra.SYNC_GRANTS).flat()) {
      expect(DOC).toContain(`\`${action.replace('dynamodb:', '')}\``);
    }
    expect(flat).toContain(
      '`BatchGetItem`, `PutItem` and `Scan` on Suppressions; `BatchGetItem`, `GetItem`, `PutItem` and `DeleteItem` on State',
    );
    expect([...(infra.SYNC_GRANTS.suppressions ?? [])].sort()).toEqual([
      'dynamodb:BatchGetItem',
      'dynamodb:PutItem',
      'dynamodb:Scan',
    ]);
    expect([...(infra.SYNC_GRANTS.state ?? [])].sort()).toEqual([
      'dynamodb:BatchGetItem',
      'dynamodb:DeleteItem',
      'dynamodb:GetItem',
      'dynamodb:PutItem',
    ]);
    expect(DOC).toContain(`| \`REBOUND_SYNC_SCHEDULE\` | \`${infra.SYNC_SCHEDULE}\` |`);
    for (const secret of Object.values(infra.SYNC_SECRETS))
      expect(DOC).toContain(`| \`${secret}\` |`);
  });

  it('gives each list the reason the code gives it', () => {
    for (const [reason, { reason: ours }] of SES_REASONS) {
      expect(DOC).toContain(`\`${reason}\` → \`${ours}\``);
    }
    const names: Record<string, string> = {
      spam_reports: 'spam reports',
      unsubscribes: 'global unsubscribes',
      invalid_emails: 'invalid emails',
      bounces: 'bounces',
    };
    for (const list of SENDGRID_LISTS.filter((l) => l.reason)) {
      expect(DOC).toContain(`${names[list.name]} → \`${list.reason}\``);
    }
    expect(DOC).toContain(
      `\`HardBounce\` → \`${postmarkMeaning('HardBounce', 'Recipient').reason}\``,
    );
    expect(DOC).toContain(
      `\`SpamComplaint\` → \`${postmarkMeaning('SpamComplaint', 'Recipient').reason}\``,
    );
    expect(DOC).toContain(
      `by the **Recipient** → \`${postmarkMeaning('ManualSuppression', 'Recipient').reason}\``,
    );
    expect(DOC).toContain(
      `by the Customer or an Admin → \`${postmarkMeaning('ManualSuppression', 'Customer').reason}\``,
    );
  });

  it('shows only options the CLI has, and its exit codes', () => {
    const cli = read('packages/cli/src/commands/sync.ts');
    // The section about `rebound sync` (other commands, e.g. `rebound lift --force`, are elsewhere).
    const terminal = DOC.slice(DOC.indexOf('## From a terminal'), DOC.indexOf('## Rate limits'));
    const options = new Set([...terminal.matchAll(/`(--[a-z-]+)/g)].map((m) => m[1] as string));
    for (const block of terminal.matchAll(/```bash\n([\s\S]*?)```/g)) {
      for (const m of (block[1] as string).matchAll(/ (--[a-z-]+)/g)) options.add(m[1] as string);
    }
    expect(options.size).toBeGreaterThan(6);
    for (const option of options) {
      const name = option.slice(2);
      // An option of parseArgs: `since: {` or `'dry-run': {`.
      expect(cli.includes(`  ${name}: {`) || cli.includes(`  '${name}': {`), option).toBe(true);
    }
    expect(cli).toContain(
      'exit codes: 0 done (or paused by Ctrl-C), 1 failed (resumable), 2 usage or missing setting,\n3 the vendor refused the credentials.',
    );
    expect(flat).toContain(
      '`0` done (or stopped by Ctrl-C), `1` failed (the next run resumes), `2` a usage error or a missing setting, `3` the vendor refused the credentials',
    );
  });

  it('the summary line it shows is the one the code prints', () => {
    const shown = /`(sync sendgrid: completed[^`]*)`/.exec(flat)?.[1];
    const printed = summaryLine({
      vendor: 'sendgrid',
      status: 'completed',
      dryRun: false,
      resumed: false,
      since: '…',
      until: '',
      counts: {
        ...zeroCounts(),
        pulled: 1500,
        created: 1200,
        known: 290,
        skipped: 10,
        lifted: 2,
        liftAbsent: 1,
      },
      ms: 2100,
    });
    expect(shown).toBe(printed);
  });
});

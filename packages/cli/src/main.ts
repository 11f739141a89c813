/**
 * `rebound`: the operator's command. Argument dispatch only; each subcommand lives in
 * `commands/<name>.ts` and exports `run(argv): Promise<number>` (the exit code).
 */

const COMMANDS: Record<
  string,
  { summary: string; load: () => Promise<{ run: (argv: string[]) => Promise<number> }> }
> = {
  classify: {
    summary: 'explain SMTP replies: action, reason, rule, retry plan',
    load: () => import('./commands/classify.ts'),
  },
  normalize: {
    summary: 'print the normalized events of a vendor payload file',
    load: () => import('./commands/normalize.ts'),
  },
  'parse-mail': {
    summary: 'read raw bounce mails (DSN, ARF, plain text) and print their events',
    load: () => import('./commands/parse-mail.ts'),
  },
  check: {
    summary: 'show the suppression status of addresses',
    load: () => import('./commands/check.ts'),
  },
  connect: {
    summary: 'point SendGrid or Postmark at the deployed webhook (signing, credentials)',
    load: () => import('./commands/connect.ts'),
  },
  doctor: {
    summary: 'check a deployment from outside: verification, API key, SES wiring',
    load: () => import('./commands/doctor.ts'),
  },
  lift: {
    summary: 'lift a suppression (kept in the history; complaints need --force)',
    load: () => import('./commands/lift.ts'),
  },
  export: {
    summary: 'write the suppression list as CSV or JSON Lines',
    load: () => import('./commands/export.ts'),
  },
  import: {
    summary: "load a suppression list (Rebound's, SendGrid's or Postmark's export)",
    load: () => import('./commands/import.ts'),
  },
  forget: {
    summary: 'erase an address, keeping a keyed hash so it stays suppressed',
    load: () => import('./commands/forget.ts'),
  },
  reclassify: {
    summary: "run today's rules over stored verdicts (dry run, or --apply)",
    load: () => import('./commands/reclassify.ts'),
  },
  rates: {
    summary: 'bounce and complaint rates per day, stream and domain, against the thresholds',
    load: () => import('./commands/rates.ts'),
  },
  replay: {
    summary: 'sign a payload with local credentials and post it to a running Rebound',
    load: () => import('./commands/replay.ts'),
  },
  sync: {
    summary: "sync with an ESP's own suppression list",
    load: () => import('./commands/sync.ts'),
  },
};

function usage(): string {
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`);
  return `usage: rebound <command> [options]\n\ncommands:\n${lines.join('\n')}\n\nrun "rebound <command> --help" for a command's options.`;
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(`${usage()}\n`);
    return name ? 0 : 2;
  }
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!command) {
    process.stderr.write(`rebound: unknown command "${name}"\n\n${usage()}\n`);
    return 2;
  }
  const mod = await command.load();
  return mod.run(rest);
}

process.exitCode = await main(process.argv.slice(2));

import { forTerminal } from '../util/terminal.ts';
import { loadConfig, type AppConfig, type ConfigNeeds } from '../config/env.ts';
import { IntakeError, errorMessage } from '../util/errors.ts';
import type { Io } from './io.ts';
import { applyServiceHeapFlags } from '../util/heap-flags.ts';

const defaultIo: Io = {
  stdout: (s) => process.stdout.write(forTerminal(s.endsWith('\n') ? s : s + '\n')),
  stderr: (s) => process.stderr.write(forTerminal(s.endsWith('\n') ? s : s + '\n')),
};

interface Command {
  summary: string;
  usage: string;
  needs: ConfigNeeds | null;
  /** A long-running service process: gets the service's heap settings (src/util/heap-flags.ts). */
  service?: boolean;
  run(args: string[], config: AppConfig | null, io: Io): Promise<number>;
}

const COMMANDS: Record<string, Command> = {
  run: {
    summary: 'run the poller and the workers in one process',
    usage: 'intake run',
    service: true,
    needs: { imap: true, smtp: true },
    run: async (_a, c) => (await import('./serve.ts')).serve(c!, { poller: true, workers: true }),
  },
  poller: {
    summary: 'run only the IMAP poller (one per mailbox)',
    usage: 'intake poller',
    service: true,
    needs: { imap: true },
    run: async (_a, c) => (await import('./serve.ts')).serve(c!, { poller: true, workers: false }),
  },
  worker: {
    summary: 'run only the workers (scale out on any number of hosts)',
    usage: 'intake worker',
    service: true,
    needs: { smtp: true },
    run: async (_a, c) => (await import('./serve.ts')).serve(c!, { poller: false, workers: true }),
  },
  check: {
    summary: 'analyse .eml files offline (no Redis, no network)',
    usage: 'intake check [--json] FILE.eml...',
    needs: null,
    run: async (a, _c, io) => {
      const { runCheck } = await import('./check.ts');
      const env = loadConfig(process.env, {});
      return runCheck(a, io, { rulesDir: env.rulesDir, templatesDir: env.templatesDir, analysis: env.analysis });
    },
  },
  replay: {
    summary: 'enqueue .eml files (or a directory of them) as if they had arrived',
    usage: 'intake replay FILE.eml|DIR...',
    needs: {},
    run: async (a, c, io) => (await import('./replay.ts')).runReplay(a, c!, io),
  },
  rules: {
    summary: 'check the rules and templates (file and line of each problem)',
    usage: 'intake rules check',
    needs: null,
    run: async (a, _c, io) => {
      const { runRulesCheck } = await import('./rules.ts');
      const env = loadConfig(process.env, {});
      return runRulesCheck(a, io, { rulesDir: env.rulesDir, templatesDir: env.templatesDir });
    },
  },
  doctor: {
    summary: 'check configuration, rules and templates, Redis, IMAP login and SMTP greeting',
    usage: 'intake doctor',
    needs: null,
    run: async (_a, _c, io) => (await import('./doctor.ts')).runDoctor(io),
  },
  tickets: {
    summary: 'inspect tickets: list [--account ID] [--status S] [--json] | show N [--json]',
    usage: 'intake tickets list [--account ID] [--status awaiting_info|complete|linked] [--json]\n       intake tickets show N [--json]',
    needs: {},
    run: async (a, c, io) => (await import('../cli/tickets.ts')).runTickets(a, c!, io),
  },
  reindex: {
    summary: 'rebuild the ticket store from the mailboxes (the source of truth)',
    usage: 'intake reindex',
    needs: { imap: true },
    run: async (_a, c) => (await import('../cli/reindex.ts')).runReindex(c!),
  },
  failed: {
    summary: 'mail in FAILED_MAILBOX: list | retry [MESSAGE-ID...|--all]',
    usage: 'intake failed list [--json]\n       intake failed retry (--all | MESSAGE-ID...)',
    needs: { imap: true },
    run: async (a, c, io) => (await import('./failed.ts')).runFailed(a, c!, io),
  },
};

function helpText(): string {
  const lines = [
    'intake: email intake processor for the partner support desk',
    '',
    'Usage: intake <command> [options]',
    '',
    'Commands:',
    ...Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(9)} ${c.summary}`),
    '',
    'Configuration comes from environment variables and an optional .env file',
    '(see .env.example). Run "intake <command> --help" for a command\'s usage.',
  ];
  return lines.join('\n');
}

export async function main(argv: string[], io: Io = defaultIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(helpText());
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.stderr(`intake: unknown command "${name}"\n\n${helpText()}`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(`Usage: ${command.usage}\n\n${command.summary}`);
    return 0;
  }
  if (command.service) applyServiceHeapFlags();
  try {
    const config = command.needs ? loadConfig(process.env, command.needs) : null;
    return await command.run(rest, config, io);
  } catch (err) {
    if (err instanceof IntakeError) {
      io.stderr(`intake ${name}: ${err.message}${err.code === 'EBADCONFIG' ? '' : ` [${err.code}]`}`);
      return err.code === 'EBADCONFIG' || err.code === 'EUSAGE' ? 2 : 1;
    }
    io.stderr(`intake ${name}: ${errorMessage(err)}`);
    return 1;
  }
}

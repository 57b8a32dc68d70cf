import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { IntakeError } from '../../src/util/errors.ts';
import { watchdog } from './guarded-process.ts';
import { onProcessExit } from './process-exit.ts';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The real service (`node bin/intake.js ...`) as a child process. */
export interface ServiceProcess {
  proc: ChildProcess;
  /** Lines the service wrote to stdout, in order. */
  stdout: string[];
  /** Lines the service wrote to stderr, in order. */
  stderr: string[];
  /**
   * Resolves with the first line (stdout or stderr, earlier lines included) matching `re`;
   * rejects after `ms` or when the process exits first, quoting the last lines.
   */
  waitForLine(re: RegExp, ms?: number): Promise<string>;
  /** Sends `signal` (default SIGTERM) and resolves with the exit code once the process is gone. */
  stop(signal?: NodeJS.Signals, timeoutMs?: number): Promise<number | null>;
  /** SIGKILL, like a crash or an OOM kill; resolves once the process is gone. */
  kill(): Promise<number | null>;
  /** Exit code; null when a signal ended it. */
  exited: Promise<number | null>;
}

export interface StartServiceOptions {
  /** Mirror the service's output on this process's stderr (e.g. for `npm run demo` with --verbose). */
  echo?: boolean;
  cwd?: string;
  /** Options for node itself, before the script (e.g. --cpu-prof, which NODE_OPTIONS refuses). */
  nodeArgs?: string[];
}

export function startService(
  env: Record<string, string>,
  args: string[] = ['run'],
  options: StartServiceOptions = {},
): ServiceProcess {
  const proc = spawn(process.execPath, [...(options.nodeArgs ?? []), path.join(REPO_ROOT, 'bin', 'intake.js'), ...args], {
    cwd: options.cwd ?? REPO_ROOT,
    env: childEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stdout: string[] = [];
  const stderr: string[] = [];
  const listeners = new Set<(line: string) => void>();
  const removeExitHook = onProcessExit(() => proc.kill('SIGKILL'));
  // Exit hooks do not run when the test process is SIGKILLed; the watchdog covers that.
  const guard = proc.pid !== undefined ? watchdog(proc.pid) : null;

  const exited = new Promise<number | null>((resolve) => {
    proc.once('exit', (code) => {
      removeExitHook();
      guard?.release();
      resolve(code);
    });
    proc.once('error', () => resolve(null));
  });

  const collect = (stream: NodeJS.ReadableStream | null, into: string[]): void => {
    if (stream === null) return;
    const rl = readline.createInterface({ input: stream, crlfDelay: Infinity });
    rl.on('line', (line) => {
      into.push(line);
      if (options.echo) process.stderr.write(`[intake] ${line}\n`);
      for (const l of listeners) l(line);
    });
  };
  collect(proc.stdout, stdout);
  collect(proc.stderr, stderr);

  const tail = (): string => [...stdout.slice(-15), ...stderr.slice(-15)].join('\n');

  const waitForLine = (re: RegExp, ms = 15_000): Promise<string> =>
    new Promise((resolve, reject) => {
      const earlier = [...stdout, ...stderr].find((l) => re.test(l));
      if (earlier !== undefined) {
        resolve(earlier);
        return;
      }
      const finish = (fn: () => void): void => {
        listeners.delete(onLine);
        clearTimeout(timer);
        fn();
      };
      const onLine = (line: string): void => {
        if (re.test(line)) finish(() => resolve(line));
      };
      const timer = setTimeout(
        () =>
          finish(() =>
            reject(new IntakeError('ETIMEOUT', `service printed no line matching ${re} within ${ms} ms; last output:\n${tail()}`, { re: String(re) })),
          ),
        ms,
      );
      listeners.add(onLine);
      void exited.then((code) =>
        // Let readline deliver the last lines before giving up.
        setTimeout(
          () =>
            finish(() =>
              reject(new IntakeError('EEXITED', `service exited (code ${code}) before printing ${re}; last output:\n${tail()}`, { code })),
            ),
          50,
        ),
      );
    });

  const signalAndWait = async (signal: NodeJS.Signals, timeoutMs: number): Promise<number | null> => {
    if (proc.exitCode === null && proc.signalCode === null) {
      proc.kill(signal);
      const timer = setTimeout(() => proc.kill('SIGKILL'), timeoutMs);
      const code = await exited;
      clearTimeout(timer);
      return code;
    }
    return exited;
  };

  return {
    proc,
    stdout,
    stderr,
    waitForLine,
    stop: (signal = 'SIGTERM', timeoutMs = 30_000) => signalAndWait(signal, timeoutMs),
    kill: () => signalAndWait('SIGKILL', 5_000),
    exited,
  };
}

/** Variables the service reads (src/config/env.ts); a developer's shell must not leak them in. */
const SERVICE_VARIABLE =
  /^(REDIS_URL|QUEUE_PREFIX|IMAP_\w+|SMTP_\w+|SUPPORT_\w+|\w+_MAILBOX|FOLLOW_UP_\w+|AUTOREPLY_\w+|MAX_MAIL_MB|DMARC_\w+|SENDER_AUTH_DNS|\w+_RETENTION_DAYS|REPLY_SIGNING_KEY|WORKER_CONCURRENCY|JOB_ATTEMPTS|SHUTDOWN_TIMEOUT_SECONDS|LOG_LEVEL|RULES_DIR|TEMPLATES_DIR)$/;

/**
 * The child gets PATH and friends but nothing of the test runner's own
 * settings, so a developer's shell or vitest cannot change what the service sees.
 */
function childEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const base: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v === undefined) continue;
    if (k.startsWith('VITEST') || k === 'NODE_OPTIONS' || k === 'NODE_ENV') continue;
    if (SERVICE_VARIABLE.test(k)) continue;
    base[k] = v;
  }
  return { ...base, ...env };
}

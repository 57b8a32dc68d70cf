import { spawn, type ChildProcess } from 'node:child_process';

/**
 * A server process that cannot outlive the test process. Node has no
 * "kill my child when I die", and a test worker killed on a timeout runs no
 * exit hooks, so each server runs under a tiny shell guard: the guard holds
 * the read end of a pipe from us and sends the server SIGTERM when that pipe
 * closes, which the kernel does however we die.
 */
export interface GuardedProcess {
  /** Resolves once the guard reported the server's pid. */
  pid: Promise<number>;
  /** Resolves when the server has exited (the guard exits with it). */
  exited: Promise<void>;
  running(): boolean;
  /** Sends a signal to the server itself (not the guard). */
  signal(sig: NodeJS.Signals): void;
  /** Everything the server wrote to stdout and stderr so far. */
  output(): string;
}

// fd 3 keeps our pipe open for the watcher only; the server gets /dev/null as stdin.
const GUARD = `
exec 3<&0
"$@" 3<&- </dev/null &
pid=$!
echo "guard-pid $pid"
( read -r _ <&3; [ -n "$GUARD_RMDIR" ] && : > "$GUARD_RMDIR/.orphaned"; kill -TERM "$pid" 2>/dev/null ) &
watcher=$!
exec 3<&-
wait "$pid"
code=$?
kill "$watcher" 2>/dev/null
if [ -n "$GUARD_RMDIR" ] && [ -e "$GUARD_RMDIR/.orphaned" ]; then rm -rf "$GUARD_RMDIR"; fi
exit $code
`;

export interface GuardOptions {
  /** Deleted by the guard once the server is down, but only when our process died. */
  removeWhenOrphaned?: string;
}

export function spawnGuarded(bin: string, args: string[], options: GuardOptions = {}): GuardedProcess {
  const guard: ChildProcess = spawn('/bin/sh', ['-c', GUARD, 'guard', bin, ...args], {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, GUARD_RMDIR: options.removeWhenOrphaned ?? '' },
  });
  let out = '';
  let serverPid: number | null = null;
  let resolvePid: (pid: number) => void = () => {};
  let rejectPid: (err: Error) => void = () => {};
  const pid = new Promise<number>((resolve, reject) => {
    resolvePid = resolve;
    rejectPid = reject;
  });
  pid.catch(() => {});
  let stdoutBuf = '';
  guard.stdout?.on('data', (d: Buffer) => {
    if (serverPid === null) {
      stdoutBuf += d.toString();
      const m = /^guard-pid (\d+)\n/.exec(stdoutBuf);
      if (m) {
        serverPid = Number(m[1]);
        resolvePid(serverPid);
        out += stdoutBuf.slice(m[0].length);
      }
      return;
    }
    out += d.toString();
  });
  guard.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  // Our end of the guard's stdin stays open (and unwritten) for the guard's lifetime.
  guard.stdin?.on('error', () => {});
  const exited = new Promise<void>((resolve) => {
    guard.once('exit', () => {
      rejectPid(new Error(`guard for ${bin} exited before reporting a pid`));
      guard.stdin?.destroy();
      resolve();
    });
  });

  return {
    pid,
    exited,
    running: () => guard.exitCode === null && guard.signalCode === null,
    signal(sig) {
      if (guard.exitCode !== null || guard.signalCode !== null) return;
      if (serverPid === null) {
        guard.kill(sig);
        return;
      }
      try {
        process.kill(serverPid, sig);
      } catch {
        // Already gone: the guard's exit follows.
      }
    },
    output: () => out,
  };
}

/** Signals the server and waits for it to exit; SIGKILL after timeoutMs. */
export async function stopGuarded(proc: GuardedProcess, sig: NodeJS.Signals, timeoutMs: number): Promise<void> {
  if (!proc.running()) return;
  await proc.pid.catch(() => undefined);
  proc.signal(sig);
  const timer = setTimeout(() => proc.signal('SIGKILL'), timeoutMs);
  await proc.exited;
  clearTimeout(timer);
}

/**
 * The same protection for a child whose ChildProcess the caller keeps (the
 * service under test): a watcher shell sends `pid` SIGTERM, then SIGKILL, if our
 * process dies first. `release()` ends the watcher without touching `pid`.
 */
export function watchdog(pid: number): { release(): void } {
  const watcher = spawn(
    '/bin/sh',
    ['-c', 'read -r _; kill -TERM "$1" 2>/dev/null; sleep 5; kill -KILL "$1" 2>/dev/null', 'watchdog', String(pid)],
    { stdio: ['pipe', 'ignore', 'ignore'] },
  );
  watcher.stdin?.on('error', () => {});
  // The watcher must not keep our event loop alive.
  watcher.unref();
  return {
    release() {
      if (watcher.exitCode === null && watcher.signalCode === null) watcher.kill('SIGKILL');
    },
  };
}

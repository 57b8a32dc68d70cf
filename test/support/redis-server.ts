import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { IntakeError } from '../../src/util/errors.ts';
import { spawnGuarded, stopGuarded, type GuardedProcess } from './guarded-process.ts';
import { freePort, waitUntilClosed } from './ports.ts';
import { onProcessExit } from './process-exit.ts';

export interface RedisOptions {
  /**
   * `always` makes every write survive even `kill()` (SIGKILL), for crash tests;
   * `everysec` (default) is what a production Redis with AOF usually runs and
   * survives a graceful `stop()`/`restart()`.
   */
  appendfsync?: 'always' | 'everysec';
}

/** A private redis-server on a loopback port; the shared one on 6379 is never touched. */
export interface RedisInstance {
  url: string;
  host: '127.0.0.1';
  port: number;
  dir: string;
  /** Graceful shutdown (SIGTERM: Redis flushes its AOF); files stay for `restart()`. */
  stop(): Promise<void>;
  /** SIGKILL, like a crash or an OOM kill; what survives depends on `appendfsync`. */
  kill(): Promise<void>;
  /** Stops (if running) and starts again on the same port; the AOF brings the data back. */
  restart(): Promise<void>;
  /** Stops and deletes the data folder. Also done at process exit. */
  destroy(): Promise<void>;
}

const REDIS_BIN = process.env.REDIS_SERVER_BIN ?? '/usr/bin/redis-server';
const START_TIMEOUT_MS = 10_000;

export async function startRedis(opts: RedisOptions = {}): Promise<RedisInstance> {
  if (!existsSync(REDIS_BIN)) {
    throw new IntakeError('ESANDBOX', `redis-server not found at ${REDIS_BIN}; install the Debian package redis-server`, {
      bin: REDIS_BIN,
    });
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'redis-'));
  const appendfsync = opts.appendfsync ?? 'everysec';
  let child: GuardedProcess | null = null;
  let port = 0;
  let destroyed = false;

  const launch = async (): Promise<void> => {
    child = await spawnRedis(dir, port, appendfsync);
  };
  const halt = async (signal: NodeJS.Signals): Promise<void> => {
    const running = child;
    child = null;
    if (running === null) return;
    await stopGuarded(running, signal, 10_000);
    await waitUntilClosed(port);
  };

  for (let attempt = 1; ; attempt++) {
    port = await freePort();
    try {
      await launch();
      break;
    } catch (err) {
      if (attempt >= 3 || !/Address already in use/i.test(String(err))) {
        rmSync(dir, { recursive: true, force: true });
        throw err;
      }
    }
  }

  const removeExitHook = onProcessExit(() => {
    child?.signal('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  return {
    get url() {
      return `redis://127.0.0.1:${port}`;
    },
    host: '127.0.0.1',
    get port() {
      return port;
    },
    dir,
    stop: () => halt('SIGTERM'),
    kill: () => halt('SIGKILL'),
    async restart() {
      if (destroyed) throw new IntakeError('ESANDBOX', 'Redis instance was destroyed', { dir });
      await halt('SIGTERM');
      await launch();
    },
    async destroy() {
      if (destroyed) return;
      destroyed = true;
      await halt('SIGTERM');
      removeExitHook();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function spawnRedis(dir: string, port: number, appendfsync: string): Promise<GuardedProcess> {
  const args = [
    '--port', String(port),
    '--bind', '127.0.0.1',
    '--dir', dir,
    '--save', '',
    '--appendonly', 'yes',
    '--appendfsync', appendfsync,
    '--daemonize', 'no',
    '--loglevel', 'warning',
    '--logfile', '',
    // BullMQ needs keys kept under memory pressure, as a production Redis for queues would be set up.
    '--maxmemory-policy', 'noeviction',
  ];
  const proc = spawnGuarded(REDIS_BIN, args, { removeWhenOrphaned: dir });
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    const state = await Promise.race([
      proc.exited.then(() => 'exited' as const),
      ping(port).then((ok) => (ok ? ('ready' as const) : ('waiting' as const))),
    ]);
    if (state === 'ready') return proc;
    if (state === 'exited') break;
    await new Promise((r) => setTimeout(r, 30));
  }
  await stopGuarded(proc, 'SIGKILL', 1000);
  throw new IntakeError('ESANDBOX', `redis-server did not start on 127.0.0.1:${port}: ${proc.output().trim()}`, { dir, port });
}

/**
 * PONG only once the AOF is loaded: while loading, Redis answers `-LOADING`,
 * and a restarted instance is not ready for the test until its data is back.
 */
function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (d: Buffer) => done(d.toString().startsWith('+PONG')));
    socket.once('error', () => done(false));
  });
}

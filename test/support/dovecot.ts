import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { IntakeError } from '../../src/util/errors.ts';
import { spawnGuarded, stopGuarded, type GuardedProcess } from './guarded-process.ts';
import { freePort, waitUntilClosed } from './ports.ts';
import { onProcessExit } from './process-exit.ts';

export interface DovecotOptions {
  user?: string;
  pass?: string;
}

/** A private Dovecot IMAP server on a loopback port, run from a generated config under /tmp. */
export interface DovecotInstance {
  host: '127.0.0.1';
  port: number;
  user: string;
  pass: string;
  /** Everything of this instance: config, sockets, logs and the Maildir. */
  dir: string;
  /** Stops the server and waits for the port to close; files stay so `restart()` can bring the same mail back. */
  stop(): Promise<void>;
  /** Stops (if running) and starts again on the same port with the same mail. */
  restart(): Promise<void>;
  /** Stops the server and deletes its folder. Also done at process exit. */
  destroy(): Promise<void>;
  /** Dovecot's own log, for a failing test's message. */
  log(): string;
}

const DOVECOT_BIN = process.env.DOVECOT_BIN ?? '/usr/sbin/dovecot';
const START_TIMEOUT_MS = 15_000;
const STOP_TIMEOUT_MS = 10_000;

export async function startDovecot(opts: DovecotOptions = {}): Promise<DovecotInstance> {
  if (!existsSync(DOVECOT_BIN)) {
    throw new IntakeError('ESANDBOX', `Dovecot not found at ${DOVECOT_BIN}; install the Debian package dovecot-imapd`, {
      bin: DOVECOT_BIN,
    });
  }
  const user = opts.user ?? 'support';
  const pass = opts.pass ?? 'secret';
  // Unix socket paths must stay under 107 bytes, so the folder lives directly under /tmp.
  const dir = mkdtempSync('/tmp/dc-');
  const identity = runIdentity();
  prepareDir(dir, user, pass, identity);

  let child: GuardedProcess | null = null;
  let port = 0;
  let destroyed = false;

  const launch = async (): Promise<void> => {
    writeFileSync(path.join(dir, 'dovecot.conf'), dovecotConf(dir, port, identity));
    child = await spawnDovecot(dir, port);
  };

  const stop = async (): Promise<void> => {
    const running = child;
    child = null;
    if (running === null) return;
    await stopGuarded(running, 'SIGTERM', STOP_TIMEOUT_MS);
    await waitUntilClosed(port);
  };

  // A port found free may be taken by someone else before Dovecot binds it: retry a few times.
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
    child?.signal('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  });

  return {
    host: '127.0.0.1',
    get port() {
      return port;
    },
    user,
    pass,
    dir,
    stop,
    async restart() {
      if (destroyed) throw new IntakeError('ESANDBOX', 'Dovecot instance was destroyed', { dir });
      await stop();
      await launch();
    },
    async destroy() {
      if (destroyed) return;
      destroyed = true;
      await stop();
      removeExitHook();
      rmSync(dir, { recursive: true, force: true });
    },
    log: () => readLog(dir),
  };
}

interface RunIdentity {
  /** Dovecot refuses to touch mail as root, so as root mail and internal processes run as nobody. */
  user: string;
  group: string;
  uid: number;
  gid: number;
}

function runIdentity(): RunIdentity {
  if (process.getuid?.() === 0) return { user: 'nobody', group: 'nogroup', uid: 65534, gid: 65534 };
  const info = os.userInfo();
  // As an ordinary user Dovecot can only run everything as that user and group.
  return { user: info.username, group: groupName(info.gid), uid: info.uid, gid: info.gid };
}

function groupName(gid: number): string {
  const line = readFileSync('/etc/group', 'utf8')
    .split('\n')
    .find((l) => l.split(':')[2] === String(gid));
  return line?.split(':')[0] ?? String(gid);
}

function prepareDir(dir: string, user: string, pass: string, id: RunIdentity): void {
  // mkdtemp makes the folder 0700; the unprivileged mail processes must be able to enter it.
  chmodSync(dir, 0o755);
  for (const sub of ['run', 'state', 'mail']) mkdirSync(path.join(dir, sub), { recursive: true });
  mkdirSync(path.join(dir, 'mail', user, 'Maildir'), { recursive: true });
  writeFileSync(path.join(dir, 'passwd'), `${user}:{PLAIN}${pass}\n`, { mode: 0o644 });
  if (process.getuid?.() === 0) {
    chownSync(path.join(dir, 'mail'), id.uid, id.gid);
    chownSync(path.join(dir, 'mail', user), id.uid, id.gid);
    chownSync(path.join(dir, 'mail', user, 'Maildir'), id.uid, id.gid);
  }
}

function dovecotConf(dir: string, port: number, id: RunIdentity): string {
  // chroot needs root: as an ordinary user, anvil and the login process run unchrooted.
  const asRoot = process.getuid?.() === 0;
  const chroots = asRoot ? '' : 'service anvil {\n  chroot =\n}\n';
  const loginChroot = asRoot ? '' : '  chroot =\n';
  return `# Generated by test/support/dovecot.ts; the system /etc/dovecot is never read.
base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${dir}/dovecot.log
instance_name = ${path.basename(dir)}
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
default_internal_user = ${id.user}
default_internal_group = ${id.group}
default_login_user = ${id.user}
mail_uid = ${id.uid}
mail_gid = ${id.gid}
first_valid_uid = 1
first_valid_gid = 0
mail_location = maildir:${dir}/mail/%u/Maildir
# Speed over durability: test mail lives for seconds.
mail_fsync = never
namespace inbox {
  inbox = yes
  separator = /
}
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${dir}/passwd
}
userdb {
  driver = static
  args = uid=${id.uid} gid=${id.gid} home=${dir}/mail/%u
}
${chroots}service imap-login {
${loginChroot}  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}
protocol imap {
  # Load tests open many connections from one user and address; the default is 10.
  mail_max_userip_connections = 500
}
`;
}

function readLog(dir: string): string {
  const file = path.join(dir, 'dovecot.log');
  return existsSync(file) ? readFileSync(file, 'utf8') : '';
}

async function spawnDovecot(dir: string, port: number): Promise<GuardedProcess> {
  const proc = spawnGuarded(DOVECOT_BIN, ['-F', '-c', path.join(dir, 'dovecot.conf')], { removeWhenOrphaned: dir });
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    const state = await Promise.race([
      proc.exited.then(() => 'exited' as const),
      imapGreeting(port).then((ok) => (ok ? ('ready' as const) : ('waiting' as const))),
    ]);
    if (state === 'ready') return proc;
    if (state === 'exited') break;
    await new Promise((r) => setTimeout(r, 50));
  }
  await stopGuarded(proc, 'SIGKILL', 1000);
  throw new IntakeError('ESANDBOX', `Dovecot did not start on 127.0.0.1:${port}:\n${proc.output()}\n${readLog(dir)}`, {
    dir,
    port,
  });
}

/** True once the server sends an IMAP `* OK` greeting, which means the login process is up. */
function imapGreeting(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(2000, () => done(false));
    socket.once('data', (d: Buffer) => done(d.toString().startsWith('* OK')));
    socket.once('error', () => done(false));
  });
}

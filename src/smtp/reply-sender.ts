import { Worker as ThreadWorker } from 'node:worker_threads';
import type { Redis } from 'ioredis';
import type { SmtpConfig } from '../config/env.ts';
import { commitSend } from '../pipeline/send-claim.ts';
import { IntakeError, errorFromPlain, type PlainError } from '../util/errors.ts';
import type { Logger } from '../util/logger.ts';
import { startThread, threadScript } from '../util/thread-script.ts';
import type { Mailer } from './mailer.ts';

/** The "sent" record a reply's send writes right before the final "." (src/pipeline/send-claim.ts), as data. */
export interface SendCommit {
  key: string;
  owner: string;
  record: Record<string, unknown>;
  keepMs: number;
}

export type Envelope = { from: string; to: string; cc?: string[] };

/**
 * Sends one reply and turns its send claim into the "sent" record between the body and the
 * final "." (ECLAIMLOST, and nothing committed, when the claim is no longer ours). The record is
 * described as data, not as a callback, so that the sender can be a thread of its own.
 */
export interface ReplySender {
  send(envelope: Envelope, raw: Buffer, commit: SendCommit): Promise<{ response: string }>;
  /** Whether the SMTP server accepts us now (the send gate's check before it resumes). */
  verify(): Promise<void>;
  close(): Promise<void>;
}

/** The sender on this thread's event loop: its mailer, and `redis` for the record. */
export function directSender(mailer: Mailer, redis: Redis): ReplySender {
  return {
    send: (envelope, raw, c) =>
      mailer.send(envelope, raw, async () => {
        // Kept as long as the ticket: a mail retried within that time is never answered twice.
        if (!(await commitSend(redis, c.key, c.owner, c.record, c.keepMs))) {
          throw new IntakeError('ECLAIMLOST', 'the send claim expired before the reply was committed; not sending', { key: c.key });
        }
      }),
    verify: () => mailer.verify(),
    async close() {
      mailer.close();
    },
  };
}

/** Requests to the sender thread (workers/outbound-thread.ts) and its answers. */
export type SenderRequest =
  | { id: number; op: 'send'; envelope: Envelope; raw: Uint8Array; commit: SendCommit }
  | { id: number; op: 'verify' }
  | { id: number; op: 'stop' };
export type SenderAnswer = { id: number; ok: true; value?: unknown } | { id: number; ok: false; error: PlainError };

export interface SenderThread extends ReplySender {
  /** Set once the thread has exited: nothing can be sent. */
  exitReason(): string | null;
  /** Ends the thread at once, whatever it is doing (a shutdown past its drain deadline). */
  terminate(): Promise<void>;
}

/**
 * The sender in a thread of its own: the SMTP connections and the Redis connection that writes
 * the "sent" record live there, and nothing else runs on its event loop, so the record is
 * written within a Redis round trip of the body and the "." follows at once, whatever the main
 * thread is busy with; this keeps the one window for a lost reply (a crash between the record
 * and the ".") as narrow as the protocols allow. Only that step is in the thread: the outbound
 * queue, the claim and the ticket are handled on the main thread, so the thread loads no more
 * than ioredis and nodemailer's SMTP client (about 20 MB of heap, where a thread running the
 * whole outbound worker held 55 MB).
 */
export async function startSenderThread(smtp: SmtpConfig, redisUrl: string, logger: Logger): Promise<SenderThread> {
  const { file, options } = threadScript(new URL('../../workers/outbound-thread.ts', import.meta.url), { smtp, redisUrl });
  // Its garbage is a few replies' worth: V8's default young generation would only hold it longer.
  const thread = startThread(file, { ...options, resourceLimits: { maxYoungGenerationSizeMb: SENDER_YOUNG_GENERATION_MB } });
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: unknown) => void }>();
  let nextId = 1;
  let exited: string | null = null;
  const exit = new Promise<void>((resolve) =>
    thread.once('exit', (code) => {
      exited = `the sender thread has exited (${code})`;
      for (const p of pending.values()) p.reject(new IntakeError('ESENDERGONE', exited));
      pending.clear();
      resolve();
    }),
  );
  thread.on('error', (err) => logger.error('sender thread failed', { err }));
  await new Promise<void>((resolve, reject) => {
    thread.once('message', (m) => (m === 'ready' ? resolve() : reject(new Error(`sender thread said ${String(m)}`))));
    thread.once('error', reject);
  });
  thread.on('message', (m: SenderAnswer) => {
    const p = pending.get(m.id);
    if (!p) return;
    pending.delete(m.id);
    if (m.ok) p.resolve(m.value);
    else p.reject(errorFromPlain(m.error));
  });
  const call = <T>(req: SenderRequest extends infer R ? (R extends unknown ? Omit<R, 'id'> : never) : never): Promise<T> => {
    if (exited) return Promise.reject(new IntakeError('ESENDERGONE', exited));
    const id = nextId++;
    return new Promise<T>((resolve, reject) => {
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      thread.postMessage({ ...req, id });
    });
  };
  return {
    send: (envelope, raw, commit) => call({ op: 'send', envelope, raw, commit }),
    verify: () => call({ op: 'verify' }),
    exitReason: () => exited,
    async close() {
      if (exited) return;
      await Promise.race([call({ op: 'stop' }).catch(() => undefined), exit]);
      await thread.terminate();
    },
    async terminate() {
      await thread.terminate();
    },
  };
}

/** Young generation of the sender thread (V8's default lets it grow to 32 MB). */
const SENDER_YOUNG_GENERATION_MB = 8;

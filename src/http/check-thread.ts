import { Worker } from 'node:worker_threads';
import type { RequiredItemKey } from '../analysis/types.ts';
import type { ItemKind } from '../reply/reply-rules.ts';
import { IntakeError } from '../util/errors.ts';
import type { Logger } from '../util/logger.ts';
import type { CheckJson } from './draft-check.ts';

/** How the check page has a mail checked; in-process by default, bounded in a thread in the service. */
export interface DraftChecker {
  check(raw: Buffer): Promise<CheckJson>;
  /** Starts whatever the first check needs, so it does not wait for it. */
  warm?(): void;
  close?(): Promise<void>;
}

const STARTUP_TIMEOUT_MS = 60_000;

interface Reply {
  id: number;
  json?: CheckJson;
  error?: { code: string; message: string };
}

/**
 * Checks drafts in a thread of their own, one at a time, each stopped after `timeoutMs`:
 * a partner's paste must never stall the pipeline sharing this process's event loop (some
 * texts, e.g. thousands of identical lines, take the analyser far longer than their size
 * suggests). A stopped thread is replaced on the next check.
 */
export class ThreadDraftChecker implements DraftChecker {
  private thread: Worker | null = null;
  private ready: Promise<void> = Promise.resolve();
  private nextId = 1;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly pending = new Map<number, { resolve(r: Reply): void; reject(e: Error): void }>();

  constructor(
    private readonly options: {
      rulesDir: string;
      /** Which items are required (config/items.yaml), as `intake check` reads them. */
      itemKinds: Record<RequiredItemKey, ItemKind>;
      timeoutMs: number;
      logger: Logger;
    },
  ) {}

  check(raw: Buffer): Promise<CheckJson> {
    const run = this.queue.then(() => this.runOne(raw));
    this.queue = run.catch(() => undefined);
    return run;
  }

  async close(): Promise<void> {
    const t = this.thread;
    this.thread = null;
    await t?.terminate();
  }

  private ensureThread(): Worker {
    if (this.thread) return this.thread;
    const thread = new Worker(new URL('../../workers/thread-boot.js', import.meta.url), {
      workerData: {
        entry: new URL('./check-thread-entry.ts', import.meta.url).href,
        rulesDir: this.options.rulesDir,
        itemKinds: this.options.itemKinds,
      },
      resourceLimits: { maxOldGenerationSizeMb: 256 },
    });
    thread.unref();
    // Loading the analyser and the rules is not the draft's time: the limit starts once the thread is ready.
    this.ready = new Promise<void>((resolve, reject) => {
      const startup = setTimeout(() => reject(new IntakeError('ECHECKFAILED', 'the check thread did not start')), STARTUP_TIMEOUT_MS);
      thread.once('message', () => (clearTimeout(startup), resolve()));
      thread.once('exit', () => (clearTimeout(startup), reject(new IntakeError('ECHECKFAILED', 'the check thread stopped'))));
    });
    this.ready.catch(() => undefined);
    thread.on('message', (r: Reply | 'ready') => {
      if (r === 'ready') return;
      const p = this.pending.get(r.id);
      this.pending.delete(r.id);
      p?.resolve(r);
    });
    const fail = (err: Error) => {
      if (this.thread === thread) this.thread = null;
      for (const p of this.pending.values()) p.reject(err);
      this.pending.clear();
    };
    thread.on('error', (err) => {
      this.options.logger.warn('draft check thread failed', { err });
      fail(err);
    });
    thread.on('exit', () => fail(new IntakeError('ECHECKFAILED', 'the check thread stopped')));
    this.thread = thread;
    return thread;
  }

  /** Starts the thread ahead of the first check. */
  warm(): void {
    this.ensureThread();
  }

  private async runOne(raw: Buffer): Promise<CheckJson> {
    const thread = this.ensureThread();
    await this.ready;
    const id = this.nextId++;
    let timer: NodeJS.Timeout | undefined;
    try {
      const reply = await new Promise<Reply>((resolve, reject) => {
        this.pending.set(id, { resolve, reject });
        timer = setTimeout(() => {
          this.pending.delete(id);
          this.options.logger.warn('draft check stopped at its time limit', { timeoutMs: this.options.timeoutMs, bytes: raw.length });
          // The analyser cannot be interrupted inside the thread: the thread goes, a fresh one comes next time.
          if (this.thread === thread) this.thread = null;
          void thread.terminate();
          reject(new IntakeError('ECHECKTIMEOUT', `the draft could not be checked within ${this.options.timeoutMs} ms`));
        }, this.options.timeoutMs);
        thread.postMessage({ id, raw }, []);
      });
      if (reply.error) throw new IntakeError(reply.error.code, reply.error.message);
      return reply.json!;
    } finally {
      clearTimeout(timer);
    }
  }
}

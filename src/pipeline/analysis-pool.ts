import { Worker as ThreadWorker } from 'node:worker_threads';
import type { Analysis } from '../analysis/types.ts';
import type { InboundMail } from '../mail/types.ts';
import { IntakeError } from '../util/errors.ts';
import { startThread, threadScript } from '../util/thread-script.ts';
import { ByteBudget } from '../util/byte-budget.ts';
import { IN_FLIGHT_MAIL_BYTES, IN_FLIGHT_SMALL_MAIL_BYTES } from '../limits.ts';

export interface AnalysisPoolOptions {
  /** Hard limit per task, counted from the moment a ready thread takes it (queueing is not counted). */
  timeoutMs: number;
  threads: number;
  heapMb: number;
  rulesDir: string;
}

export type AnalysisTask =
  | { op: 'parse'; raw: Buffer }
  | { op: 'analyse'; mail: InboundMail; recurringImageHashes: string[] };

/** Why a task was stopped: it ran out of time, or of heap. Both mean "this mail cannot be read automatically". */
export class AnalysisStoppedError extends IntakeError {
  constructor(readonly reason: 'timeout' | 'memory' | 'crash', op: string, detail: Record<string, unknown> = {}) {
    super('EANALYSISSTOPPED', `${op} stopped: ${reason}`, { op, reason, ...detail });
    this.name = 'AnalysisStoppedError';
  }
}

const RESPAWN_PAUSE_MS = 2_000;
/**
 * Young generation per thread. V8 grows it to its limit under a parse's allocation rate and keeps
 * it: at 64 MB each thread held about 60 MB of new space between mails. Big strings and buffers
 * go to the large-object space anyway, and since binary parts are digested before mailparser
 * (src/mail/part-digest.ts) a big mail no longer churns it: at 8 MB scavenges are more frequent
 * but cost the same per live object (2 threads, 600 wild mails parsed and analysed, 3 passes:
 * 2.2-3.3 s a pass at 8 MB, 2.6-4.2 s at 16 MB, same machine, alternated).
 */
const YOUNG_GENERATION_MB = 8;

interface Pending {
  task: AnalysisTask;
  timeoutMs: number;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
}

interface Slot {
  thread: ThreadWorker;
  ready: Promise<void>;
  busy: Pending | null;
  timer: NodeJS.Timeout | null;
  /** Loaded the rules and waits for tasks. */
  isReady: boolean;
  /** Being terminated: takes no more tasks. */
  dead: boolean;
}

/**
 * Parsing and analysis of mail in worker threads, so that a mail that makes them run away
 * (a super-linear pattern, a parser blow-up) is stopped by terminating its thread, and the
 * event loop that fetches and answers other mail never waits on it. A hand-written pool
 * rather than piscina: the limit must count only the time a task runs on a ready thread
 * (piscina's AbortSignal also counts queueing and a replacement thread's start-up), and a
 * thread killed for its heap limit must read as "this mail", not as a pool failure.
 */
export class AnalysisPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private readonly parseBudget = new ByteBudget(IN_FLIGHT_MAIL_BYTES, IN_FLIGHT_SMALL_MAIL_BYTES);
  private closed = false;

  constructor(private readonly opts: AnalysisPoolOptions) {
    for (let i = 0; i < opts.threads; i++) this.slots.push(this.spawn());
  }

  /**
   * Parses take turns by size as the intake worker's do (IN_FLIGHT_MAIL_BYTES), for callers that
   * hand over several big mails at once (`intake check` with many files): two threads parsing a
   * 24 MB text mail each hold twice the working set of one. Waiting for the budget is not counted
   * in the time limit.
   */
  parse(raw: Buffer, timeoutMs = this.opts.timeoutMs): Promise<InboundMail> {
    return this.parseBudget.run(raw.length, () => this.run({ op: 'parse', raw }, timeoutMs)) as Promise<InboundMail>;
  }

  analyse(mail: InboundMail, recurringImageHashes: Iterable<string>, timeoutMs = this.opts.timeoutMs): Promise<Analysis> {
    return this.run({ op: 'analyse', mail, recurringImageHashes: [...recurringImageHashes] }, timeoutMs) as Promise<Analysis>;
  }

  /** Resolves once every thread has loaded the rules (a bad rules file fails here, not on the first mail). */
  async ready(): Promise<void> {
    await Promise.all(this.slots.map((s) => s.ready));
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const p of this.queue.splice(0)) p.reject(new IntakeError('EPOOLCLOSED', 'analysis pool closed'));
    await Promise.all(this.slots.map((s) => s.thread.terminate()));
  }

  private run(task: AnalysisTask, timeoutMs: number): Promise<unknown> {
    if (this.closed) return Promise.reject(new IntakeError('EPOOLCLOSED', 'analysis pool closed'));
    return new Promise((resolve, reject) => {
      this.queue.push({ task, timeoutMs, resolve, reject });
      this.dispatch();
    });
  }

  private spawn(): Slot {
    const { file, options } = threadScript(new URL('../../workers/analysis-thread.ts', import.meta.url), { rulesDir: this.opts.rulesDir });
    const thread = startThread(file, {
      ...options,
      resourceLimits: { maxOldGenerationSizeMb: this.opts.heapMb, maxYoungGenerationSizeMb: Math.min(YOUNG_GENERATION_MB, this.opts.heapMb / 4) },
    });
    thread.unref();
    const slot: Slot = { thread, ready: Promise.resolve(), busy: null, timer: null, isReady: false, dead: false };
    slot.ready = new Promise<void>((resolve, reject) => {
      thread.once('message', (m) => {
        if (m === 'ready') {
          slot.isReady = true;
          resolve();
          this.dispatch();
        } else reject(new IntakeError('ETHREADSTART', `analysis thread said ${JSON.stringify(m)}`));
      });
      thread.once('error', (err) => !slot.isReady && reject(err));
      thread.once('exit', (code) => !slot.isReady && reject(new IntakeError('ETHREADSTART', `analysis thread exited with ${code}`)));
    });
    slot.ready.catch(() => undefined);
    thread.on('message', (m: { ok: boolean; value?: unknown; error?: string }) => {
      if (m === ('ready' as unknown) || !slot.busy) return;
      const p = slot.busy;
      this.release(slot);
      if (m.ok) p.resolve(m.value);
      else p.reject(new IntakeError('EANALYSIS', m.error ?? 'analysis failed', { op: p.task.op }));
      this.dispatch();
    });
    let lastError: unknown = null;
    thread.on('error', (err) => (lastError = err));
    thread.on('exit', () => {
      const p = slot.busy;
      this.release(slot);
      if (p && this.closed) {
        // Ended by close() (a shutdown past its drain deadline), not by the mail: never "unreadable".
        p.reject(new IntakeError('EPOOLCLOSED', 'analysis pool closed'));
      } else if (p) {
        const oom = (lastError as { code?: string } | null)?.code === 'ERR_WORKER_OUT_OF_MEMORY';
        p.reject(new AnalysisStoppedError(oom ? 'memory' : 'crash', p.task.op, { error: String(lastError ?? '') }));
      }
      slot.dead = true;
      if (this.closed) return;
      // A thread that died (heap limit, crash, or terminated for its time limit) is replaced; one that
      // died before it was ready (e.g. a rules file broken while running) is retried after a pause,
      // not in a tight loop.
      const respawn = () => {
        if (this.closed) return;
        const i = this.slots.indexOf(slot);
        if (i >= 0) this.slots[i] = this.spawn();
      };
      if (slot.isReady) respawn();
      else setTimeout(respawn, RESPAWN_PAUSE_MS).unref();
    });
    return slot;
  }

  private release(slot: Slot): void {
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    slot.busy = null;
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (this.queue.length === 0) return;
      if (slot.busy || !slot.isReady || slot.dead) continue;
      const p = this.queue.shift()!;
      slot.busy = p;
      slot.timer = setTimeout(() => {
        // The only way to stop a regex or parser mid-run: end its thread. Rejected here, not on
        // 'exit', so the caller goes on at once; the exit handler then finds no task and respawns.
        slot.busy = null;
        slot.timer = null;
        slot.dead = true;
        p.reject(new AnalysisStoppedError('timeout', p.task.op, { timeoutMs: p.timeoutMs }));
        void slot.thread.terminate();
      }, p.timeoutMs);
      slot.thread.postMessage(p.task);
    }
  }
}

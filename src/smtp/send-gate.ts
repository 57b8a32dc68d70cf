import type { Logger } from '../util/logger.ts';

export interface SendGateOptions {
  /** Stops taking new jobs (BullMQ worker.pause) / takes them again. */
  pause(): Promise<void>;
  resume(): Promise<void>;
  /**
   * Asks SMTP whether it would accept us now without sending anything (connect, EHLO, AUTH).
   * A refusal of relaying can only be tested by a real send: for that one, the gate opens after
   * the wait and the next job is the test.
   */
  verify(): Promise<void>;
  /** Called with the reason when sending pauses, and with null when it resumes. */
  onChange(reason: string | null): void;
  logger: Logger;
  initialDelayMs?: number;
  maxDelayMs?: number;
}

/**
 * Stops the line when SMTP refuses the service itself (AUTH refused, relaying refused):
 * sending pauses, the jobs go back to wait without spending an attempt, readiness says
 * why, and sending resumes by itself once SMTP accepts again (checked with backoff).
 */
export class SendGate {
  private reason: string | null = null;
  private authFault = false;
  private delayMs: number;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private readonly initialDelayMs: number;
  private readonly maxDelayMs: number;

  constructor(private readonly opts: SendGateOptions) {
    this.initialDelayMs = opts.initialDelayMs ?? 2_000;
    this.maxDelayMs = opts.maxDelayMs ?? 60_000;
    this.delayMs = this.initialDelayMs;
  }

  get pausedReason(): string | null {
    return this.reason;
  }

  /** How long a job put back now should wait before it is tried again. */
  get retryDelayMs(): number {
    return this.delayMs;
  }

  /** A send hit a system fault: pause (once), and check again after the current delay. */
  async close(reason: string, authFault: boolean): Promise<void> {
    if (this.stopped) return;
    this.authFault = authFault;
    if (this.reason !== null) {
      this.reason = reason;
      return;
    }
    this.reason = reason;
    this.opts.logger.error('SMTP refuses the service: sending paused, mail waits', { code: 'ESMTPREFUSED', reason, retryInMs: this.delayMs });
    this.opts.onChange(reason);
    // Not awaited: this runs inside a job, and pausing the worker must not wait on that job.
    this.opts.pause().catch((err: unknown) => this.opts.logger.warn('could not pause the outbound worker', { err }));
    this.schedule();
  }

  /** A send went through: the next pause starts again from the shortest wait. */
  succeeded(): void {
    this.delayMs = this.initialDelayMs;
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
  }

  private schedule(): void {
    const wait = this.delayMs;
    this.delayMs = Math.min(this.maxDelayMs, this.delayMs * 2);
    this.timer = setTimeout(() => void this.check(), wait);
    this.timer.unref();
  }

  private async check(): Promise<void> {
    this.timer = null;
    if (this.stopped || this.reason === null) return;
    if (this.authFault) {
      try {
        await this.opts.verify();
      } catch (err) {
        this.opts.logger.warn('SMTP still refuses the service; sending stays paused', { err, retryInMs: this.delayMs });
        this.schedule();
        return;
      }
    }
    this.opts.logger.info('SMTP check passed: sending resumes', { after: this.reason });
    this.reason = null;
    this.opts.onChange(null);
    await this.opts.resume();
  }
}

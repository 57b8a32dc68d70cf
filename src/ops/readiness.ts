/**
 * Readiness of one process: each dependency it uses (Redis, IMAP for the active poller,
 * SMTP for the sender) registers a probe; `/readyz` asks them all. A probe answers
 * `null` when the dependency is fine, or a sentence saying why it is not.
 */
export type Probe = () => Promise<string | null> | string | null;

export interface DependencyReport {
  ok: boolean;
  /** Why it is not ready; also set, as information, for a dependency deliberately not in use (standby). */
  reason?: string;
}

export interface ReadinessReport {
  ready: boolean;
  dependencies: Record<string, DependencyReport>;
  /** The names of the dependencies that are not ready, for alerts and humans. */
  failing: string[];
}

/** A probe that has not answered by then counts as failing: a hung dependency is not a ready one. */
const PROBE_TIMEOUT_MS = 2_000;

export class Readiness {
  private readonly probes = new Map<string, Probe>();

  register(name: string, probe: Probe): void {
    this.probes.set(name, probe);
  }

  unregister(name: string): void {
    this.probes.delete(name);
  }

  names(): string[] {
    return [...this.probes.keys()];
  }

  async evaluate(timeoutMs = PROBE_TIMEOUT_MS): Promise<ReadinessReport> {
    const entries = await Promise.all(
      [...this.probes].map(async ([name, probe]) => [name, await runProbe(probe, timeoutMs)] as const),
    );
    const dependencies: Record<string, DependencyReport> = {};
    const failing: string[] = [];
    for (const [name, reason] of entries) {
      dependencies[name] = reason === null ? { ok: true } : { ok: false, reason };
      if (reason !== null) failing.push(name);
    }
    return { ready: failing.length === 0, dependencies, failing };
  }
}

async function runProbe(probe: Probe, timeoutMs: number): Promise<string | null> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve(`no answer within ${timeoutMs} ms`), timeoutMs);
  });
  try {
    return await Promise.race([Promise.resolve().then(probe), timeout]);
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * A dependency state pushed by the code that uses it (the sender paused by an AUTH refusal,
 * the poller's IMAP session retrying) rather than probed on demand.
 */
export class ReportedState {
  private reason: string | null;

  constructor(initialReason: string | null = null) {
    this.reason = initialReason;
  }

  set(reason: string | null): void {
    this.reason = reason;
  }

  get(): string | null {
    return this.reason;
  }
}

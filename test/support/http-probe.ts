/** Small helpers to read a service process's HTTP endpoint in tests. */
export interface Probe {
  status: number;
  body: Record<string, unknown> | null;
  text: string;
}

export async function getEndpoint(base: string, path: string, timeoutMs = 5_000): Promise<Probe> {
  const res = await fetch(`${base}${path}`, { signal: AbortSignal.timeout(timeoutMs) });
  const text = await res.text();
  let body: Record<string, unknown> | null = null;
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    body = null;
  }
  return { status: res.status, body, text };
}

/** Polls `path` until `accept` says yes; rejects with the last answer after timeoutMs. */
export async function waitForEndpoint(
  base: string,
  path: string,
  accept: (p: Probe) => boolean,
  timeoutMs = 30_000,
): Promise<Probe> {
  const deadline = Date.now() + timeoutMs;
  let last: Probe | string = 'no answer yet';
  while (Date.now() < deadline) {
    try {
      const p = await getEndpoint(base, path);
      if (accept(p)) return p;
      last = p;
    } catch (err) {
      last = (err as Error).message;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${path} did not answer as expected within ${timeoutMs} ms; last: ${typeof last === 'string' ? last : `${last.status} ${last.text.slice(0, 400)}`}`);
}

/** The value of one Prometheus sample (summed over all label sets matching `labels`), 0 when absent. */
export function metricValue(text: string, name: string, labels: Record<string, string> = {}): number {
  let sum = 0;
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})?\s+(\S+)/.exec(line);
    if (!m || m[1] !== name) continue;
    const set = m[2] ?? '';
    if (Object.entries(labels).every(([k, v]) => set.includes(`${k}="${v}"`))) sum += Number(m[3]);
  }
  return sum;
}

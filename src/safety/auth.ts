import { promises as dnsPromises } from 'node:dns';
import { authenticate, type DNSResolver } from 'mailauth';

/** Sender-authentication verdicts in RFC 8601 words: pass, fail, softfail, neutral, none, temperror, permerror, policy. */
export interface AuthVerdict {
  spf: string;
  dkim: string;
  dmarc: string;
  /** The RFC 5322 From address mailauth evaluated (lower-cased), or null when the mail has none or several. */
  from: string | null;
}

/** A DNS lookup as mailauth calls it: `(name, 'TXT' | 'A' | 'MX' | ...)`, rejecting with a `code` like node:dns. */
export type DnsResolver = (name: string, rr: string) => Promise<unknown>;

export interface VerifyOptions {
  /** DNS lookups; defaults to the system resolver. Tests and offline hosts inject their own. */
  resolver?: DnsResolver;
  /** Budget for the whole verification, all lookups together. */
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 1_500;

/**
 * Checks SPF, DKIM and DMARC from the mail's own headers, as an IMAP reader
 * must: the connecting IP, HELO and envelope sender come from the newest
 * Received header and Return-Path (`trustReceived`), which our own MTA wrote.
 * Every lookup shares one deadline, so a host without DNS gets `temperror`
 * (or `none`) within about timeoutMs instead of waiting per lookup. Never throws.
 */
export async function verifySender(raw: Buffer, opts: VerifyOptions = {}): Promise<AuthVerdict> {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const deadline = Date.now() + timeoutMs;
  const resolver = withDeadline(opts.resolver ?? systemResolver(timeoutMs), deadline);
  let timer: NodeJS.Timeout | undefined;
  const overall = new Promise<'timeout'>((resolve) => {
    // Belt and braces: mailauth's own work (hashing a large body) is not under the lookup deadline.
    timer = setTimeout(() => resolve('timeout'), timeoutMs * 2 + 1_000);
  });
  try {
    const result = await Promise.race([
      authenticate(raw, {
        trustReceived: true,
        resolver: resolver as DNSResolver,
        mta: 'support-intake',
        disableBimi: true,
      }),
      overall,
    ]);
    if (result === 'timeout') return { spf: 'temperror', dkim: 'temperror', dmarc: 'temperror', from: null };
    return {
      spf: result.spf ? String(result.spf.status?.result ?? 'none') : 'none',
      dkim: dkimVerdict(result.dkim?.results ?? []),
      dmarc: result.dmarc ? String(result.dmarc.status?.result ?? 'none') : 'none',
      from: headerFrom(result.dkim?.headerFrom),
    };
  } catch {
    // Unparseable input: nothing could be verified, and nothing is trusted.
    return { spf: 'permerror', dkim: 'permerror', dmarc: 'permerror', from: null };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Whether authentication allows an automatic reply. Only a DMARC `fail`
 * blocks it, and only under policy `no_reply`: a forged From would make us
 * send the reply (and the partner's data) to someone who never wrote.
 */
export function replyAllowedByAuth(v: Pick<AuthVerdict, 'dmarc'>, policy: 'no_reply' | 'reply'): boolean {
  if (policy === 'reply') return true;
  return v.dmarc !== 'fail';
}

/** Any passing signature is enough; otherwise the first signature's result tells why none passed. */
function dkimVerdict(results: { status?: { result?: string } }[]): string {
  const words = results.map((r) => String(r.status?.result ?? 'none'));
  if (words.includes('pass')) return 'pass';
  return words[0] ?? 'none';
}

function headerFrom(v: unknown): string | null {
  const list = Array.isArray(v) ? v : typeof v === 'string' ? [v] : [];
  return list.length === 1 && typeof list[0] === 'string' ? list[0].toLowerCase() : null;
}

/**
 * The system resolver with one try and a short per-query timeout. Accepts
 * explicit servers (`host` or `host:port`) so tests can point it at a
 * loopback socket instead of the network.
 */
export function systemResolver(timeoutMs: number, servers?: string[]): DnsResolver {
  const r = new dnsPromises.Resolver({ timeout: Math.max(50, Math.min(timeoutMs, 5_000)), tries: 1 });
  if (servers) r.setServers(servers);
  return (name, rr) => r.resolve(name, rr as 'TXT') as Promise<unknown>;
}

/**
 * A resolver for hosts that must not or cannot reach DNS (sandboxes, tests):
 * every lookup fails at once with ECONNREFUSED, which mailauth reports as
 * temperror, so nothing is blocked and no packet leaves the host.
 */
export const offlineResolver: DnsResolver = async (name) => {
  throw dnsError('ECONNREFUSED', name);
};

/**
 * Wraps a resolver so each lookup gets only what is left of the shared
 * deadline and fails with ETIMEOUT after it: mailauth maps that to temperror.
 */
export function withDeadline(resolver: DnsResolver, deadline: number): DnsResolver {
  return async (name, rr) => {
    const left = deadline - Date.now();
    if (left <= 0) throw dnsError('ETIMEOUT', name);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(dnsError('ETIMEOUT', name)), left);
    });
    try {
      return await Promise.race([resolver(name, rr), timeout]);
    } finally {
      clearTimeout(timer);
    }
  };
}

function dnsError(code: string, name: string): Error & { code: string } {
  return Object.assign(new Error(`DNS ${code} for ${name}`), { code });
}

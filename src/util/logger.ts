import { forTerminal } from './terminal.ts';

/**
 * JSON-lines logger on stderr. Deliberately tiny: the service logs events with
 * context objects, never mail bodies, so there is no text to redact here; callers
 * pass only ids, counts and reasons.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 99 };

export interface Logger {
  debug(msg: string, ctx?: Record<string, unknown>): void;
  info(msg: string, ctx?: Record<string, unknown>): void;
  warn(msg: string, ctx?: Record<string, unknown>): void;
  error(msg: string, ctx?: Record<string, unknown>): void;
  child(bindings: Record<string, unknown>): Logger;
}

export function createLogger(
  level: LogLevel,
  bindings: Record<string, unknown> = {},
  write: (line: string) => void = (line) => process.stderr.write(line + '\n'),
): Logger {
  const min = ORDER[level];
  const emit = (lvl: Exclude<LogLevel, 'silent'>, msg: string, ctx?: Record<string, unknown>) => {
    if (ORDER[lvl] < min) return;
    const entry: Record<string, unknown> = { time: new Date().toISOString(), level: lvl, msg, ...bindings };
    if (ctx) {
      for (const [k, v] of Object.entries(ctx)) entry[k] = v instanceof Error ? describeError(v, min <= ORDER.debug) : v;
    }
    // JSON escapes C0 controls but prints C1 (a one-byte CSI) and bidi overrides as they are.
    write(forTerminal(JSON.stringify(entry)));
  };
  return {
    debug: (m, c) => emit('debug', m, c),
    info: (m, c) => emit('info', m, c),
    warn: (m, c) => emit('warn', m, c),
    error: (m, c) => emit('error', m, c),
    child: (b) => createLogger(level, { ...bindings, ...b }, write),
  };
}

/**
 * An error as logged: always a code (the error's own, else one derived from its class, so
 * alerts and greps can key on it), its cause's code when it wraps one, and the stack only
 * at debug level (stacks are long and rarely needed to act on a known fault).
 */
export function describeError(err: Error, withStack = false): Record<string, unknown> {
  const out: Record<string, unknown> = { message: err.message, code: errorCode(err) };
  const cause = (err as { cause?: unknown }).cause;
  if (cause instanceof Error) out.cause = { message: cause.message, code: errorCode(cause) };
  if (withStack && err.stack) out.stack = err.stack;
  return out;
}

export function errorCode(err: Error): string {
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && code) return code;
  if (typeof code === 'number') return String(code);
  // e.g. TypeError -> ETYPEERROR; a plain Error -> EERROR
  return `E${(err.name || 'Error').replace(/[^A-Za-z0-9]/g, '').toUpperCase()}`;
}

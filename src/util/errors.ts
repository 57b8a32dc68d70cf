/**
 * Every error the service raises on purpose carries a stable `code` and the
 * context an operator needs to act on it, like imapflow's and nodemailer's.
 */
export class IntakeError extends Error {
  readonly code: string;
  readonly context: Record<string, unknown>;

  constructor(code: string, message: string, context: Record<string, unknown> = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'IntakeError';
    this.code = code;
    this.context = context;
  }
}

export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}

/**
 * An error as it crosses to another thread: postMessage keeps an Error's name and message but
 * not its own fields, and the SMTP failure's class (src/smtp/refusal.ts) is read from nodemailer's
 * `code`, `command`, `responseCode` and `response`, under our `cause`.
 */
export interface PlainError {
  name: string;
  message: string;
  code?: string;
  command?: string;
  responseCode?: number;
  response?: string;
  context?: Record<string, unknown>;
  cause?: PlainError;
}

export function errorToPlain(err: unknown, depth = 0): PlainError {
  if (!(err instanceof Error)) return { name: 'Error', message: String(err) };
  const e = err as Error & Omit<PlainError, 'cause'> & { cause?: unknown };
  const plain: PlainError = { name: e.name, message: e.message };
  if (typeof e.code === 'string') plain.code = e.code;
  if (typeof e.command === 'string') plain.command = e.command;
  if (typeof e.responseCode === 'number') plain.responseCode = e.responseCode;
  if (typeof e.response === 'string') plain.response = e.response;
  if (err instanceof IntakeError) plain.context = JSON.parse(JSON.stringify(err.context)) as Record<string, unknown>;
  if (e.cause !== undefined && depth < 3) plain.cause = errorToPlain(e.cause, depth + 1);
  return plain;
}

export function errorFromPlain(p: PlainError): Error {
  const cause = p.cause ? errorFromPlain(p.cause) : undefined;
  if (p.name === 'IntakeError' && p.code) return new IntakeError(p.code, p.message, p.context ?? {}, cause ? { cause } : undefined);
  const err = new Error(p.message, cause ? { cause } : undefined);
  err.name = p.name;
  for (const k of ['code', 'command', 'responseCode', 'response'] as const) if (p[k] !== undefined) Object.assign(err, { [k]: p[k] });
  return err;
}

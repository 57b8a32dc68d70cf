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

/**
 * Text from mail (subjects, Message-IDs, addresses, failure reasons) reaches operators'
 * terminals through the CLI and the logs. Escape sequences in it could rewrite the screen,
 * hide lines or set the window title, so they are removed before anything is printed.
 */

// C0 controls except tab and newline, DEL, C1 controls (U+009B is a one-byte CSI),
// and the bidirectional overrides that make text display in another order than it reads.
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** The text without control, escape and bidi-override characters; tabs and newlines stay. */
export function forTerminal(text: string): string {
  return text.replace(UNSAFE, '');
}

/** One value on one line: also newlines and tabs go, and an over-long value is cut with a marker. */
export function oneField(text: string, max = 200): string {
  const flat = forTerminal(text).replace(/[\t\r\n]+/g, ' ');
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

export interface TextOut {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

/** The same writer, with every line made safe for a terminal. */
export function terminalSafe<T extends TextOut>(io: T): T {
  return { ...io, stdout: (s: string) => io.stdout(forTerminal(s)), stderr: (s: string) => io.stderr(forTerminal(s)) };
}

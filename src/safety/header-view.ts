import type { InboundMail } from '../mail/types.ts';

/** Read-only access to a mail's top-level headers by lower-case name. */
export interface HeaderView {
  /** Every raw value of the header, in order; empty when absent. */
  all(name: string): string[];
  first(name: string): string | null;
  has(name: string): boolean;
  names(): string[];
}

/**
 * Header access that survives CR-only mail: mailparser reads a file whose
 * lines end in a bare CR as one giant header, so the real header block hides
 * inside the first value. We split such a value back into lines.
 */
export function headerView(mail: Pick<InboundMail, 'headers'>): HeaderView {
  const map = repairCrOnly(mail.headers);
  return {
    all: (name) => map.get(name.toLowerCase()) ?? [],
    first: (name) => map.get(name.toLowerCase())?.[0] ?? null,
    has: (name) => map.has(name.toLowerCase()),
    names: () => [...map.keys()],
  };
}

function repairCrOnly(headers: Map<string, string[]>): Map<string, string[]> {
  let broken: { name: string; value: string } | null = null;
  for (const [name, values] of headers) {
    const v = values.find((x) => /\r(?!\n)/.test(x));
    if (v !== undefined) {
      broken = { name, value: v };
      break;
    }
  }
  if (!broken) return headers;
  const out = new Map<string, string[]>();
  for (const [name, values] of headers) {
    const clean = values.filter((x) => !/\r(?!\n)/.test(x));
    if (clean.length > 0) out.set(name, [...clean]);
  }
  // The header block ends at the first empty line; what follows is body.
  const block = `${broken.name}: ${broken.value}`.split(/\r\r/)[0] ?? '';
  const unfolded = block.replace(/\r[ \t]+/g, ' ');
  for (const line of unfolded.split('\r')) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (!/^[\x21-\x39\x3b-\x7e]+$/.test(name)) continue;
    const value = line.slice(colon + 1).trim();
    const list = out.get(name);
    if (list) list.push(value);
    else out.set(name, [value]);
  }
  return out;
}

/** The bare address (lower-cased) inside a raw address header such as `"Name" <a@b>` or `<>`; '' for `<>`. */
export function addressOf(raw: string): string {
  const angle = /<([^<>]*)>/.exec(raw);
  const inner = angle ? angle[1]! : raw.replace(/\([^()]*\)/g, '');
  return inner.trim().toLowerCase();
}

/** The local part of an address, or the whole token when it has no `@` (e.g. `MAILER-DAEMON`). */
export function localPart(address: string): string {
  const at = address.lastIndexOf('@');
  return (at >= 0 ? address.slice(0, at) : address).toLowerCase();
}

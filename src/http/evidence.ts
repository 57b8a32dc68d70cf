/**
 * The checker may add `evidence` (what in the mail made an item present) and `main_ask` to
 * its analysis; pages show them when there, whatever their exact shape, and nothing when not.
 * Accepted: `evidence[key]` or `items[key].evidence` as a string, a list of strings, or objects
 * with `text`/`quote`/`excerpt`.
 */
export function evidenceFor(analysis: Record<string, unknown>, key: string): string[] {
  const top = (analysis.evidence as Record<string, unknown> | undefined)?.[key];
  const item = ((analysis.items as Record<string, Record<string, unknown>> | undefined)?.[key] ?? {}).evidence;
  return [...asTexts(top), ...asTexts(item)].slice(0, 5);
}

export function mainAskOf(analysis: Record<string, unknown>): string | null {
  const v = analysis.main_ask ?? analysis.mainAsk;
  const texts = asTexts(v);
  return texts.length > 0 ? texts.join(' ') : null;
}

function asTexts(v: unknown): string[] {
  if (v === null || v === undefined) return [];
  if (typeof v === 'string') return v.trim() ? [v.trim().slice(0, 300)] : [];
  if (Array.isArray(v)) return v.flatMap(asTexts);
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return asTexts(o.text ?? o.quote ?? o.excerpt ?? o.value ?? null);
  }
  return [];
}

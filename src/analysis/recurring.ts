import type { InboundMail } from '../mail/types.ts';

/**
 * Who "the same sender" is for logos: the sender's mail domain, lower-cased, since a company's staff
 * share one logo. The one definition for the service's logo memory (the ticket store's `images:`
 * keys, src/store/keys.ts) and for the offline checks below, so `intake check` judges alike.
 */
export function logoOwner(address: string): string {
  const a = address.toLowerCase();
  return a.includes('@') ? a.slice(a.indexOf('@') + 1) : a;
}

function senderKey(mail: InboundMail): string {
  return logoOwner(mail.from?.address ?? '');
}

/**
 * Images that recur across several mails of the same sender are logos or banners, not screenshots.
 * Returns, per mail (same order), the hashes of its images that also appear in another of the given
 * mails from the same sender.
 */
export function recurringImagesPerMail(mails: InboundMail[]): Set<string>[] {
  const seen = new Map<string, Map<string, number>>();
  for (const mail of mails) {
    const key = senderKey(mail);
    const counts = seen.get(key) ?? new Map<string, number>();
    seen.set(key, counts);
    for (const sha of new Set(mail.attachments.filter((a) => a.contentType.startsWith('image/')).map((a) => a.sha256))) {
      counts.set(sha, (counts.get(sha) ?? 0) + 1);
    }
  }
  return mails.map((mail) => {
    const counts = seen.get(senderKey(mail))!;
    return new Set([...counts].filter(([, n]) => n >= 2).map(([sha]) => sha));
  });
}

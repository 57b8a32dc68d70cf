/** Required items in the spec's table order: `missing` is always listed in this order. */
export const REQUIRED_ITEM_KEYS = [
  'account_id',
  'site',
  'goal',
  'method',
  'target_id',
  'error_message',
  'console_url',
  'screenshot',
  'os',
  'command',
  'history',
  'timezone',
  'related_ticket',
] as const;
export type RequiredItemKey = (typeof REQUIRED_ITEM_KEYS)[number];

export const OPTIONAL_ITEM_KEYS = ['reference_docs', 'sample_data'] as const;
export type OptionalItemKey = (typeof OPTIONAL_ITEM_KEYS)[number];

export type ItemKey = RequiredItemKey | OptionalItemKey;
export const ITEM_KEYS: readonly ItemKey[] = [...REQUIRED_ITEM_KEYS, ...OPTIONAL_ITEM_KEYS];

export const CATEGORIES = [
  'error',
  'spec',
  'request',
  'object_listing',
  'contract',
  'implementation',
  'third_party_spec',
  'oss',
  'general_it',
] as const;
export type Category = (typeof CATEGORIES)[number];

/** Categories support handles; the others get a redirect instead of a missing-items list. */
export const IN_SCOPE_CATEGORIES: readonly Category[] = ['error', 'spec', 'request', 'object_listing'];

export const CHANNELS = ['console', 'workflow', 'toolbelt', 'api', 'unknown'] as const;
export type Channel = (typeof CHANNELS)[number];

export const SECRET_KINDS = [
  'td_api_key',
  'aws_access_key',
  'aws_secret_key',
  'private_key',
  'bearer_token',
  'password',
] as const;
export type SecretKind = (typeof SECRET_KINDS)[number];

/** A site code; the codes are the keys of `sites` in config/rules/sites.yaml. */
export type Site = string;

export interface ItemResult {
  present: boolean;
  /** Normalised values (account digits, site code, `job:N`, os key...); empty for yes/no items. */
  values: string[];
  /**
   * The sender's lines or sentences that made the item present, exactly as in the decoded mail (a
   * wrapped line may span a line break); empty when absent or when only an image shows it. Analyses
   * stored before evidence existed lack it.
   */
  evidence?: string[];
}

export interface SecretFinding {
  kind: SecretKind;
  /** Where it was found (`body`, or the attachment's file name). Never the value. */
  where: string;
}

export type Language = 'ja' | 'en';

/** The result of reading one mail (or one ticket's mails together). JSON-serialisable. */
export interface Analysis {
  language: Language;
  category: Category;
  channel: Channel;
  items: Record<ItemKey, ItemResult>;
  /** Required items that are absent, in REQUIRED_ITEM_KEYS order; always empty for out-of-scope categories. */
  missing: RequiredItemKey[];
  /** The sentence taken as what the sender asks support to do (exact decoded text), or null. */
  mainAsk?: string | null;
  secrets: SecretFinding[];
  /** Support ticket numbers the sender names (digits only), in order of first appearance. */
  referencedTickets: string[];
  /** True when the sender mentions an earlier inquiry (with or without its number). */
  mentionsEarlierInquiry: boolean;
  /** The sender's own text (quotes of support and signatures removed), with secrets redacted. */
  senderText: string;
}

export const KINDS = ['repair', 'complaint', 'consultation', 'suggestion', 'praise', 'misconduct', 'billing'] as const;
export type Kind = (typeof KINDS)[number];

export const PRIORITIES = ['urgent', 'high', 'normal', 'low'] as const;
export type Priority = (typeof PRIORITIES)[number];

export const AREA_TIERS = ['urban', 'rural', 'remote'] as const;
export type AreaTier = (typeof AREA_TIERS)[number];

/** Kinds that can be answered and closed at first contact without field work. */
export const ANSWERABLE_KINDS: readonly Kind[] = ['consultation', 'suggestion', 'praise', 'billing'];

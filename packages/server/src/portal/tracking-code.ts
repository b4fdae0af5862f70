import { createHash, randomBytes } from 'node:crypto';

// Crockford's base32: no I, L, O or U, so a code read aloud or typed from paper survives.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A new tracking code: 80 random bits as 16 base32 characters. */
export function newTrackingCode(): string {
  const bytes = randomBytes(10);
  let bits = 0;
  let value = 0;
  let out = '';
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  return out;
}

/**
 * The canonical form of a typed code, or null when it cannot be one.
 * @example normalizeTrackingCode('abcd-efgh jkmn-pqrs') // 'ABCDEFGHJKMNPQRS'
 */
export function normalizeTrackingCode(input: string): string | null {
  const s = input.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  return /^[0-9A-HJKMNP-TV-Z]{16}$/.test(s) ? s : null;
}

/** Groups of four for display: ABCD-EFGH-JKMN-PQRS. */
export const formatTrackingCode = (code: string) => code.match(/.{1,4}/g)!.join('-');

/** What the database keeps: the SHA-256 of the canonical code. */
export const hashTrackingCode = (code: string) => createHash('sha256').update(`portal:${code}`).digest('hex');

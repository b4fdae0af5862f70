import { readFileSync } from 'node:fs';

export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 200;

// Shipped with the code so the check works offline; compared case-insensitively.
const COMMON = new Set(
  readFileSync(new URL('./common-passwords.txt', import.meta.url), 'utf8')
    .split('\n')
    .map((l) => l.trim().toLowerCase())
    .filter((l) => l && !l.startsWith('#')),
);

/**
 * Why a new password is refused, or null when it is acceptable: at least 10 characters, not one
 * of the commonly guessed passwords, not built from the user name, not a single repeated character.
 */
export function passwordProblem(password: string, username?: string): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `must be at least ${MIN_PASSWORD_LENGTH} characters`;
  if (password.length > MAX_PASSWORD_LENGTH) return `must be at most ${MAX_PASSWORD_LENGTH} characters`;
  const lower = password.toLowerCase();
  if (COMMON.has(lower)) return 'is one of the passwords attackers try first; choose another';
  if (/^(.)\1*$/.test(password)) return 'must not be one repeated character';
  const name = username?.toLowerCase();
  if (name && name.length >= 3 && lower.includes(name)) return 'must not contain the user name';
  return null;
}

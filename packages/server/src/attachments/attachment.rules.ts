/** Largest file a crew or clerk may attach: a phone photo or a scanned page. */
export const MAX_ATTACHMENT_BYTES = 8 * 1024 * 1024;

/** What one tenant may keep in files, unless the deployment says otherwise. */
export const DEFAULT_TENANT_QUOTA_BYTES = 5 * 1024 * 1024 * 1024;

/** Types the console can preview; anything else is refused at upload. */
export const ATTACHMENT_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/gif', 'application/pdf'] as const;

const MAGIC: Record<(typeof ATTACHMENT_TYPES)[number], (b: Buffer) => boolean> = {
  'image/jpeg': (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
  'image/png': (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  'image/webp': (b) => b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP',
  'image/gif': (b) => b.subarray(0, 4).toString('latin1') === 'GIF8',
  'application/pdf': (b) => b.subarray(0, 5).toString('latin1') === '%PDF-',
};

/** True when the bytes really are of the declared type (the header alone is not trusted). */
export function contentMatchesType(type: (typeof ATTACHMENT_TYPES)[number], bytes: Buffer): boolean {
  return bytes.length > 0 && MAGIC[type](bytes);
}

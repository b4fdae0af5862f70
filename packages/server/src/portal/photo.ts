import sharp from 'sharp';

export const MAX_PHOTOS = 3;
export const MAX_PHOTO_BYTES = 5 * 1024 * 1024;

export type PhotoProblem = 'photoType' | 'photoSize' | 'photoBroken';

/** The image type by its first bytes, whatever the file name or declared type says. */
export function sniffImageType(buf: Buffer): 'image/jpeg' | 'image/png' | 'image/webp' | null {
  if (buf.length >= 3 && buf[0] === 0xff && buf[1] === 0xd8 && buf[2] === 0xff) return 'image/jpeg';
  if (buf.length >= 8 && buf.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (buf.length >= 12 && buf.toString('latin1', 0, 4) === 'RIFF' && buf.toString('latin1', 8, 12) === 'WEBP') return 'image/webp';
  return null;
}

/**
 * Checks a photo and re-encodes it as JPEG: turned upright by its orientation, at most 2048 px,
 * and without any metadata — EXIF (GPS position, camera, time), XMP and ICC are all dropped,
 * because sharp writes none unless asked to.
 */
export async function cleanPhoto(
  buf: Buffer,
): Promise<{ ok: true; data: Buffer; contentType: 'image/jpeg' } | { ok: false; problem: PhotoProblem }> {
  if (buf.length > MAX_PHOTO_BYTES) return { ok: false, problem: 'photoSize' };
  if (!sniffImageType(buf)) return { ok: false, problem: 'photoType' };
  try {
    const data = await sharp(buf, { limitInputPixels: 50_000_000, failOn: 'error' })
      .rotate()
      .resize({ width: 2048, height: 2048, fit: 'inside', withoutEnlargement: true })
      .jpeg({ quality: 82, mozjpeg: false })
      .toBuffer();
    return { ok: true, data, contentType: 'image/jpeg' };
  } catch {
    return { ok: false, problem: 'photoBroken' };
  }
}

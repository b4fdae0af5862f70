import sharp from 'sharp';

/** Largest image side and pixel count accepted: a phone photo fits; a decompression bomb does not. */
export const MAX_IMAGE_SIDE = 8000;
export const MAX_IMAGE_PIXELS = 40_000_000;

export type CleanResult = { ok: true; data: Buffer } | { ok: false; code: 'image_too_large' | 'image_broken'; message: string };

/**
 * Re-encodes a staff photo in its own format, turned upright, with no metadata: EXIF (GPS
 * position, camera, time), XMP and ICC are dropped because sharp writes none unless asked.
 * Refuses images larger than MAX_IMAGE_SIDE or MAX_IMAGE_PIXELS before decoding them.
 */
export async function cleanStaffImage(type: 'image/jpeg' | 'image/png' | 'image/webp' | 'image/gif', bytes: Buffer): Promise<CleanResult> {
  try {
    const meta = await sharp(bytes, { animated: type === 'image/gif' }).metadata();
    const width = meta.width ?? 0;
    const height = meta.pageHeight ?? meta.height ?? 0;
    if (width > MAX_IMAGE_SIDE || height > MAX_IMAGE_SIDE || width * height > MAX_IMAGE_PIXELS) {
      return {
        ok: false,
        code: 'image_too_large',
        message: `body: an image may be at most ${MAX_IMAGE_SIDE} px on a side and ${MAX_IMAGE_PIXELS / 1e6} megapixels`,
      };
    }
    const img = sharp(bytes, { limitInputPixels: MAX_IMAGE_PIXELS, failOn: 'error', animated: type === 'image/gif' }).rotate();
    const data =
      type === 'image/jpeg'
        ? await img.jpeg({ quality: 85 }).toBuffer()
        : type === 'image/png'
          ? await img.png().toBuffer()
          : type === 'image/webp'
            ? await img.webp().toBuffer()
            : await img.gif().toBuffer();
    return { ok: true, data };
  } catch {
    return { ok: false, code: 'image_broken', message: 'body: the image cannot be read' };
  }
}

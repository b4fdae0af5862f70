import sharp from 'sharp';

/** A small JPEG carrying EXIF with a camera string and a GPS position, as phones write them. */
export async function jpegWithLocation(colour = '#c33') {
  return sharp({ create: { width: 64, height: 48, channels: 3, background: colour } })
    .jpeg()
    .withExif({
      IFD0: { Copyright: 'SECRET-CAMERA', Make: 'PhoneMaker' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '41/1 48/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '123/1 24/1 0/1' },
    })
    .toBuffer();
}

export type ReportFields = { category?: string; address?: string; premiseId?: string; description?: string; phone?: string; name?: string };

/** The report form as the browser sends it: multipart, photos last. */
export function reportForm(fields: ReportFields, photos: Array<{ data: Buffer; type?: string; name?: string }> = []) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) form.append(k, v);
  for (const p of photos)
    form.append('photos', new Blob([new Uint8Array(p.data)], { type: p.type ?? 'image/jpeg' }), p.name ?? 'photo.jpg');
  return form;
}

/** How far an export has come: bytes received so far and, from X-Row-Count, how many orders it holds. */
export type ExportProgress = { bytes: number; rows: number | null };

/**
 * Downloads an export the server streams while it writes it, reporting the bytes as they arrive,
 * then hands the file to the browser under the name the server gave it.
 */
export async function downloadExport(url: string, onProgress: (p: ExportProgress) => void, fallbackName: string): Promise<void> {
  const res = await fetch(url, { credentials: 'same-origin' });
  if (!res.ok) {
    let message = `HTTP ${res.status}`;
    try {
      message = ((await res.json()) as { error?: { message?: string } }).error?.message ?? message;
    } catch {
      // not JSON: keep the status
    }
    throw new Error(message);
  }
  const rows = res.headers.get('x-row-count');
  const progress: ExportProgress = { bytes: 0, rows: rows === null ? null : Number(rows) };
  onProgress({ ...progress });
  const chunks: Uint8Array<ArrayBuffer>[] = [];
  const reader = res.body!.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    progress.bytes += value.byteLength;
    onProgress({ ...progress });
  }
  const disposition = res.headers.get('content-disposition') ?? '';
  const encoded = /filename\*=UTF-8''([^;]+)/i.exec(disposition)?.[1];
  const name = encoded ? decodeURIComponent(encoded) : fallbackName;
  const href = URL.createObjectURL(new Blob(chunks, { type: res.headers.get('content-type') ?? 'application/octet-stream' }));
  const a = document.createElement('a');
  a.href = href;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
}

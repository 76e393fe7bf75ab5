/**
 * Saves a file from the page: a Blob URL on a temporary link, in browser mode and in Electron alike
 * (Electron's will-download handler shows the save dialog).
 */
export function downloadBlob(fileName: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function downloadText(fileName: string, text: string, mimeType = 'text/plain'): void {
  downloadBlob(fileName, new Blob([text], { type: mimeType }));
}

export function downloadDataUrl(fileName: string, dataUrl: string): void {
  const [head, body] = dataUrl.split(',', 2);
  const mime = /data:([^;]+)/.exec(head)?.[1] ?? 'application/octet-stream';
  const bytes = Uint8Array.from(atob(body), (c) => c.charCodeAt(0));
  downloadBlob(fileName, new Blob([bytes], { type: mime }));
}

/** A safe file-name stem from any label. */
export function fileStem(label: string): string {
  return label.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'chart';
}

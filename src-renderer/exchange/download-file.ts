/**
 * Offers bytes the host handed back as a download, as a browser does for a
 * link to a file (the browser host has no save dialog).
 */
export function downloadFile(file: { readonly fileName: string; readonly mediaType: string; readonly data: Uint8Array }): void {
  const url = URL.createObjectURL(new Blob([new Uint8Array(file.data)], { type: file.mediaType }));
  const link = document.createElement('a');
  link.href = url;
  link.download = file.fileName;
  document.body.append(link);
  link.click();
  link.remove();
  // The download has started from the URL; revoking it at once can cancel it in some browsers.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** Adding a file from the user's disk to the workbench's file store, in `files/put` chunks. */
import { FILE_PUT_CHUNK_BYTES, type StoredFileInfo } from '../../../../src-shared/api/files';
import type { Caller } from '../../state/caller';

/** Standard base64 of some bytes, without Node's Buffer (the renderer has none). */
export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  // fromCharCode takes arguments: go in slices small enough for any engine's argument limit.
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** Base64 of a blob: the browser's native encoder (a data: URL) when there is one, else `bytesToBase64`. */
export async function blobToBase64(blob: Blob): Promise<string> {
  if (typeof FileReader === 'undefined') return bytesToBase64(new Uint8Array(await blob.arrayBuffer()));
  const url = await new Promise<string>((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error ?? new Error('could not read the file'));
    reader.readAsDataURL(blob);
  });
  return url.slice(url.indexOf(',') + 1);
}

/**
 * Sends `blob` as `name` (already a valid store name), chunk by chunk; resolves with the stored file.
 * The file appears in the store only when the last chunk is in, so a failed upload leaves nothing behind.
 */
export async function putFileInChunks(
  api: Caller,
  name: string,
  blob: Blob,
  onProgress?: (sent: number, total: number) => void,
  chunkBytes = 4 * 1024 * 1024,
): Promise<StoredFileInfo> {
  const size = Math.max(1, Math.min(chunkBytes, FILE_PUT_CHUNK_BYTES));
  let offset = 0;
  do {
    const end = Math.min(blob.size, offset + size);
    const final = end >= blob.size;
    const contentBase64 = await blobToBase64(blob.slice(offset, end));
    const reply = await api.call('files/put', { name, contentBase64, offset, final });
    offset = reply.received;
    onProgress?.(offset, blob.size);
    if (final) {
      if (!reply.file) throw new Error(`files/put: the store did not confirm ${name}`);
      return reply.file;
    }
  } while (offset < blob.size);
  throw new Error(`files/put: ${name} ended early`);
}

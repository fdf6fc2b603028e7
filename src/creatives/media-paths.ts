// Where a media file and its previews live: <dataDir>/media/<first two hex digits>/<sha256>.<ext>, so a
// file's name is its content and the same file uploaded twice is stored once.
import path from 'node:path';

export const mediaRoot = (dataDir: string): string => path.join(dataDir, 'media');

/** Files being received or made, renamed into place only when complete. */
export const mediaTempDir = (dataDir: string): string => path.join(mediaRoot(dataDir), 'tmp');

export function mediaPath(dataDir: string, sha256: string, suffix: string): string {
  if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error(`Not a SHA-256: ${sha256}`);
  return path.join(mediaRoot(dataDir), sha256.slice(0, 2), `${sha256}.${suffix}`);
}

export const posterPath = (dataDir: string, sha256: string): string =>
  mediaPath(dataDir, sha256, 'poster.jpg');
export const thumbnailPath = (dataDir: string, sha256: string): string =>
  mediaPath(dataDir, sha256, 'thumb.jpg');

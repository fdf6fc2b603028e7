// Receives one uploaded file: streams it to a temporary file while hashing it (SHA-256 for its address, MD5
// for TikTok's signature) and counting its size against TikTok's limit for its kind; then reads its real
// type and properties and checks them. Only a complete, accepted file is renamed into its content address,
// so the media directory never holds half a file. A refused file is deleted and the refusal says why.
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../core/errors.ts';
import { LIMITS, type Limits, aspectRatio, limitProblems, sizeLimitMessage } from './limits.ts';
import { MediaError, type MediaInfo, readMediaInfo } from './media-info.ts';
import { mediaPath, mediaTempDir } from './media-paths.ts';
import {
  ACCEPTED_EXTENSIONS,
  FORMAT_INFO,
  type MediaFormat,
  SNIFF_BYTES,
  STORED_EXTENSION,
  extensionOf,
  sniff,
} from './sniff.ts';

export interface ReceivedMedia extends MediaInfo {
  sha256: string;
  md5: string;
  size_bytes: number;
  format: MediaFormat;
  kind: 'video' | 'image';
  aspect_ratio: string;
  /** Where it is stored now. */
  path: string;
  /** False when the very same file was already stored. */
  newFile: boolean;
}

/** A refusal; its detail says in a few words what the field is about (the message says what to do). */
const refuse = (message: string, field = 'file', detail = message): AppError =>
  new AppError('validation_failed', message, [{ field, message: detail }]);

/** The file name's extension must be one TikTok takes; checked before a byte is stored. */
export function checkFileName(fileName: string): void {
  if (!fileName.trim()) throw refuse('Give the file name (file_name), e.g. "summer-sale.mp4".', 'file_name');
  if (fileName.length > 100) {
    throw refuse(`The file name has ${fileName.length} characters; TikTok takes at most 100.`, 'file_name');
  }
  const ext = extensionOf(fileName);
  if (!ACCEPTED_EXTENSIONS.includes(ext)) {
    throw refuse(
      `"${fileName}" is not a video or image TikTok takes: upload MP4 or MOV videos, JPG or PNG images.`,
      'file_name',
      `.${ext || '(no extension)'} is not one of ${ACCEPTED_EXTENSIONS.join(', ')}`,
    );
  }
}

/** A video named .mov that is an MP4 is the same kind of file; a PNG named .jpg or .mp4 is not. */
function nameMatches(fileName: string, format: MediaFormat): boolean {
  const ext = extensionOf(fileName);
  if (format === 'mp4' || format === 'mov')
    return [...FORMAT_INFO.mp4.extensions, ...FORMAT_INFO.mov.extensions].includes(ext);
  return FORMAT_INFO[format].extensions.includes(ext);
}

export async function receiveMedia(
  dataDir: string,
  fileName: string,
  body: AsyncIterable<Uint8Array>,
  limits: Limits = LIMITS,
): Promise<ReceivedMedia> {
  checkFileName(fileName);
  const tempDir = mediaTempDir(dataDir);
  await fsp.mkdir(tempDir, { recursive: true });
  const temp = path.join(tempDir, `${randomUUID()}.part`);
  const out = fs.createWriteStream(temp, { flags: 'wx' });
  // A failed write (a full disk) ends the upload with its error instead of waiting for a drain forever.
  let writeError: Error | null = null;
  out.on('error', (error) => (writeError = error));
  const drained = () =>
    new Promise<void>((resolve, reject) => {
      const done = (error?: Error) => {
        out.off('drain', done);
        out.off('error', done);
        if (error) reject(error);
        else resolve();
      };
      out.once('drain', done);
      out.once('error', done);
    });
  const sha256 = createHash('sha256');
  const md5 = createHash('md5');
  let size = 0;
  let head = Buffer.alloc(0);
  let kind: 'video' | 'image' | null = null;
  let format: MediaFormat | null = null;
  let refusal: AppError | null = null;
  const decide = () => {
    const found = sniff(head);
    if (!found.accepted) {
      refusal = refuse(
        `"${fileName}" is named like ${describeExtension(fileName)} but it is ${found.what}. Upload MP4 or MOV videos, JPG or PNG images.`,
        'file',
        `the content is ${found.what}`,
      );
    } else if (!nameMatches(fileName, found.format)) {
      refusal = refuse(
        `"${fileName}" is named like ${describeExtension(fileName)} but it is ${FORMAT_INFO[found.format].label}. Rename it to .${STORED_EXTENSION[found.format]} or upload the right file.`,
        'file',
        `the content is ${FORMAT_INFO[found.format].label}`,
      );
    } else {
      kind = found.kind;
      format = found.format;
    }
  };
  try {
    // A refused upload is still read to its end (and dropped): the client then gets the answer rather
    // than a connection reset in the middle of sending. Only past twice the largest size TikTok takes is
    // the connection dropped, rather than reading on for nothing.
    let received = 0;
    const drainLimit = 2 * limits.video.maxBytes;
    for await (const chunk of body) {
      received += chunk.byteLength;
      if (refusal && received > drainLimit) break;
      if (refusal) continue;
      const bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
      if (kind === null && head.length < SNIFF_BYTES) {
        head = Buffer.concat([head, bytes]);
        if (head.length >= SNIFF_BYTES) decide();
        if (refusal) continue;
      }
      size += bytes.length;
      const max = kind === 'video' ? limits.video.maxBytes : limits.image.maxBytes;
      if (kind !== null && size > max) {
        refusal = new AppError(
          'validation_failed',
          `"${fileName}" is larger than allowed. ${sizeLimitMessage(kind, limits)}`,
          [{ field: 'size', message: sizeLimitMessage(kind, limits) }],
        );
        continue;
      }
      sha256.update(bytes);
      md5.update(bytes);
      if (writeError) throw writeError;
      if (!out.write(bytes)) await drained();
    }
    if (!refusal && kind === null) decide();
    await new Promise<void>((resolve, reject) =>
      out.end((error?: Error | null) => (error ? reject(error) : resolve())),
    );
    if (refusal) throw refusal;
    const accepted = { kind: kind!, format: format! };
    const info = await inspect(temp, accepted.format, size);
    const problems = limitProblems(accepted.kind, info, limits);
    if (problems.length > 0) {
      throw new AppError(
        'validation_failed',
        `"${fileName}" does not meet TikTok's limits: ${problems.map((p) => p.message).join(' ')}`,
        problems,
      );
    }
    await fsyncFile(temp);
    const sha = sha256.digest('hex');
    const target = mediaPath(dataDir, sha, STORED_EXTENSION[accepted.format]);
    await fsp.mkdir(path.dirname(target), { recursive: true });
    const newFile = !fs.existsSync(target);
    if (newFile) await fsp.rename(temp, target);
    else await fsp.rm(temp, { force: true });
    return {
      ...info,
      sha256: sha,
      md5: md5.digest('hex'),
      size_bytes: size,
      ...accepted,
      aspect_ratio: aspectRatio(info.width, info.height),
      path: target,
      newFile,
    };
  } catch (error) {
    out.destroy();
    await fsp.rm(temp, { force: true });
    throw error;
  }
}

async function inspect(file: string, format: MediaFormat, size: number): Promise<MediaInfo> {
  const handle = await fsp.open(file, 'r');
  try {
    return await readMediaInfo(handle, format, size);
  } catch (error) {
    if (error instanceof MediaError) throw refuse(error.message);
    throw error;
  } finally {
    await handle.close();
  }
}

async function fsyncFile(file: string): Promise<void> {
  const handle = await fsp.open(file, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

function describeExtension(fileName: string): string {
  const ext = extensionOf(fileName);
  const format = (Object.keys(FORMAT_INFO) as MediaFormat[]).find((f) =>
    FORMAT_INFO[f].extensions.includes(ext),
  );
  return format ? `${FORMAT_INFO[format].label} (.${ext})` : `.${ext}`;
}

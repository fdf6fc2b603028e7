// Reads a media file's real properties from its own headers: width, height and duration from an MP4/MOV's
// boxes (moov → trak → tkhd, mdia → mdhd, hdlr, stsd), a PNG's IHDR chunk or a JPEG's SOF marker. Only the
// headers are read (the media data box of a large video is skipped by seeking), so this is quick at any size.
import type { FileHandle } from 'node:fs/promises';
import type { MediaFormat } from './sniff.ts';

export interface MediaInfo {
  width: number;
  height: number;
  /** Seconds, to the millisecond; null for images. */
  duration_s: number | null;
  /** e.g. "h264" (from the sample entry avc1), "hevc", "png", "jpeg". */
  video_codec: string;
  /** The sound track's codec (e.g. "aac"), null when there is none or for images. */
  audio_codec: string | null;
}

export class MediaError extends Error {}

/** Sample entry four-character codes → codec names as ffprobe prints them. */
const CODECS: Record<string, string> = {
  avc1: 'h264',
  avc3: 'h264',
  hvc1: 'hevc',
  hev1: 'hevc',
  av01: 'av1',
  vp09: 'vp9',
  vp08: 'vp8',
  mp4v: 'mpeg4',
  mp4a: 'aac',
  'ac-3': 'ac3',
  'ec-3': 'eac3',
  Opus: 'opus',
  '.mp3': 'mp3',
  lpcm: 'pcm',
  sowt: 'pcm_s16le',
  twos: 'pcm_s16be',
  apch: 'prores',
  apcn: 'prores',
  apcs: 'prores',
  apco: 'prores',
  ap4h: 'prores',
  jpeg: 'mjpeg',
};
const codecName = (fourcc: string): string => CODECS[fourcc] ?? fourcc.trim();

export async function readMediaInfo(file: FileHandle, format: MediaFormat, size: number): Promise<MediaInfo> {
  if (format === 'png') return readPng(file);
  if (format === 'jpeg') return readJpeg(file, size);
  return readIsoMedia(file, size);
}

async function readAt(file: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await file.read(buffer, 0, length, position);
  return buffer.subarray(0, bytesRead);
}

// ---- PNG: the IHDR chunk comes first, right after the 8-byte signature ----

async function readPng(file: FileHandle): Promise<MediaInfo> {
  const head = await readAt(file, 0, 33);
  if (head.length < 33 || head.toString('latin1', 12, 16) !== 'IHDR') {
    throw new MediaError('The PNG file is cut short or damaged: its IHDR header is missing.');
  }
  const width = head.readUInt32BE(16);
  const height = head.readUInt32BE(20);
  if (width === 0 || height === 0) throw new MediaError('The PNG header says the image has no pixels.');
  return { width, height, duration_s: null, video_codec: 'png', audio_codec: null };
}

// ---- JPEG: markers up to the first start-of-frame (SOF0–SOF15 except DHT, JPG and DAC) ----

const NOT_SOF = new Set([0xc4, 0xc8, 0xcc]);

async function readJpeg(file: FileHandle, size: number): Promise<MediaInfo> {
  let position = 2;
  while (position + 4 <= size) {
    const marker = await readAt(file, position, 4);
    if (marker[0] !== 0xff) throw new MediaError(`The JPEG file is damaged: no marker at byte ${position}.`);
    const type = marker[1]!;
    // Fill bytes and markers without a length.
    if (type === 0xff) {
      position += 1;
      continue;
    }
    if (type === 0xd8 || type === 0x01 || (type >= 0xd0 && type <= 0xd7)) {
      position += 2;
      continue;
    }
    if (type === 0xd9 || type === 0xda) break;
    const length = marker.readUInt16BE(2);
    if (type >= 0xc0 && type <= 0xcf && !NOT_SOF.has(type)) {
      const frame = await readAt(file, position + 4, 5);
      const height = frame.readUInt16BE(1);
      const width = frame.readUInt16BE(3);
      if (width === 0 || height === 0) throw new MediaError('The JPEG header says the image has no pixels.');
      return { width, height, duration_s: null, video_codec: 'jpeg', audio_codec: null };
    }
    position += 2 + length;
  }
  throw new MediaError('The JPEG file has no frame header (SOF): it is cut short or damaged.');
}

// ---- MP4 / MOV (ISO base media): boxes of [size][type][payload] ----

interface Box {
  type: string;
  /** Where the payload starts and ends in the buffer or file. */
  start: number;
  end: number;
}

/** The boxes at one level of a buffer. */
function* boxes(buf: Buffer, from: number, to: number): Generator<Box> {
  let at = from;
  while (at + 8 <= to) {
    let size = buf.readUInt32BE(at);
    const type = buf.toString('latin1', at + 4, at + 8);
    let header = 8;
    if (size === 1) {
      if (at + 16 > to) return;
      size = Number(buf.readBigUInt64BE(at + 8));
      header = 16;
    } else if (size === 0) size = to - at;
    if (size < header || at + size > to)
      throw new MediaError(`The "${type}" box runs past its parent: the file is damaged.`);
    yield { type, start: at + header, end: at + size };
    at += size;
  }
}

const child = (buf: Buffer, parent: Box, type: string): Box | undefined => {
  for (const box of boxes(buf, parent.start, parent.end)) if (box.type === type) return box;
  return undefined;
};
const childPath = (buf: Buffer, parent: Box, ...types: string[]): Box | undefined => {
  let box: Box | undefined = parent;
  for (const type of types) box = box && child(buf, box, type);
  return box;
};

/** The moov box may follow the media data, which can be gigabytes: walk the top level by seeking. */
async function findMoov(file: FileHandle, size: number): Promise<Buffer> {
  let at = 0;
  while (at + 8 <= size) {
    const head = await readAt(file, at, 16);
    let boxSize = head.readUInt32BE(0);
    const type = head.toString('latin1', 4, 8);
    if (boxSize === 1) boxSize = Number(head.readBigUInt64BE(8));
    else if (boxSize === 0) boxSize = size - at;
    if (boxSize < 8)
      throw new MediaError(`The "${type}" box at byte ${at} has an impossible size: the file is damaged.`);
    if (type === 'moov') {
      if (boxSize > 256 * 1024 * 1024) throw new MediaError('The movie header (moov) is larger than 256 MB.');
      if (at + boxSize > size)
        throw new MediaError('The movie header (moov) is cut short: the upload is incomplete.');
      return readAt(file, at, boxSize);
    }
    at += boxSize;
  }
  throw new MediaError(
    'The video has no movie header (moov box): it is cut short, or was not finished when it was recorded.',
  );
}

interface Track {
  handler: string;
  width: number;
  height: number;
  duration_s: number | null;
  codec: string | null;
}

async function readIsoMedia(file: FileHandle, size: number): Promise<MediaInfo> {
  const moovBuf = await findMoov(file, size);
  const moov: Box = { type: 'moov', start: 8, end: moovBuf.length };
  if (moovBuf.readUInt32BE(0) === 1) moov.start = 16;
  const movieDuration = readMvhd(moovBuf, child(moovBuf, moov, 'mvhd'));
  const tracks: Track[] = [];
  for (const box of boxes(moovBuf, moov.start, moov.end))
    if (box.type === 'trak') tracks.push(readTrack(moovBuf, box));
  const video = tracks.find((t) => t.handler === 'vide');
  if (!video) throw new MediaError('The file has no video track (it may be audio only).');
  if (video.width === 0 || video.height === 0) throw new MediaError('The video track says it has no pixels.');
  const duration = video.duration_s ?? movieDuration;
  if (duration === null) throw new MediaError('The video has no duration in its headers.');
  const audio = tracks.find((t) => t.handler === 'soun');
  return {
    width: video.width,
    height: video.height,
    duration_s: Math.round(duration * 1000) / 1000,
    video_codec: video.codec ?? 'unknown',
    audio_codec: audio?.codec ?? null,
  };
}

/** mvhd: the movie's timescale and duration (version 1 has 64-bit times). */
function readMvhd(buf: Buffer, box: Box | undefined): number | null {
  if (!box) return null;
  const version = buf[box.start]!;
  const timescale = buf.readUInt32BE(box.start + (version === 1 ? 20 : 12));
  const duration =
    version === 1 ? Number(buf.readBigUInt64BE(box.start + 24)) : buf.readUInt32BE(box.start + 16);
  return timescale > 0 ? duration / timescale : null;
}

function readTrack(buf: Buffer, trak: Box): Track {
  const tkhd = child(buf, trak, 'tkhd');
  const mdhd = childPath(buf, trak, 'mdia', 'mdhd');
  const hdlr = childPath(buf, trak, 'mdia', 'hdlr');
  const stsd = childPath(buf, trak, 'mdia', 'minf', 'stbl', 'stsd');
  const handler = hdlr ? buf.toString('latin1', hdlr.start + 8, hdlr.start + 12) : '';

  let width = 0;
  let height = 0;
  if (tkhd) {
    // tkhd: version/flags, times, track id, duration, layer…, a 3×3 matrix (36 bytes), then the width and
    // height in 16.16 fixed point — the size it is shown at, before the matrix turns it.
    const version = buf[tkhd.start]!;
    const matrixAt = tkhd.start + (version === 1 ? 52 : 40);
    const sizeAt = matrixAt + 36;
    width = Math.round(buf.readUInt32BE(sizeAt) / 65536);
    height = Math.round(buf.readUInt32BE(sizeAt + 4) / 65536);
    // A phone's portrait video is often stored landscape with a 90° matrix: a = 0, b = ±1.
    const a = buf.readInt32BE(matrixAt);
    const b = buf.readInt32BE(matrixAt + 4);
    if (a === 0 && Math.abs(b) === 65536) [width, height] = [height, width];
  }
  let codec: string | null = null;
  if (stsd && stsd.start + 16 <= stsd.end) {
    // stsd: version/flags, entry count, then the first sample entry box [size][fourcc]…
    const entryAt = stsd.start + 8;
    codec = codecName(buf.toString('latin1', entryAt + 4, entryAt + 8));
    if ((width === 0 || height === 0) && handler === 'vide' && entryAt + 36 <= stsd.end) {
      // A visual sample entry keeps the coded size at bytes 32–35 of the entry.
      width = buf.readUInt16BE(entryAt + 32);
      height = buf.readUInt16BE(entryAt + 34);
    }
  }
  let duration_s: number | null = null;
  if (mdhd) {
    const version = buf[mdhd.start]!;
    const timescale = buf.readUInt32BE(mdhd.start + (version === 1 ? 20 : 12));
    const duration =
      version === 1 ? Number(buf.readBigUInt64BE(mdhd.start + 24)) : buf.readUInt32BE(mdhd.start + 16);
    if (timescale > 0 && duration !== 0xffffffff) duration_s = duration / timescale;
  }
  return { handler, width, height, duration_s, codec };
}

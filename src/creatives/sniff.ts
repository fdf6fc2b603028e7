// What a file really is, from its first bytes rather than its name: a renamed file is refused saying what it
// is, so the advertiser does not upload a PNG as a video and find out at TikTok's review.

export type MediaFormat = 'mp4' | 'mov' | 'jpeg' | 'png';

export type Sniffed =
  { accepted: true; format: MediaFormat; kind: 'video' | 'image' } | { accepted: false; what: string };

/** Bytes needed to tell the formats apart. */
export const SNIFF_BYTES = 64;

const ascii = (bytes: Uint8Array, from: number, to: number): string =>
  String.fromCharCode(...bytes.subarray(from, Math.min(to, bytes.length)));

const startsWith = (bytes: Uint8Array, prefix: number[]): boolean => prefix.every((b, i) => bytes[i] === b);

/** QuickTime files from before `ftyp` existed start with one of these top-level boxes. */
const OLD_QUICKTIME_BOXES = new Set(['moov', 'mdat', 'wide', 'free', 'skip', 'pnot']);

export function sniff(head: Uint8Array): Sniffed {
  if (head.length === 0) return { accepted: false, what: 'an empty file' };
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
    return { accepted: true, format: 'png', kind: 'image' };
  if (startsWith(head, [0xff, 0xd8, 0xff])) return { accepted: true, format: 'jpeg', kind: 'image' };
  const box = ascii(head, 4, 8);
  if (box === 'ftyp') {
    const brand = ascii(head, 8, 12);
    if (brand === 'qt  ') return { accepted: true, format: 'mov', kind: 'video' };
    if (['heic', 'heix', 'mif1', 'msf1', 'avif'].includes(brand))
      return { accepted: false, what: `a ${brand === 'avif' ? 'AVIF' : 'HEIF/HEIC'} image` };
    if (brand.startsWith('M4A') || brand === 'M4B ') return { accepted: false, what: 'an M4A audio file' };
    if (brand.startsWith('3g')) return { accepted: false, what: 'a 3GP video' };
    return { accepted: true, format: 'mp4', kind: 'video' };
  }
  if (OLD_QUICKTIME_BOXES.has(box)) return { accepted: true, format: 'mov', kind: 'video' };
  if (ascii(head, 0, 6) === 'GIF87a' || ascii(head, 0, 6) === 'GIF89a')
    return { accepted: false, what: 'a GIF image' };
  if (ascii(head, 0, 4) === 'RIFF') {
    const type = ascii(head, 8, 12);
    if (type === 'WEBP') return { accepted: false, what: 'a WebP image' };
    if (type === 'AVI ') return { accepted: false, what: 'an AVI video' };
    if (type === 'WAVE') return { accepted: false, what: 'a WAV audio file' };
  }
  if (startsWith(head, [0x1a, 0x45, 0xdf, 0xa3])) return { accepted: false, what: 'a WebM/Matroska video' };
  if (startsWith(head, [0x00, 0x00, 0x01, 0xba]) || startsWith(head, [0x00, 0x00, 0x01, 0xb3]))
    return { accepted: false, what: 'an MPEG-1/2 video' };
  if (head[0] === 0x47 && head.length > 188 && head[188] === 0x47)
    return { accepted: false, what: 'an MPEG transport stream' };
  if (ascii(head, 0, 5) === '%PDF-') return { accepted: false, what: 'a PDF document' };
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04]))
    return { accepted: false, what: 'a ZIP archive (or Office document)' };
  if (startsWith(head, [0x1f, 0x8b])) return { accepted: false, what: 'a gzip archive' };
  if (ascii(head, 0, 3) === 'ID3' || startsWith(head, [0xff, 0xfb]))
    return { accepted: false, what: 'an MP3 audio file' };
  if (ascii(head, 0, 4) === 'BM') return { accepted: false, what: 'a BMP image' };
  if (startsWith(head, [0x49, 0x49, 0x2a, 0x00]) || startsWith(head, [0x4d, 0x4d, 0x00, 0x2a]))
    return { accepted: false, what: 'a TIFF image' };
  if (looksLikeText(head)) return { accepted: false, what: 'a text file' };
  return { accepted: false, what: 'data of an unknown format' };
}

function looksLikeText(head: Uint8Array): boolean {
  const text = new TextDecoder('utf-8', { fatal: false }).decode(head);
  // Printable characters and whitespace, and no replacement characters from invalid UTF-8 (a multi-byte
  // character cut at the end of the sample is allowed).
  const body = text.replace(/\uFFFD$/, '');
  for (const char of body) {
    const code = char.codePointAt(0)!;
    if (code === 0xfffd || (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d && code !== 0x0c))
      return false;
  }
  return true;
}

/** The names a format goes by, for matching the file name's extension and for messages. */
export const FORMAT_INFO: Record<MediaFormat, { label: string; extensions: string[]; mime: string }> = {
  mp4: { label: 'an MP4 video', extensions: ['mp4', 'm4v'], mime: 'video/mp4' },
  mov: { label: 'a QuickTime (MOV) video', extensions: ['mov', 'qt'], mime: 'video/quicktime' },
  jpeg: { label: 'a JPEG image', extensions: ['jpg', 'jpeg'], mime: 'image/jpeg' },
  png: { label: 'a PNG image', extensions: ['png'], mime: 'image/png' },
};

/** The extension a stored file gets: one per format, whatever the upload was called. */
export const STORED_EXTENSION: Record<MediaFormat, string> = {
  mp4: 'mp4',
  mov: 'mov',
  jpeg: 'jpg',
  png: 'png',
};

export const ACCEPTED_EXTENSIONS = Object.values(FORMAT_INFO).flatMap((f) => f.extensions);

export function extensionOf(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  return dot < 0 ? '' : fileName.slice(dot + 1).toLowerCase();
}

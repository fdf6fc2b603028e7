// Assets → Creatives: the library with each creative's file, uses and results; uploads (the file itself as
// the request body, its name in ?file_name=, streamed to disk in a scope of their own); the files, posters
// and thumbnails (with byte ranges, so the inline player can seek); deleting a creative no ad uses.
import fs from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../app-context.ts';
import { notFound } from '../../core/errors.ts';
import { deleteCreative, getCreativeRow } from '../../creatives/creative-records.ts';
import { creativeAsset, creativeLibrary } from '../../creatives/library.ts';
import { mediaPath, posterPath, thumbnailPath } from '../../creatives/media-paths.ts';
import { removeMediaFiles } from '../../creatives/previews.ts';
import { FORMAT_INFO, STORED_EXTENSION } from '../../creatives/sniff.ts';
import { uploadCreative } from '../../creatives/upload.ts';
import {
  CreativeAsset,
  CreativeDeleted,
  CreativeLibrary,
  CreativeLibraryQuery,
  CreativeUploadQuery,
  CreativeUploaded,
} from '../../shared/creatives-api.ts';
import { actorFor } from '../principal.ts';
import { type RouteDef, defineRoute, registerRoutes } from '../route.ts';

const base = '/api/v1/advertisers/:advertiserId/creatives';
const AdvertiserParams = z.object({ advertiserId: z.string().min(1) });
const CreativeParams = AdvertiserParams.extend({ creativeId: z.string().min(1) });

const libraryRoute = defineRoute({
  method: 'GET',
  url: `${base}/library`,
  access: { advertiser: 'view' },
  summary:
    "The creative library: every creative with its file's properties read from the file (size, pixels, aspect ratio, duration, codecs, MD5 signature), the ads using it, and its results across them over from–to (default: the last 30 days) from the report query broken down by creative.",
  tag: 'creatives',
  params: AdvertiserParams,
  query: CreativeLibraryQuery,
  response: CreativeLibrary,
  handler: async ({ params, query }, ctx) => creativeLibrary(ctx, params.advertiserId, query),
});

const creativeRoute = defineRoute({
  method: 'GET',
  url: `${base}/:creativeId`,
  access: { advertiser: 'view' },
  summary:
    "One creative with its file's properties, the addresses of its file, poster and thumbnail, and the ads using it (results are in the library).",
  tag: 'creatives',
  params: CreativeParams,
  response: CreativeAsset,
  handler: async ({ params }, ctx) => creativeAsset(ctx, params.advertiserId, params.creativeId),
});

export const uploadRoute = defineRoute({
  method: 'POST',
  url: base,
  access: { advertiser: 'edit' },
  summary:
    "Uploads a video (MP4, MOV) or image (JPG, PNG): send the file itself as the body (any content type, e.g. application/octet-stream) and its name in ?file_name=. Its type is read from its bytes (a renamed file is refused saying what it is) and TikTok's limits are checked (videos ≤ 500 MB, ≥ 540 px on the shorter side, 5 s–10 min; images ≤ 50 MB, ≤ 3,686,400 pixels). The same file twice is one creative: the answer says duplicate.",
  tag: 'creatives',
  params: AdvertiserParams,
  query: CreativeUploadQuery,
  response: CreativeUploaded,
  handler: async ({ params, query, principal, request }, ctx) =>
    uploadCreative(
      ctx,
      actorFor(principal!.user, request),
      params.advertiserId,
      query.file_name,
      request.body as AsyncIterable<Uint8Array>,
    ),
});

const deleteRoute = defineRoute({
  method: 'DELETE',
  url: `${base}/:creativeId`,
  access: { advertiser: 'edit' },
  summary:
    'Deletes a creative no ad uses (one in use is refused with the list of its ads); its file goes when no other creative refers to it.',
  tag: 'creatives',
  params: CreativeParams,
  response: CreativeDeleted,
  handler: async ({ params, principal, request }, ctx) => {
    const { orphan } = await deleteCreative(
      ctx.catalog,
      actorFor(principal!.user, request),
      params.advertiserId,
      params.creativeId,
    );
    if (orphan) {
      const dir = ctx.config.dataDir;
      await removeMediaFiles([
        mediaPath(dir, orphan.sha256, orphan.extension),
        posterPath(dir, orphan.sha256),
        thumbnailPath(dir, orphan.sha256),
      ]);
    }
    return { creative_id: params.creativeId, file_removed: orphan !== null };
  },
});

type FileKind = 'file' | 'poster' | 'thumbnail';

function fileRoute(kind: FileKind) {
  return defineRoute({
    method: 'GET',
    url: `${base}/:creativeId/${kind}`,
    access: { advertiser: 'view' },
    summary:
      kind === 'file'
        ? "The creative's file as uploaded; answers byte ranges (Range: bytes=…) for players that seek."
        : kind === 'poster'
          ? "A video's poster frame (JPEG, at most 720 px)."
          : "A thumbnail (JPEG, at most 320 px) of the image or of the video's poster frame.",
    tag: 'creatives',
    params: CreativeParams,
    response: z.string(),
    produces: kind === 'file' ? Object.values(FORMAT_INFO).map((f) => f.mime) : ['image/jpeg'],
    handler: async ({ params, request, reply }, ctx) => {
      const creative = await getCreativeRow(ctx.catalog, params.advertiserId, params.creativeId);
      const media = creative.media;
      const missing = () =>
        notFound(
          kind === 'file' ? 'Creative file' : kind === 'poster' ? 'Poster' : 'Thumbnail',
          params.creativeId,
        );
      if (!media) throw missing();
      const dir = ctx.config.dataDir;
      const file =
        kind === 'file'
          ? mediaPath(dir, media.sha256, STORED_EXTENSION[media.format])
          : kind === 'poster'
            ? posterPath(dir, media.sha256)
            : thumbnailPath(dir, media.sha256);
      let size: number;
      try {
        size = fs.statSync(file).size;
      } catch {
        throw missing();
      }
      // The address holds the content's hash: what it answers never changes.
      reply.header('cache-control', 'private, max-age=31536000, immutable');
      reply.header('content-type', kind === 'file' ? FORMAT_INFO[media.format].mime : 'image/jpeg');
      reply.header('accept-ranges', 'bytes');
      if (kind === 'file') {
        reply.header(
          'content-disposition',
          `inline; filename*=UTF-8''${encodeURIComponent(creative.file_name)}`,
        );
      }
      const range = parseRange(request.headers.range, size);
      if (range === 'unsatisfiable') {
        reply.status(416).header('content-range', `bytes */${size}`);
        return '' as never;
      }
      if (range) {
        reply
          .status(206)
          .header('content-range', `bytes ${range.start}-${range.end}/${size}`)
          .header('content-length', range.end - range.start + 1);
        return fs.createReadStream(file, range) as never;
      }
      reply.header('content-length', size);
      return fs.createReadStream(file) as never;
    },
  });
}

/** One range of `bytes=start-end`, `bytes=start-` or `bytes=-suffix`; several ranges get the whole file. */
function parseRange(
  header: string | undefined,
  size: number,
): { start: number; end: number } | 'unsatisfiable' | null {
  const match = header?.match(/^bytes=(\d*)-(\d*)$/);
  if (!match || (match[1] === '' && match[2] === '')) return null;
  let start: number;
  let end: number;
  if (match[1] === '') {
    start = Math.max(0, size - Number(match[2]));
    end = size - 1;
  } else {
    start = Number(match[1]);
    end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
  }
  if (start >= size || start > end) return 'unsatisfiable';
  return { start, end };
}

export const creativeRoutes: RouteDef[] = [
  libraryRoute,
  creativeRoute,
  deleteRoute,
  fileRoute('file'),
  fileRoute('poster'),
  fileRoute('thumbnail'),
];

/** For the OpenAPI document; registered by registerCreativeUploads, not with the JSON API's routes. */
export const creativeScopedRoutes: RouteDef[] = [uploadRoute];

/** Uploads take the raw file as the body, streamed to disk rather than buffered: a scope of their own. */
export function registerCreativeUploads(app: FastifyInstance, ctx: AppContext): void {
  void app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_request, payload, done) => done(null, payload));
    registerRoutes(scope, ctx, [uploadRoute]);
  });
}

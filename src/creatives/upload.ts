// One upload, as the API and the command line do it: receive and check the file, make its previews, and
// add it to the advertiser's library (or find it there already).
import type { Actor } from '../access/audit.ts';
import type { AppContext } from '../app-context.ts';
import { getAdvertiser } from '../catalog/advertisers.ts';
import { notFound } from '../core/errors.ts';
import type { CreativeUploaded } from '../shared/creatives-api.ts';
import { addUploadedCreative } from './creative-records.ts';
import { creativeAsset } from './library.ts';
import { makePreviews } from './previews.ts';
import { checkFileName, receiveMedia } from './receive-media.ts';

export async function uploadCreative(
  ctx: AppContext,
  actor: Actor,
  advertiserId: string,
  fileName: string,
  body: AsyncIterable<Uint8Array>,
): Promise<CreativeUploaded> {
  checkFileName(fileName);
  if (!(await getAdvertiser(ctx.catalog, advertiserId))) throw notFound('Advertiser', advertiserId);
  const media = await receiveMedia(ctx.config.dataDir, fileName, body);
  const previews = await makePreviews(ctx.config.dataDir, media);
  const added = await addUploadedCreative(ctx.catalog, actor, advertiserId, fileName, media, previews);
  const creative = await creativeAsset(ctx, advertiserId, added.creativeId);
  const message = added.duplicate
    ? `This file is already in the library as "${added.fileName}": nothing new was stored.`
    : added.fileName !== fileName
      ? `Added as "${added.fileName}": the library already has another file named "${fileName}".`
      : `Added "${added.fileName}" to the library.`;
  return { creative, duplicate: added.duplicate, message };
}

// What the routes under /api/v1/advertisers/:advertiserId check first: that the advertiser exists (404
// otherwise) and that a date range does not end before it starts.
import type { AppContext } from '../../app-context.ts';
import { type AdvertiserRecord, getAdvertiser } from '../../catalog/advertisers.ts';
import { AppError, notFound } from '../../core/errors.ts';

export async function advertiserOr404(ctx: AppContext, advertiserId: string): Promise<AdvertiserRecord> {
  const advertiser = await getAdvertiser(ctx.catalog, advertiserId);
  if (!advertiser) throw notFound('Advertiser', advertiserId);
  return advertiser;
}

export function checkRange(range: { from: string; to: string }): void {
  if (range.from > range.to) {
    throw new AppError(
      'invalid_date_range',
      `The range starts (${range.from}) after it ends (${range.to}).`,
      [{ field: 'query.from', message: 'must be on or before "to"' }],
    );
  }
}

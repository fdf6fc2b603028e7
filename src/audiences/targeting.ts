// Audiences in an ad group's targeting: the checks TikTok makes (the audience exists and is the
// advertiser's; an included audience has at least 1,000 matched people, an excluded one may be smaller; no
// audience both included and excluded), and how audiences change the size estimate of the ad group form.
import type { AppContext } from '../app-context.ts';
import { AppError, type ErrorDetail } from '../core/errors.ts';
import type { AgeGroup, Gender } from '../core/enums.ts';
import { AGES, audienceSize, segmentsFor } from '../sources/sandbox/population.ts';
import {
  type AudienceEstimateBreakdown,
  type EstimatedAudience,
  MIN_TARGETABLE_SIZE,
} from '../shared/audiences-api.ts';
import { audienceSizes } from './audiences.ts';

const fmt = (n: number) => n.toLocaleString('en-US');

export async function checkTargetedAudiences(
  ctx: AppContext,
  advertiserId: string,
  included: string[] | undefined,
  excluded: string[] | undefined,
): Promise<void> {
  const include = included ?? [];
  const exclude = excluded ?? [];
  if (include.length === 0 && exclude.length === 0) return;
  const sizes = await audienceSizes(ctx, advertiserId, [...include, ...exclude]);
  const details: ErrorDetail[] = [];
  include.forEach((id, i) => {
    const found = sizes.get(id);
    const field = `audience_ids[${i}]`;
    if (!found) return details.push({ field, message: `This advertiser has no audience ${id}.` });
    const size = found.size.matched_size;
    if (size === null || size < MIN_TARGETABLE_SIZE) {
      details.push({
        field,
        message: `"${found.row.name}" has ${size === null ? 'an unknown number of' : fmt(size)} matched people; TikTok targets only audiences of at least ${fmt(MIN_TARGETABLE_SIZE)}. Exclude it instead, or target a larger audience.`,
      });
    }
    if (exclude.includes(id)) {
      details.push({
        field,
        message: `"${found.row.name}" is both included and excluded: keep it in one list.`,
      });
    }
  });
  exclude.forEach((id, i) => {
    if (!sizes.has(id))
      details.push({
        field: `excluded_audience_ids[${i}]`,
        message: `This advertiser has no audience ${id}.`,
      });
  });
  if (details.length > 0) {
    throw new AppError(
      'validation_failed',
      details.length === 1
        ? details[0]!.message
        : `${details.length} problems with the audiences: ${details.map((d) => d.message).join(' ')}`,
      details,
    );
  }
}

export interface EstimateTargeting {
  locations: string[];
  age_groups: AgeGroup[];
  gender: Gender;
  interests: string[];
  audience_ids: string[];
  excluded_audience_ids: string[];
}

/**
 * The estimate with audiences. An audience's people are assumed spread like the population: the share of
 * them inside the rest of the targeting is the targeting's size over the population of its countries (for
 * a lookalike, of its own country, and 0 when that country is not targeted). Included audiences cap the
 * size at the sum of their shares (overlaps between them are not known, so the union is the sum, at most
 * the targeting); excluded audiences then subtract their shares of what is left (all of their people when
 * both sides are the shop's own people).
 */
export async function estimateWithAudiences(
  ctx: AppContext,
  advertiserId: string,
  t: EstimateTargeting,
): Promise<{ size: number; breakdown: AudienceEstimateBreakdown }> {
  const targetingSize = audienceSize(segmentsFor(t.locations, t.age_groups, t.gender), t.interests);
  const sizes = await audienceSizes(ctx, advertiserId, [...t.audience_ids, ...t.excluded_audience_ids]);
  const everyone = (countries: string[]) =>
    segmentsFor(countries, [...AGES], 'GENDER_UNLIMITED').reduce((sum, s) => sum + s.size, 0);

  const shareOf = (id: string, within: number): EstimatedAudience | null => {
    const found = sizes.get(id);
    if (!found) return null;
    const def = found.row.definition as { country?: string };
    let share: number;
    if (found.row.type === 'lookalike' && def.country) {
      share = t.locations.includes(def.country)
        ? audienceSize(segmentsFor([def.country], t.age_groups, t.gender), t.interests) /
          everyone([def.country])
        : 0;
    } else share = within / Math.max(1, everyone(t.locations));
    return {
      audience_id: id,
      name: found.row.name,
      matched_size: found.size.matched_size,
      share_in_targeting: Math.min(1, share),
    };
  };
  const inside = (a: EstimatedAudience) => (a.matched_size ?? 0) * a.share_in_targeting;

  const included = t.audience_ids.map((id) => shareOf(id, targetingSize)).filter((a) => a !== null);
  let size =
    included.length > 0
      ? Math.min(
          targetingSize,
          included.reduce((sum, a) => sum + inside(a), 0),
        )
      : targetingSize;
  const excluded = t.excluded_audience_ids.map((id) => shareOf(id, targetingSize)).filter((a) => a !== null);
  // Of an excluded audience's people inside the targeting, those also in the included audiences go: in
  // proportion, except that the shop's own people (customer files, website visitors) excluded from its own
  // people go entirely — buyers out of cart abandoners — as the sandbox delivers it.
  const ownPeople = (id: string) => {
    const type = sizes.get(id)?.row.type;
    return type === 'customer_file' || type === 'website';
  };
  const ownIncluded = t.audience_ids.some(ownPeople);
  const keep = targetingSize > 0 ? size / targetingSize : 0;
  const removed = (a: EstimatedAudience) =>
    ownIncluded && ownPeople(a.audience_id) ? inside(a) : inside(a) * keep;
  size = Math.max(0, size - excluded.reduce((sum, a) => sum + removed(a), 0));
  return {
    size: Math.round(size),
    breakdown: { targeting_size: targetingSize, included, excluded },
  };
}

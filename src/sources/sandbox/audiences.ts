// How the custom and lookalike audiences an ad group includes or excludes change its delivery: who it can
// reach (per country), how well those people respond and what their attention costs. Computed once per ad
// group and day, so the hourly loop only sees smaller segments, lifted rates and a dearer clearing price.
// The model is documented in docs/sandbox.md ("Audiences").
import { listAudienceRows } from '../../audiences/audience-records.ts';
import { countryPopulation } from '../../audiences/lookalike.ts';
import type { Queryable } from '../../catalog/db.ts';
import type { Segment } from './population.ts';

export type SandboxAudienceType = 'customer_file' | 'website' | 'lookalike';

/** What the sandbox needs to know of an audience. */
export interface SandboxAudience {
  audience_id: string;
  type: SandboxAudienceType;
  /** Matched people; null while unknown, which reaches nobody. */
  matched_size: number | null;
  /** A lookalike's country (its people live there); null for the other types. */
  country: string | null;
  /** A lookalike's share of its country's people (1–10 %); null for the other types. */
  percent: number | null;
}

export interface AudienceEffect {
  /** Per country: the share of the targeting's people there that the ad group may reach (0–1). */
  reachShare: Map<string, number>;
  /** Multipliers of the creative's click and conversion rates for these people. */
  ctrLift: number;
  cvrLift: number;
  /** Multiplier of the clearing CPM: people others also want cost more. */
  cpmFactor: number;
}

/**
 * People who already know the shop — its customers (a customer file) and its visitors (a website
 * audience) — click more, convert far more often, and every advertiser retargeting them bids up the price.
 */
export const RETARGETING = { ctr: 1.3, cvr: 2.5, cpm: 1.6 } as const;

/**
 * A lookalike's people resemble its source a little, the less the broader it is: the conversion lift is
 * 0.4 / √percent (1 % → × 1.4, 5 % → × 1.18, 10 % → × 1.13); clicks and price move by a third of that.
 */
export function lookalikeLift(percent: number): { ctr: number; cvr: number; cpm: number } {
  const lift = 0.4 / Math.sqrt(Math.min(10, Math.max(1, percent)));
  return { ctr: 1 + lift / 3, cvr: 1 + lift, cpm: 1 + lift / 3 };
}

const isOwnPeople = (a: SandboxAudience): boolean => a.type !== 'lookalike';

function peopleBy(country: string, segments: Segment[]): number {
  return segments.reduce((sum, s) => (s.country === country ? sum + s.size : sum), 0);
}

/** Everyone in a country (every age and gender), as lookalikes are sized; once per country. */
const countryPeople = new Map<string, number>();
function everyoneIn(country: string): number {
  let n = countryPeople.get(country);
  if (n === undefined) countryPeople.set(country, (n = countryPopulation(country)));
  return n;
}

/**
 * The advertiser's audiences with their sizes as the catalog holds them: as counted when each was made or
 * last recounted.
 * Not recounted here: a count over the warehouse's events would depend on which days' facts are already
 * written, and the same seed must give the same facts however a run is cut into pieces.
 */
export async function loadSandboxAudiences(
  catalog: Queryable,
  advertiserId: string,
): Promise<Map<string, SandboxAudience>> {
  const out = new Map<string, SandboxAudience>();
  for (const row of await listAudienceRows(catalog, advertiserId)) {
    const lookalike =
      row.type === 'lookalike' ? (row.definition as { country?: string; percent?: number }) : null;
    out.set(row.audience_id, {
      audience_id: row.audience_id,
      type: row.type,
      matched_size: row.matched_size,
      country: lookalike?.country ?? null,
      percent: lookalike?.percent ?? null,
    });
  }
  return out;
}

/**
 * An audience's people inside the targeting, per targeted country. A lookalike's people live in its
 * country and match the targeting's ages, genders and interests as anyone there does. A customer file's or
 * website audience's people are the shop's own: they live where the shop advertises (the targeted
 * countries, in proportion to their people) and match the rest of the targeting as anyone does.
 */
function insideTargeting(
  audience: SandboxAudience,
  targeted: Map<string, number>,
  countries: string[],
): Map<string, number> {
  const size = audience.matched_size ?? 0;
  const out = new Map<string, number>();
  if (audience.type === 'lookalike') {
    for (const c of countries) {
      out.set(c, c === audience.country ? (size * targeted.get(c)!) / Math.max(1, everyoneIn(c)) : 0);
    }
    return out;
  }
  const everyone = countries.reduce((sum, c) => sum + everyoneIn(c), 0);
  for (const c of countries) out.set(c, (size * targeted.get(c)!) / Math.max(1, everyone));
  return out;
}

/**
 * The effect of an ad group's included and excluded audiences on its targeting (`segments` with
 * `interestShare`, the share of each segment's people holding every targeted interest). Included
 * audiences are a union (their people added, at most everyone targeted); each excluded audience then
 * removes its people — from an included audience of the shop's own people entirely when it is one too
 * (purchasers among cart abandoners), otherwise in proportion (its share of everyone targeted).
 * Lifts are the included audiences' own, weighted by the people each brings.
 */
export function audienceEffect(
  segments: Segment[],
  interestShare: number,
  included: SandboxAudience[],
  excluded: SandboxAudience[],
): AudienceEffect {
  const countries = [...new Set(segments.map((s) => s.country))];
  const targeted = new Map(countries.map((c) => [c, peopleBy(c, segments) * interestShare]));
  const pool = new Map(targeted);
  let ctr = 1;
  let cvr = 1;
  let cpm = 1;
  if (included.length > 0) {
    let weight = 0;
    ctr = cvr = cpm = 0;
    for (const c of countries) pool.set(c, 0);
    for (const audience of included) {
      const inside = insideTargeting(audience, targeted, countries);
      let brought = 0;
      for (const c of countries) {
        const before = pool.get(c)!;
        const after = Math.min(targeted.get(c)!, before + inside.get(c)!);
        pool.set(c, after);
        brought += after - before;
      }
      const lift = audience.type === 'lookalike' ? lookalikeLift(audience.percent ?? 10) : RETARGETING;
      ctr += lift.ctr * brought;
      cvr += lift.cvr * brought;
      cpm += lift.cpm * brought;
      weight += brought;
    }
    if (weight > 0) {
      ctr /= weight;
      cvr /= weight;
      cpm /= weight;
    } else ctr = cvr = cpm = 1;
  }
  const ownIncluded = included.some(isOwnPeople);
  for (const audience of excluded) {
    const inside = insideTargeting(audience, targeted, countries);
    for (const c of countries) {
      const left = pool.get(c)!;
      const all = targeted.get(c)!;
      const removed =
        included.length > 0 && ownIncluded && isOwnPeople(audience)
          ? inside.get(c)!
          : all > 0
            ? (left * inside.get(c)!) / all
            : 0;
      pool.set(c, Math.max(0, left - removed));
    }
  }
  const reachShare = new Map(
    countries.map((c) => [c, targeted.get(c)! > 0 ? pool.get(c)! / targeted.get(c)! : 0]),
  );
  return { reachShare, ctrLift: ctr, cvrLift: cvr, cpmFactor: cpm };
}

/**
 * The targeting's segments cut down to the people the ad group may reach: the first people of each segment
 * (whole people; a segment left with nobody is dropped). Delivery favours a segment's first people anyway
 * (see PersonPicker), so an audience is the people most likely to respond — fitting for the shop's own.
 */
export function reachableSegments(segments: Segment[], effect: AudienceEffect): Segment[] {
  return segments
    .map((s) => ({ ...s, size: Math.round(s.size * (effect.reachShare.get(s.country) ?? 1)) }))
    .filter((s) => s.size > 0);
}

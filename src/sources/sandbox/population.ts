// The simulated population: TikTok users by country × age × gender. A person is an integer id that encodes
// their segment, so the same person is the same person for every ad group that can reach them.
import { AgeGroup, type Gender } from '../../core/enums.ts';
import { hash32, hashUnit } from './random.ts';

/** Approximate monthly TikTok users (millions) per country; other countries get DEFAULT_USERS_M. */
const USERS_M: Record<string, number> = {
  US: 150,
  GB: 23,
  CA: 10,
  AU: 9,
  DE: 21,
  FR: 22,
  NL: 5,
  BE: 4,
  SE: 4.5,
  ES: 19,
  IT: 20,
  PL: 11,
  ID: 110,
  JP: 21,
  BR: 90,
  MX: 70,
  TR: 30,
  VN: 65,
  PH: 45,
  TH: 44,
};
const DEFAULT_USERS_M = 5;

export const AGES: readonly AgeGroup[] = AgeGroup.options;
/** Share of users per age group, in the order of AGES. */
const AGE_SHARE = [0.08, 0.32, 0.28, 0.16, 0.1, 0.06];
export const GENDERS = ['FEMALE', 'MALE'] as const;
const FEMALE_SHARE = 0.55;
/** Share of a matching person kept by each targeted interest. */
export const INTEREST_SHARE = 0.35;
const IPHONE_SHARE = 0.55;

/** A person id is their segment's index × SEGMENT_BITS + their index within the segment. */
export const SEGMENT_BITS = 2 ** 32;

export interface Segment {
  index: number;
  country: string;
  age: AgeGroup;
  gender: (typeof GENDERS)[number];
  size: number;
}

function countryIndex(country: string): number {
  return hash32(country) % 4096;
}

export function segmentsFor(locations: string[], ages: AgeGroup[] | undefined, gender: Gender): Segment[] {
  const wantedAges = ages && ages.length > 0 ? ages : AGES.filter((a) => a !== 'AGE_13_17');
  const wantedGenders =
    gender === 'GENDER_MALE' ? ['MALE'] : gender === 'GENDER_FEMALE' ? ['FEMALE'] : GENDERS;
  const out: Segment[] = [];
  for (const country of [...new Set(locations)]) {
    const users = (USERS_M[country] ?? DEFAULT_USERS_M) * 1_000_000;
    AGES.forEach((age, ageIndex) => {
      if (!wantedAges.includes(age)) return;
      GENDERS.forEach((g, genderIndex) => {
        if (!wantedGenders.includes(g)) return;
        const size = Math.round(
          users * AGE_SHARE[ageIndex]! * (g === 'FEMALE' ? FEMALE_SHARE : 1 - FEMALE_SHARE),
        );
        out.push({
          index: countryIndex(country) * 12 + ageIndex * 2 + genderIndex,
          country,
          age,
          gender: g,
          size,
        });
      });
    });
  }
  return out;
}

/**
 * What `holdsInterest` needs to know of an interest within one segment: whether a person holds an
 * interest is stable per person and interest, and computed from this key and their index in the segment.
 */
export function interestKey(interest: string, segmentIndex: number): number {
  return hash32(interest) ^ segmentIndex;
}

/** Whether the person at `local` in the segment the key was made for holds the interest. */
export function holdsInterest(local: number, key: number): boolean {
  return hashUnit(local, key) < INTEREST_SHARE;
}

/** Whether the person at `local` in a segment uses an iPhone (the rest use Android); stable per person. */
export function usesIphone(local: number, segmentIndex: number): boolean {
  return hashUnit(local, segmentIndex) < IPHONE_SHARE;
}

export function audienceSize(segments: Segment[], interests: string[]): number {
  const total = segments.reduce((sum, s) => sum + s.size, 0);
  return Math.round(total * INTEREST_SHARE ** new Set(interests).size);
}

export type AudienceLabel = 'Narrow' | 'Fairly Broad' | 'Balanced' | 'Broad';

/** TikTok-style audience size labels; thresholds documented in docs/sandbox.md. */
export function audienceLabel(size: number): AudienceLabel {
  if (size < 1_000_000) return 'Narrow';
  if (size < 10_000_000) return 'Fairly Broad';
  if (size < 60_000_000) return 'Balanced';
  return 'Broad';
}

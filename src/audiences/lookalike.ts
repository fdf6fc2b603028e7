// Lookalikes: people like a source audience's, in one country, sized as a share of that country's TikTok
// users in the population model (the sandbox's, src/sources/sandbox/population.ts): narrow = 1 %,
// balanced = 5 %, broad = 10 %, or 1–10 % given as a number. Their size follows from the model alone.
import { AppError } from '../core/errors.ts';
import { AGES, segmentsFor } from '../sources/sandbox/population.ts';
import {
  LOOKALIKE_PRESET_PERCENT,
  type LookalikeSize,
  MIN_LOOKALIKE_SOURCE_SIZE,
} from '../shared/audiences-api.ts';

/** The countries the population model names with their own number of users. */
export const LOOKALIKE_COUNTRIES = [
  'US',
  'GB',
  'CA',
  'AU',
  'DE',
  'FR',
  'NL',
  'BE',
  'SE',
  'ES',
  'IT',
  'PL',
  'ID',
  'JP',
  'BR',
  'MX',
  'TR',
  'VN',
  'PH',
  'TH',
] as const;

export const lookalikePercent = (size: LookalikeSize): number =>
  typeof size === 'number' ? size : LOOKALIKE_PRESET_PERCENT[size];

/** Everyone in the country, every age and gender. */
export function countryPopulation(country: string): number {
  return segmentsFor([country], [...AGES], 'GENDER_UNLIMITED').reduce((sum, s) => sum + s.size, 0);
}

export function lookalikeSize(country: string, size: LookalikeSize): number {
  return Math.round((countryPopulation(country) * lookalikePercent(size)) / 100);
}

export function checkLookalikeCountry(country: string): void {
  if (!(LOOKALIKE_COUNTRIES as readonly string[]).includes(country)) {
    throw new AppError(
      'validation_failed',
      `Lookalikes can be built in ${LOOKALIKE_COUNTRIES.join(', ')}; ${country} is not one of them.`,
      [{ field: 'country', message: 'not a lookalike country' }],
    );
  }
}

export function checkLookalikeSource(source: {
  name: string;
  type: string;
  matched_size: number | null;
}): void {
  if (source.type === 'lookalike') {
    throw new AppError(
      'validation_failed',
      `"${source.name}" is a lookalike: build a lookalike from a customer file or website audience.`,
      [{ field: 'source_audience_id', message: 'a lookalike cannot be a source' }],
    );
  }
  if (source.matched_size === null || source.matched_size < MIN_LOOKALIKE_SOURCE_SIZE) {
    const size =
      source.matched_size === null ? 'an unknown number of' : source.matched_size.toLocaleString('en-US');
    throw new AppError(
      'validation_failed',
      `"${source.name}" has ${size} matched people; a lookalike needs a source of at least ${MIN_LOOKALIKE_SOURCE_SIZE}.`,
      [{ field: 'source_audience_id', message: `fewer than ${MIN_LOOKALIKE_SOURCE_SIZE} matched people` }],
    );
  }
}

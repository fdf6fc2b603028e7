// The Campaign tab's built-in column sets, named as in TikTok Ads Manager.
import type { Queryable } from '../catalog/db.ts';
import { getPreference, setPreference } from '../catalog/preferences.ts';
import { AppError } from '../core/errors.ts';
import { findMetric } from '../metrics/catalog.ts';
import type { ColumnSet, ColumnSets } from '../shared/campaigns-api.ts';

export const BUILTIN_COLUMN_SETS: readonly ColumnSet[] = [
  {
    name: 'Performance',
    builtin: true,
    metrics: [
      'spend',
      'impressions',
      'clicks',
      'ctr',
      'cpc',
      'cpm',
      'conversion',
      'cost_per_conversion',
      'conversion_rate',
    ],
  },
  {
    name: 'Delivery',
    builtin: true,
    metrics: ['spend', 'impressions', 'reach', 'frequency', 'cpm', 'cost_per_1000_reached'],
  },
  {
    name: 'Video engagement',
    builtin: true,
    metrics: [
      'video_play_actions',
      'video_watched_2s',
      'video_watched_6s',
      'hook_rate',
      'hold_rate',
      'video_views_p100',
      'video_completion_rate',
      'average_video_play',
      'engaged_view',
    ],
  },
  {
    name: 'Conversions',
    builtin: true,
    metrics: [
      'spend',
      'total_landing_page_view',
      'web_event_add_to_cart',
      'initiate_checkout',
      'complete_payment',
      'cost_per_complete_payment',
      'complete_payment_roas',
      'cta_conversion',
      'vta_conversion',
    ],
  },
];

export const DEFAULT_COLUMN_SET = 'Performance';

interface Stored {
  saved: { name: string; metrics: string[] }[];
  chosen: string;
  widths: Record<string, number>;
}

const KEY = 'campaigns.column_sets';
const EMPTY: Stored = { saved: [], chosen: DEFAULT_COLUMN_SET, widths: {} };

function shape(stored: Stored): ColumnSets {
  const sets = [...BUILTIN_COLUMN_SETS, ...stored.saved.map((s) => ({ ...s, builtin: false }))];
  return {
    sets,
    chosen: sets.some((s) => s.name === stored.chosen) ? stored.chosen : DEFAULT_COLUMN_SET,
    widths: stored.widths,
  };
}

export async function readColumnSets(db: Queryable, userId: string): Promise<ColumnSets> {
  return shape((await getPreference<Stored>(db, userId, KEY)) ?? EMPTY);
}

/** Saves a named set (replacing the user's set of that name) and makes it the chosen one. */
export async function saveColumnSet(
  db: Queryable,
  userId: string,
  set: { name: string; metrics: string[] },
): Promise<ColumnSets> {
  if (BUILTIN_COLUMN_SETS.some((b) => b.name.toLowerCase() === set.name.toLowerCase())) {
    throw new AppError(
      'validation_failed',
      `"${set.name}" is a built-in column set; save yours under another name.`,
      [{ field: 'body.name', message: 'is the name of a built-in set' }],
    );
  }
  // Custom columns belong to one advertiser; a set may name them, and tables without them show none.
  set.metrics.forEach((id, i) => {
    if (!findMetric(id) && !/^cc_[a-z0-9_]+$/.test(id))
      throw new AppError('validation_failed', `"${id}" is not a metric.`, [
        { field: `body.metrics[${i}]`, message: 'not a metric' },
      ]);
  });
  const stored = (await getPreference<Stored>(db, userId, KEY)) ?? EMPTY;
  const saved = [
    ...stored.saved.filter((s) => s.name !== set.name),
    { name: set.name, metrics: [...new Set(set.metrics)] },
  ];
  const next = { ...stored, saved, chosen: set.name };
  await setPreference(db, userId, KEY, next);
  return shape(next);
}

export async function deleteColumnSet(db: Queryable, userId: string, name: string): Promise<ColumnSets> {
  const stored = (await getPreference<Stored>(db, userId, KEY)) ?? EMPTY;
  if (!stored.saved.some((s) => s.name === name))
    throw new AppError('not_found', `You have no saved column set named "${name}".`);
  const next = { ...stored, saved: stored.saved.filter((s) => s.name !== name) };
  await setPreference(db, userId, KEY, next);
  return shape(next);
}

export async function setColumnPreferences(
  db: Queryable,
  userId: string,
  prefs: { chosen?: string; widths?: Record<string, number> },
): Promise<ColumnSets> {
  const stored = (await getPreference<Stored>(db, userId, KEY)) ?? EMPTY;
  if (prefs.chosen !== undefined && !shape(stored).sets.some((s) => s.name === prefs.chosen)) {
    throw new AppError('validation_failed', `There is no column set named "${prefs.chosen}".`, [
      { field: 'body.chosen', message: 'no such set' },
    ]);
  }
  const next = {
    ...stored,
    chosen: prefs.chosen ?? stored.chosen,
    widths: { ...stored.widths, ...prefs.widths },
  };
  await setPreference(db, userId, KEY, next);
  return shape(next);
}

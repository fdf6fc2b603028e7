// Alert conditions over hand-made facts whose totals are stated here (test/helpers/tiny-warehouse.ts):
// firing and not firing on the advertiser, a campaign and an ad group, undefined values, windows on the
// advertiser's calendar, custom columns, and problems reported at their position in the text.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { TINY_ADVERTISER, tinyWarehouse } from '../../test/helpers/tiny-warehouse.ts';
import { insertAdvertiser } from '../catalog/advertisers.ts';
import { insertCustomColumn } from '../catalog/custom-columns.ts';
import { type CatalogDb, openPglite } from '../catalog/db.ts';
import { migrate } from '../catalog/migrate.ts';
import type { FactStore } from '../warehouse/fact-store.ts';
import {
  type AlertConditionRule,
  alertConditionProblems,
  alertWindow,
  checkAlertCondition,
} from './condition.ts';

let catalog: CatalogDb;
let facts: FactStore;
const ctx = () => ({ catalog, facts });
let ccId: string;

beforeAll(async () => {
  catalog = await openPglite(null);
  await migrate(catalog);
  await insertAdvertiser(catalog, {
    advertiser_id: TINY_ADVERTISER,
    name: 'Tiny',
    currency: 'EUR',
    timezone: 'Europe/Amsterdam',
    source: 'import',
    product_value: null,
    margin: null,
  });
  facts = await tinyWarehouse();
  const column = await insertCustomColumn(
    catalog,
    TINY_ADVERTISER,
    { name: 'Cost per click plus one', formula: 'spend / (clicks + 1)', format: 'money', description: '' },
    'test',
  );
  ccId = column.column_id;
}, 60_000);
afterAll(async () => {
  await facts?.close();
  await catalog?.close();
});

const rule = (condition: string, extra: Partial<AlertConditionRule> = {}): AlertConditionRule => ({
  advertiserId: TINY_ADVERTISER,
  scope: { level: 'advertiser', id: null },
  condition,
  windowDays: 2,
  ...extra,
});

describe('checkAlertCondition', () => {
  // Both days: spend 12.34 + 7.50 + 3.00 + 1.25 + 2.00 = 26.09, 2 conversions, CPA 13.045, 37 clicks.
  test('fires when every part holds on the window’s totals, with the values it read', async () => {
    const result = await checkAlertCondition(
      ctx(),
      rule('cost_per_conversion > 13 AND spend > 26'),
      '2026-03-02',
    );
    expect(result.firing).toBe(true);
    expect(result.window).toEqual({ start: '2026-03-01', end: '2026-03-02' });
    expect(result.values.spend).toBeCloseTo(26.09, 9);
    expect(result.values.cost_per_conversion).toBeCloseTo(13.045, 9);
    expect(Object.keys(result.values)).toEqual(['cost_per_conversion', 'spend']);
  });

  test('does not fire when one part fails; OR fires on either', async () => {
    expect(
      (await checkAlertCondition(ctx(), rule('cost_per_conversion > 13.05 AND spend > 26'), '2026-03-02'))
        .firing,
    ).toBe(false);
    expect(
      (await checkAlertCondition(ctx(), rule('cost_per_conversion > 13.05 OR clicks >= 37'), '2026-03-02'))
        .firing,
    ).toBe(true);
  });

  test('an undefined value (CPA without conversions) makes the comparison undefined: no alert', async () => {
    // 2 March alone: spend 7.50 + 2.00, no conversions
    const cpa = await checkAlertCondition(
      ctx(),
      rule('cost_per_conversion > 1', { windowDays: 1 }),
      '2026-03-02',
    );
    expect(cpa.firing).toBe(false);
    expect(cpa.values).toEqual({ cost_per_conversion: null });
    const none = await checkAlertCondition(
      ctx(),
      rule('conversion = 0 AND spend > 9', { windowDays: 1 }),
      '2026-03-02',
    );
    expect(none.firing).toBe(true);
    expect(none.values.spend).toBeCloseTo(9.5, 9);
  });

  test('a campaign or an ad group is watched on its own facts', async () => {
    // c2 spent 2.00 on 300 impressions without a click; c1 and its ad group g1 had 37 clicks on 24.09.
    const c2 = await checkAlertCondition(
      ctx(),
      rule('clicks = 0 AND spend >= 2', { scope: { level: 'campaign', id: 'c2' } }),
      '2026-03-02',
    );
    expect(c2).toMatchObject({ firing: true, values: { clicks: 0, spend: 2 } });
    const c1 = await checkAlertCondition(
      ctx(),
      rule('clicks = 0 AND spend >= 2', { scope: { level: 'campaign', id: 'c1' } }),
      '2026-03-02',
    );
    expect(c1.firing).toBe(false);
    const g1 = await checkAlertCondition(
      ctx(),
      rule('spend > 24', { scope: { level: 'adgroup', id: 'g1' } }),
      '2026-03-02',
    );
    expect(g1.firing).toBe(true);
    expect(g1.values.spend).toBeCloseTo(24.09, 9);
  });

  test('a custom column of the advertiser can be watched', async () => {
    // 26.09 / (37 + 1) = 0.68657…
    const result = await checkAlertCondition(ctx(), rule(`${ccId} > 0.68 AND ${ccId} < 0.69`), '2026-03-02');
    expect(result.firing).toBe(true);
    expect(result.values[ccId]).toBeCloseTo(26.09 / 38, 9);
  });

  test('the window ends on the advertiser’s date of an instant', () => {
    // 23:30 UTC on 2 March is already 3 March in Amsterdam
    expect(alertWindow('2026-03-02T23:30:00Z', 3, 'Europe/Amsterdam')).toEqual({
      start: '2026-03-01',
      end: '2026-03-03',
    });
    expect(alertWindow('2026-03-02T22:30:00Z', 1, 'Europe/Amsterdam')).toEqual({
      start: '2026-03-02',
      end: '2026-03-02',
    });
  });

  test('a bad condition is refused with its position', async () => {
    await expect(checkAlertCondition(ctx(), rule('spend >'), '2026-03-02')).rejects.toMatchObject({
      code: 'invalid_formula',
      details: [{ field: 'condition', position: 7 }],
    });
  });
});

describe('alertConditionProblems', () => {
  test('a sound condition has none', async () => {
    expect(
      await alertConditionProblems(ctx(), TINY_ADVERTISER, 'cost_per_conversion > 30 AND spend > 50'),
    ).toEqual([]);
  });

  test('each problem names its position and length', async () => {
    expect(await alertConditionProblems(ctx(), TINY_ADVERTISER, 'spend > 50 AND cpx < 3')).toEqual([
      {
        field: 'condition',
        position: 15,
        length: 3,
        message: expect.stringContaining('"cpx" is not a metric'),
      },
    ]);
    const [cpa] = await alertConditionProblems(ctx(), TINY_ADVERTISER, 'cpa > 30');
    expect(cpa).toMatchObject({
      position: 0,
      length: 3,
      message: expect.stringContaining('cost_per_conversion'),
    });
    const [missing] = await alertConditionProblems(ctx(), TINY_ADVERTISER, 'spend > 50 AND');
    expect(missing).toMatchObject({
      position: 14,
      length: 0,
      message: expect.stringContaining('missing after "AND"'),
    });
  });

  test('a number is not a condition', async () => {
    expect(await alertConditionProblems(ctx(), TINY_ADVERTISER, 'spend / clicks')).toEqual([
      { field: 'condition', position: 0, length: 14, message: expect.stringContaining('not a condition') },
    ]);
    expect((await alertConditionProblems(ctx(), TINY_ADVERTISER, '  '))[0]!.message).toMatch(
      /Write a condition/,
    );
  });
});

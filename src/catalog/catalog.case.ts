// The catalog's conformance suite: the same cases run against every engine (PGlite and PostgreSQL).
import { describe, expect, test } from 'vitest';
import { SYSTEM_ACTOR, listAudit } from '../access/audit.ts';
import { AppError } from '../core/errors.ts';
import {
  deleteAdvertiser,
  findAdvertiser,
  getAdvertiser,
  insertAdvertiser,
  listAdvertisers,
} from './advertisers.ts';
import {
  deleteCustomColumn,
  getCustomColumn,
  insertCustomColumn,
  listCustomColumns,
  updateCustomColumn,
} from './custom-columns.ts';
import type { CatalogDb } from './db.ts';
import { migrate, migrationFiles } from './migrate.ts';
import { getPixelByCode, insertPixel, listPixels, pixelCodeFrom } from './pixels.ts';
import {
  insertAd,
  insertAdGroup,
  insertCampaign,
  insertCreative,
  listAdGroups,
  listAds,
  listCampaigns,
  updateEntity,
} from './structure.ts';

const advertiser = {
  advertiser_id: '7000000000000000001',
  name: 'Case Shop',
  currency: 'EUR',
  timezone: 'Europe/Amsterdam',
  source: 'sandbox' as const,
  product_value: 42.5,
  margin: 0.4,
};

const PIXEL_CODE = pixelCodeFrom([2, 40, 7, 99, 13]);

async function insertStructure(db: CatalogDb): Promise<void> {
  await insertAdvertiser(db, advertiser);
  await insertCampaign(db, {
    campaign_id: 'c1',
    advertiser_id: advertiser.advertiser_id,
    campaign_name: 'Spring',
    objective_type: 'WEB_CONVERSIONS',
    budget_mode: 'BUDGET_MODE_DAY',
    budget_micros: 123_456_789_012n,
    operation_status: 'ENABLE',
  });
  await insertPixel(db, {
    pixel_id: 'p1',
    advertiser_id: advertiser.advertiser_id,
    pixel_code: PIXEL_CODE,
    pixel_name: 'Shop pixel',
  });
  await insertAdGroup(db, {
    adgroup_id: 'g1',
    campaign_id: 'c1',
    advertiser_id: advertiser.advertiser_id,
    adgroup_name: 'Broad',
    budget_mode: 'BUDGET_MODE_DAY',
    budget_micros: 50_000_000n,
    targeting: {
      locations: ['NL'],
      age_groups: ['AGE_25_34'],
      gender: 'GENDER_FEMALE',
      languages: ['nl'],
      interests: ['hiking'],
    },
    placements: ['PLACEMENT_TIKTOK'],
    optimization_goal: 'CONVERT',
    billing_event: 'OCPM',
    bid_type: 'BID_TYPE_NO_BID',
    bid_price_micros: null,
    conversion_bid_price_micros: null,
    pacing: 'PACING_MODE_SMOOTH',
    schedule_start_time: '2026-01-01T00:00:00.000Z',
    schedule_end_time: null,
    dayparting: '0'.repeat(18) + '1'.repeat(30) + '0'.repeat(288),
    pixel_id: 'p1',
    click_attribution_window: 'SEVEN_DAYS',
    view_attribution_window: 'ONE_DAY',
    operation_status: 'ENABLE',
  });
  await insertCreative(db, {
    creative_id: 'v1',
    advertiser_id: advertiser.advertiser_id,
    file_name: 'hook.mp4',
    kind: 'video',
    duration_s: 12.5,
    width: 1080,
    height: 1920,
  });
  await insertAd(db, {
    ad_id: 'a1',
    adgroup_id: 'g1',
    campaign_id: 'c1',
    advertiser_id: advertiser.advertiser_id,
    ad_name: 'Hook A',
    ad_format: 'SINGLE_VIDEO',
    ad_text: 'Try it',
    call_to_action: 'SHOP_NOW',
    landing_page_url: 'https://example.com',
    creative_id: 'v1',
    operation_status: 'ENABLE',
    review_status: 'SUCCEED',
    review_submitted_at: null,
  });
}

export function catalogCases(engine: string, open: () => Promise<CatalogDb>): void {
  describe(`catalog on ${engine}`, () => {
    test('migrations apply once, in order', async () => {
      const db = await open();
      try {
        expect(await migrate(db)).toEqual(migrationFiles());
        expect(await migrate(db)).toEqual([]);
      } finally {
        await db.close();
      }
    });

    test('entities round-trip with money as exact bigint micro-units and targeting as JSON', async () => {
      const db = await open();
      try {
        await migrate(db);
        await insertStructure(db);
        const [campaign] = await listCampaigns(db, advertiser.advertiser_id);
        expect(campaign?.budget_micros).toBe(123_456_789_012n);
        const [group] = await listAdGroups(db, advertiser.advertiser_id);
        expect(group?.targeting.interests).toEqual(['hiking']);
        expect(group?.schedule_start_time).toBe('2026-01-01T00:00:00.000Z');
        expect(group).toMatchObject({ pixel_id: 'p1', dayparting: expect.stringMatching(/^0{18}1{30}0+$/) });
        const [ad] = await listAds(db, advertiser.advertiser_id);
        expect(ad).toMatchObject({ ad_id: 'a1', creative_id: 'v1', campaign_id: 'c1' });
        expect(await getAdvertiser(db, advertiser.advertiser_id)).toMatchObject({
          product_value: 42.5,
          margin: 0.4,
        });
      } finally {
        await db.close();
      }
    });

    test('an advertiser is found by id or by name in any case; an unknown one is a not_found error', async () => {
      const db = await open();
      try {
        await migrate(db);
        await insertAdvertiser(db, advertiser);
        expect((await findAdvertiser(db, 'case shop')).advertiser_id).toBe(advertiser.advertiser_id);
        expect((await findAdvertiser(db, advertiser.advertiser_id)).name).toBe('Case Shop');
        await expect(findAdvertiser(db, 'nobody')).rejects.toMatchObject({ code: 'not_found' });
      } finally {
        await db.close();
      }
    });

    test('pixels have TikTok-shaped codes, are found by code, and go with their advertiser', async () => {
      const db = await open();
      try {
        await migrate(db);
        await insertStructure(db);
        expect(PIXEL_CODE).toMatch(/^C[A-Z0-9]{19}$/);
        expect(await getPixelByCode(db, PIXEL_CODE)).toMatchObject({
          pixel_id: 'p1',
          pixel_name: 'Shop pixel',
        });
        await expect(
          db.query("update adgroups set dayparting = '0101' where adgroup_id = 'g1'"),
        ).rejects.toThrow();
        await deleteAdvertiser(db, advertiser.advertiser_id);
        expect(await listPixels(db, advertiser.advertiser_id)).toEqual([]);
        expect(await getPixelByCode(db, PIXEL_CODE)).toBeNull();
      } finally {
        await db.close();
      }
    });

    test('a failed transaction writes nothing', async () => {
      const db = await open();
      try {
        await migrate(db);
        await expect(
          db.transaction(async (tx) => {
            await insertAdvertiser(tx, advertiser);
            throw new AppError('conflict', 'stop half-way');
          }),
        ).rejects.toThrow('stop half-way');
        expect(await listAdvertisers(db)).toEqual([]);
      } finally {
        await db.close();
      }
    });

    test('updates go through an allow-list of fields and are audited; deleting an advertiser removes its structure', async () => {
      const db = await open();
      try {
        await migrate(db);
        await insertStructure(db);
        await updateEntity(
          db,
          'adgroup',
          'g1',
          { budget_micros: 75_000_000n, operation_status: 'DISABLE' },
          SYSTEM_ACTOR,
        );
        const [entry] = await listAudit(db, { limit: 1 });
        expect(entry).toMatchObject({
          action: 'adgroup.update',
          target_id: 'g1',
          before: { budget_micros: '50000000', operation_status: 'ENABLE' },
          after: { budget_micros: '75000000', operation_status: 'DISABLE' },
        });
        const [group] = await listAdGroups(db, advertiser.advertiser_id);
        expect(group).toMatchObject({ budget_micros: 75_000_000n, operation_status: 'DISABLE' });
        await expect(
          updateEntity(db, 'ad', 'a1', { 'ad_name = 1; drop table ads; --': 'x' }, SYSTEM_ACTOR),
        ).rejects.toThrow('cannot be changed');
        await deleteAdvertiser(db, advertiser.advertiser_id);
        expect(await listAds(db, advertiser.advertiser_id)).toEqual([]);
      } finally {
        await db.close();
      }
    });

    test('custom columns get ids from their names, unique names per advertiser, and go with their advertiser', async () => {
      const db = await open();
      try {
        await migrate(db);
        await insertAdvertiser(db, advertiser);
        const id = advertiser.advertiser_id;
        const input = {
          name: 'Cost per ATC',
          formula: 'spend / web_event_add_to_cart',
          format: 'money' as const,
          description: '',
        };
        const first = await insertCustomColumn(db, id, input, 'anna@example.com');
        expect(first).toMatchObject({
          column_id: 'cc_cost_per_atc',
          created_by: 'anna@example.com',
          modified_by: 'anna@example.com',
        });
        await expect(
          insertCustomColumn(db, id, { ...input, name: 'COST PER ATC' }, 'x'),
        ).rejects.toMatchObject({ code: 'conflict' });
        const renamed = await updateCustomColumn(
          db,
          id,
          first.column_id,
          { name: 'Old cost per ATC' },
          'ben@example.com',
        );
        expect(renamed).toMatchObject({
          column_id: 'cc_cost_per_atc',
          formula: input.formula,
          modified_by: 'ben@example.com',
        });
        const second = await insertCustomColumn(
          db,
          id,
          { ...input, name: 'Cost per ATC!', format: 'number' },
          'x',
        );
        expect(second.column_id).toBe('cc_cost_per_atc_2');
        expect((await listCustomColumns(db, id)).map((c) => c.column_id)).toEqual([
          'cc_cost_per_atc_2',
          'cc_cost_per_atc',
        ]);
        await expect(db.query("update custom_columns set format = 'count'")).rejects.toThrow();
        expect(await deleteCustomColumn(db, id, second.column_id)).toBe(true);
        expect(await getCustomColumn(db, id, second.column_id)).toBeNull();
        await deleteAdvertiser(db, id);
        expect(await listCustomColumns(db, id)).toEqual([]);
      } finally {
        await db.close();
      }
    });
  });
}

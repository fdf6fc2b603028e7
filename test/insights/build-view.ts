// Hand-built facts views for the detectors' unit tests: ads with daily counters drawn from given rates
// (with a little seeded day-to-day noise), and just enough catalog settings to be real.
import { addDays } from '../../src/core/dates.ts';
import type { Ad, AdGroup } from '../../src/core/entities.ts';
import type { AdFacts, DayCounts, FactsView, WeekReach } from '../../src/insights/facts-view.ts';
import { adGroupRow } from '../helpers/ad-group-row.ts';

export interface Rates {
  impressions: number;
  ctr: number;
  hook: number;
  hold: number;
  cvr: number;
  cpm: number;
  frequency: number;
}
export const HEALTHY: Rates = {
  impressions: 6000,
  ctr: 0.015,
  hook: 0.35,
  hold: 0.45,
  cvr: 0.04,
  cpm: 9,
  frequency: 1.2,
};

export interface AdSpec {
  name: string;
  group?: string;
  format?: 'SINGLE_VIDEO' | 'SINGLE_IMAGE';
  durationS?: number;
  /** Rates on day i (0 = first day of the view). */
  rates: (day: number) => Partial<Rates>;
  firstDay?: number;
}

export const START = '2026-03-01';

/** A small deterministic generator, so "noise" is the same on every run. */
function noise(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return ((s >>> 0) / 0xffffffff - 0.5) * 0.1; // ±5 %
  };
}

export function buildView(specs: AdSpec[], days = 30): FactsView {
  const asOf = addDays(START, days - 1);
  const groups = new Map<string, AdGroup>();
  const ads: AdFacts[] = specs.map((spec, index) => {
    const groupName = spec.group ?? 'Group';
    if (!groups.has(groupName)) groups.set(groupName, adGroup(`g${groups.size + 1}`, groupName));
    const group = groups.get(groupName)!;
    const jitter = noise(index * 7919 + 17);
    const list: DayCounts[] = [];
    for (let i = spec.firstDay ?? 0; i < days; i++) {
      const r = { ...HEALTHY, ...spec.rates(i) };
      const impressions = Math.round(r.impressions * (1 + jitter()));
      const clicks = Math.round(impressions * r.ctr * (1 + jitter()));
      const v2 = spec.format === 'SINGLE_IMAGE' ? 0 : Math.round(impressions * r.hook * (1 + jitter()));
      list.push({
        date: addDays(START, i),
        impressions,
        clicks,
        spend: (impressions / 1000) * r.cpm,
        reach: Math.round(impressions / r.frequency),
        video_plays: spec.format === 'SINGLE_IMAGE' ? 0 : Math.round(impressions * 0.92),
        video_watched_2s: v2,
        video_watched_6s: Math.round(v2 * r.hold),
        conversions: Math.round(clicks * r.cvr),
      });
    }
    return {
      ad: ad(`a${index + 1}`, spec.name, group, spec.format ?? 'SINGLE_VIDEO'),
      adGroup: group,
      creative: {
        creative_id: `c${index + 1}`,
        advertiser_id: 'adv',
        file_name: `${spec.name}.mp4`,
        kind: spec.format === 'SINGLE_IMAGE' ? 'image' : 'video',
        duration_s: spec.format === 'SINGLE_IMAGE' ? null : (spec.durationS ?? 15),
        width: 1080,
        height: 1920,
        create_time: START,
      },
      days: list,
    };
  });
  const adGroups = [...groups.values()];
  return {
    advertiser: {
      advertiser_id: 'adv',
      name: 'Hand-built',
      currency: 'USD',
      timezone: 'UTC',
      source: 'sandbox',
      product_value: 60,
      margin: 0.5,
      create_time: START,
    },
    asOf,
    at: Date.parse(`${addDays(asOf, 1)}T00:00:00Z`),
    from: START,
    ads,
    adGroups,
    campaignStatus: new Map([['c', 'ENABLE']]),
    campaigns: [
      {
        campaign_id: 'c',
        advertiser_id: 'adv',
        campaign_name: 'Campaign',
        objective_type: 'WEB_CONVERSIONS',
        budget_mode: 'BUDGET_MODE_INFINITE',
        budget_micros: null,
        operation_status: 'ENABLE',
        create_time: START,
        modify_time: START,
      },
    ],
    ...groupFacts(ads, adGroups, asOf),
    audienceEstimates: new Map(),
    pixels: [],
    pixelDays: new Map(),
  };
}

/** The ad groups' days and weeks as sums of their ads' (reach summed too: the hand-built people do not overlap). */
export function groupFacts(
  ads: AdFacts[],
  adGroups: AdGroup[],
  asOf: string,
): Pick<FactsView, 'groupDays' | 'groupWeeks'> {
  const groupDays = new Map<string, DayCounts[]>();
  for (const g of adGroups) {
    const byDate = new Map<string, DayCounts>();
    for (const a of ads.filter((x) => x.ad.adgroup_id === g.adgroup_id))
      for (const d of a.days) {
        const t = byDate.get(d.date);
        if (!t) byDate.set(d.date, { ...d });
        else for (const k of COUNTERS) t[k] += d[k];
      }
    groupDays.set(
      g.adgroup_id,
      [...byDate.values()].sort((a, b) => a.date.localeCompare(b.date)),
    );
  }
  const week = (days: DayCounts[], from: string, to: string): WeekReach => {
    const inside = days.filter((d) => d.date >= from && d.date <= to);
    return {
      from,
      to,
      impressions: inside.reduce((s, d) => s + d.impressions, 0),
      reach: inside.reduce((s, d) => s + d.reach, 0),
    };
  };
  const groupWeeks = new Map(
    adGroups.map((g) => {
      const days = groupDays.get(g.adgroup_id) ?? [];
      return [
        g.adgroup_id,
        {
          recent: week(days, addDays(asOf, -6), asOf),
          previous: week(days, addDays(asOf, -13), addDays(asOf, -7)),
        },
      ];
    }),
  );
  return { groupDays, groupWeeks };
}

const COUNTERS = [
  'impressions',
  'clicks',
  'spend',
  'reach',
  'video_plays',
  'video_watched_2s',
  'video_watched_6s',
  'conversions',
] as const;

function adGroup(id: string, name: string): AdGroup {
  return {
    ...adGroupRow({ adgroup_id: id, campaign_id: 'c', advertiser_id: 'adv', adgroup_name: name }),
    budget_micros: 50_000_000n,
    schedule_start_time: `${START} 00:00:00`,
    create_time: START,
    modify_time: START,
  };
}

function ad(id: string, name: string, group: AdGroup, format: 'SINGLE_VIDEO' | 'SINGLE_IMAGE'): Ad {
  return {
    ad_id: id,
    adgroup_id: group.adgroup_id,
    campaign_id: group.campaign_id,
    advertiser_id: 'adv',
    ad_name: name,
    ad_format: format,
    ad_text: 'text',
    call_to_action: 'SHOP_NOW',
    landing_page_url: 'https://shop.example/p',
    creative_id: `c${id}`,
    operation_status: 'ENABLE',
    review_status: 'SUCCEED',
    review_submitted_at: START,
    reviewed_at: START,
    reject_reason: null,
    create_time: START,
    modify_time: START,
  };
}

/** Σ counter over the ad's days in [from, to] — computed here independently of the detectors' code. */
export function total(
  view: FactsView,
  adName: string,
  counter: keyof Omit<DayCounts, 'date'>,
  from: string,
  to: string,
) {
  const ad = view.ads.find((a) => a.ad.ad_name === adName)!;
  let s = 0;
  for (const d of ad.days) if (d.date >= from && d.date <= to) s += d[counter];
  return s;
}

// The shop reconciliation and first-party attribution, as the API answers them (shared by the server and
// the web app). Counts are purchases; money is in the advertiser's currency (major units).
import { z } from 'zod';
import { ClickAttributionWindow, ViewAttributionWindow } from '../core/enums.ts';

/** Why a row is behind a bar; the UI groups and labels rows by it. */
export const DrillKind = z.enum(['platform', 'comparison', 'order', 'event', 'duplicate']);

/** One order, event or platform row behind a bar, with what it adds to the bar (negative: takes away). */
export const DrillRow = z.object({
  kind: DrillKind,
  /** What the row adds to its bar; the rows of a bar sum to the bar exactly. 0: shown to explain, adds nothing. */
  effect: z.number(),
  order_id: z.string().nullable(),
  /** The name the shop shows (#1042), null for a purchase the shop does not have. */
  order_name: z.string().nullable(),
  event_id: z.string().nullable(),
  /** When it happened (ISO 8601, UTC); for a platform row the start of the impression hour. */
  time: z.string().nullable(),
  /** The same instant on the advertiser's clock, YYYY-MM-DD HH:MM. */
  local_time: z.string().nullable(),
  value: z.number().nullable(),
  ttclid: z.string().nullable(),
  ad_id: z.string().nullable(),
  ad_name: z.string().nullable(),
  reason: z.string(),
});
export type DrillRow = z.infer<typeof DrillRow>;

export const BarId = z.enum([
  'platform_total',
  'view_through',
  'platform_vs_pixel',
  'impression_vs_order_day',
  'duplicates',
  'pixel_missed',
  'no_shop_order',
  'refunded_or_cancelled',
  'shop_attributable',
  'shop_total',
  'no_tiktok_click',
  'outside_click_window',
]);
export type BarId = z.infer<typeof BarId>;

/** A waterfall bar: a total (where the chain starts or ends) or a step (the difference one cause explains). */
export const WaterfallBar = z.object({
  id: BarId,
  label: z.string(),
  kind: z.enum(['total', 'step']),
  /** A total's value, or a step's signed difference. */
  value: z.number(),
  /** The running total after this bar. */
  running: z.number(),
  explanation: z.string(),
  rows: z.array(DrillRow),
});
export type WaterfallBar = z.infer<typeof WaterfallBar>;

export const AdGroupWindows = z.object({
  adgroup_id: z.string(),
  adgroup_name: z.string(),
  campaign_name: z.string(),
  click_attribution_window: ClickAttributionWindow,
  view_attribution_window: ViewAttributionWindow,
});

/** Per ad: the platform's click- and view-through purchases and Adcockpit's own click-through ones. */
export const AdAttribution = z.object({
  ad_id: z.string(),
  ad_name: z.string(),
  adgroup_name: z.string(),
  campaign_name: z.string(),
  platform_click_through: z.number(),
  platform_view_through: z.number(),
  /** Pixel purchases tied to a click on the ad within its ad group's click window, on the click's day. */
  first_party_click_through: z.number(),
  first_party_value: z.number(),
});
export type AdAttribution = z.infer<typeof AdAttribution>;

export const ReconciliationTotals = z.object({
  platform: z.object({
    purchases: z.number(),
    click_through: z.number(),
    view_through: z.number(),
    value: z.number(),
  }),
  pixel: z.object({
    /** Distinct purchases the pixel reported on these dates (copies of one order counted once). */
    purchases: z.number(),
    /** Of those, tied to a TikTok click within the click window. */
    click_through: z.number(),
    value: z.number(),
  }),
  shop: z.object({
    orders: z.number(),
    /** From a TikTok click within the click window, not refunded or cancelled. */
    attributable: z.number(),
    refunded_or_cancelled: z.number(),
    value: z.number(),
  }),
});

export const ReconciliationResponse = z.object({
  advertiser_id: z.string(),
  range: z.object({ from: z.string(), to: z.string() }),
  timezone: z.string(),
  currency: z.string(),
  /** Whether the window replay (a sandbox's known truth) is available. */
  sandbox: z.boolean(),
  totals: ReconciliationTotals,
  /** From the platform's purchases to the shop's attributable orders. */
  platform_to_shop: z.array(WaterfallBar),
  /** From every shop order to the attributable ones. */
  shop_to_attributable: z.array(WaterfallBar),
  windows: z.array(AdGroupWindows),
  ads: z.array(AdAttribution),
});
export type ReconciliationResponse = z.infer<typeof ReconciliationResponse>;

export const FirstPartyAttributionResponse = z.object({
  advertiser_id: z.string(),
  range: z.object({ from: z.string(), to: z.string() }),
  ads: z.array(AdAttribution),
});

export const WindowReplayQuery = z.object({
  click_window: ClickAttributionWindow,
  view_window: ViewAttributionWindow,
});

export const WindowReplayResponse = z.object({
  advertiser_id: z.string(),
  range: z.object({ from: z.string(), to: z.string() }),
  click_window: ClickAttributionWindow,
  view_window: ViewAttributionWindow,
  /** What the platform would have reported under these windows for every ad group. */
  replayed: z.object({
    purchases: z.number(),
    click_through: z.number(),
    view_through: z.number(),
    value: z.number(),
  }),
  /** What it reported under each ad group's own windows, from the same record. */
  as_run: z.object({
    purchases: z.number(),
    click_through: z.number(),
    view_through: z.number(),
    value: z.number(),
  }),
  adgroups: z.array(
    z.object({
      adgroup_id: z.string(),
      adgroup_name: z.string(),
      as_run: z.number(),
      replayed: z.number(),
    }),
  ),
});
export type WindowReplayResponse = z.infer<typeof WindowReplayResponse>;

// What the platform would have reported under other attribution windows, for a sandbox advertiser: the
// sandbox records each order's path (the ad touch, when, click or view, whether the pixel saw it), so a
// window is a condition in a query over that record. Real advertisers have no such record: the platform
// credits under the windows that were set, and nobody outside it knows the views behind its numbers.
import type { Queryable } from '../catalog/db.ts';
import { listAdGroups } from '../catalog/structure.ts';
import { attributionDays } from '../core/enums.ts';
import type { ClickAttributionWindow, ViewAttributionWindow } from '../core/enums.ts';
import type { WindowReplayResponse } from '../shared/reconciliation-api.ts';
import { ParamAllocator } from '../warehouse/dialect.ts';
import type { FactStore } from '../warehouse/fact-store.ts';
import { FACT_TABLES } from '../warehouse/schema.ts';
import type { DateRange } from './load-facts.ts';

const DAY_MS = 86_400_000;

export async function replayWindows(
  facts: FactStore,
  catalog: Queryable,
  advertiserId: string,
  range: DateRange,
  windows: { click_window: ClickAttributionWindow; view_window: ViewAttributionWindow },
): Promise<WindowReplayResponse> {
  const p = new ParamAllocator(facts.dialect);
  const adv = p.add(advertiserId);
  const from = p.add(range.from);
  const to = p.add(range.to);
  const clickMs = p.add(attributionDays[windows.click_window] * DAY_MS);
  const viewMs = p.add(attributionDays[windows.view_window] * DAY_MS);
  // Credited as the platform credits: the pixel saw the purchase, within the window of the touch, on
  // the impression's date (touch_date) — here under the asked windows and under the ones in force then.
  const elapsed = 'epoch_ms(ordered_at) - epoch_ms(touch_at)';
  const rows = await facts.query({
    text: `SELECT adgroup_id,
        SUM(CASE WHEN via = 'click' AND ${elapsed} < ${clickMs} THEN 1 ELSE 0 END) AS click_replayed,
        SUM(CASE WHEN via = 'view' AND ${elapsed} < ${viewMs} THEN 1 ELSE 0 END) AS view_replayed,
        SUM(CASE WHEN (via = 'click' AND ${elapsed} < ${clickMs}) OR (via = 'view' AND ${elapsed} < ${viewMs})
          THEN value_micros ELSE 0 END) AS value_replayed,
        SUM(CASE WHEN via = 'click' AND ${elapsed} < click_window_days * ${DAY_MS} THEN 1 ELSE 0 END) AS click_run,
        SUM(CASE WHEN via = 'view' AND ${elapsed} < view_window_days * ${DAY_MS} THEN 1 ELSE 0 END) AS view_run,
        SUM(CASE WHEN (via = 'click' AND ${elapsed} < click_window_days * ${DAY_MS})
          OR (via = 'view' AND ${elapsed} < view_window_days * ${DAY_MS}) THEN value_micros ELSE 0 END) AS value_run
      FROM ${FACT_TABLES.purchasePaths}
      WHERE advertiser_id = ${adv} AND pixel_fired AND via <> 'organic' AND touch_date BETWEEN ${from} AND ${to}
      GROUP BY adgroup_id`,
    values: p.values,
  });
  const names = new Map(
    (await listAdGroups(catalog, advertiserId)).map((g) => [g.adgroup_id, g.adgroup_name]),
  );
  const n = (v: unknown): number => Number(v ?? 0);
  const total = (click: string, view: string, value: string) => {
    const c = rows.reduce((s, r) => s + n(r[click]), 0);
    const v = rows.reduce((s, r) => s + n(r[view]), 0);
    const money = rows.reduce((s, r) => s + n(r[value]), 0);
    return { purchases: c + v, click_through: c, view_through: v, value: Math.round(money / 10_000) / 100 };
  };
  return {
    advertiser_id: advertiserId,
    range,
    click_window: windows.click_window,
    view_window: windows.view_window,
    replayed: total('click_replayed', 'view_replayed', 'value_replayed'),
    as_run: total('click_run', 'view_run', 'value_run'),
    adgroups: rows
      .map((r) => ({
        adgroup_id: String(r.adgroup_id),
        adgroup_name: names.get(String(r.adgroup_id)) ?? String(r.adgroup_id),
        as_run: n(r.click_run) + n(r.view_run),
        replayed: n(r.click_replayed) + n(r.view_replayed),
      }))
      .sort((a, b) => a.adgroup_name.localeCompare(b.adgroup_name)),
  };
}

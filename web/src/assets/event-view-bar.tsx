// The bar over the shop's views in Assets → Events: the view's title, what it shows, and the dates the
// advertiser tabs share in the address (preset, or from and to), so moving between tabs keeps them.
import type { AdvertiserInfo } from '../../../src/shared/api.ts';
import { DateRangePicker } from '../app/date-range-picker.tsx';
import { type DateRange, type RangeChoice, rangeInAddress, resolvePreset } from '../lib/date-range.ts';
import { useAssetsParams } from './assets-url.ts';
import './event-view-bar.css';

/** The dates in the address, for the view under the bar. */
export function useAddressRange(today: string): { choice: RangeChoice; range: DateRange } {
  return rangeInAddress(useAssetsParams().params, today);
}

export function EventViewBar({
  advertiser,
  title,
  note,
}: {
  advertiser: AdvertiserInfo;
  title: string;
  note: string;
}) {
  const { set } = useAssetsParams();
  const { choice, range } = useAddressRange(advertiser.today);
  return (
    <div className="event-view-bar">
      <h2 className="event-view-title">{title}</h2>
      <span className="panel-note">{note}</span>
      <div className="event-view-dates">
        <DateRangePicker
          today={advertiser.today}
          choice={choice}
          range={range}
          onPreset={(next) => {
            const r = resolvePreset(next, advertiser.today);
            set({ preset: next, from: r.from, to: r.to });
          }}
          onCustom={(next) => set({ preset: null, from: next.from, to: next.to })}
        />
      </div>
    </div>
  );
}

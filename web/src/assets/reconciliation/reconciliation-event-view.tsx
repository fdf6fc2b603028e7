// The reconciliation as a view of Assets → Events: its dates are the ones the advertiser tabs share in the
// address (preset, or from and to), so moving here from the Dashboard keeps them, and back again too.
import type { EventViewProps } from '../event-views.ts';
import { DateRangePicker } from '../../app/date-range-picker.tsx';
import { useAssetsParams } from '../assets-url.ts';
import {
  DEFAULT_PRESET,
  type DateRange,
  type RangeChoice,
  isPresetId,
  isValidRange,
  resolvePreset,
} from '../../lib/date-range.ts';
import { ReconciliationView } from './reconciliation-view.tsx';

export function ReconciliationEventView({ advertiser }: EventViewProps) {
  const { params, set } = useAssetsParams();
  const preset = params.get('preset');
  const from = params.get('from');
  const to = params.get('to');
  let choice: RangeChoice;
  let range: DateRange;
  if (isPresetId(preset)) {
    choice = preset;
    range = resolvePreset(preset, advertiser.today);
  } else if (isValidRange(from, to)) {
    choice = 'custom';
    range = { from: from!, to: to! };
  } else {
    choice = DEFAULT_PRESET;
    range = resolvePreset(DEFAULT_PRESET, advertiser.today);
  }
  return (
    <div className="recon-frame">
      <div className="recon-frame-bar">
        <h2 className="recon-frame-title">Shop reconciliation</h2>
        <span className="panel-note">
          TikTok, the pixel and the shop on the {advertiser.timezone} clock, in {advertiser.currency}
        </span>
        <div className="recon-frame-dates">
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
      <ReconciliationView advertiser={advertiser} range={range} />
    </div>
  );
}

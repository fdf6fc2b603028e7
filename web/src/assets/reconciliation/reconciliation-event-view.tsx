// The reconciliation as a view of Assets → Events: its dates are the ones the advertiser tabs share in the
// address (preset, or from and to), so moving here from the Dashboard keeps them, and back again too.
import type { EventViewProps } from '../event-views.ts';
import { EventViewBar, useAddressRange } from '../event-view-bar.tsx';
import { ReconciliationView } from './reconciliation-view.tsx';

export function ReconciliationEventView({ advertiser }: EventViewProps) {
  const { range } = useAddressRange(advertiser.today);
  return (
    <div className="event-view">
      <EventViewBar
        advertiser={advertiser}
        title="Shop reconciliation"
        note={`TikTok, the pixel and the shop on the ${advertiser.timezone} clock, in ${advertiser.currency}`}
      />
      <ReconciliationView advertiser={advertiser} range={range} />
    </div>
  );
}

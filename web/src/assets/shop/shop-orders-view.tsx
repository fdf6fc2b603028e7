// Assets → Events → Shop orders: the advertiser's Shopify store — its connection and the webhook URL to
// paste into Shopify, the webhook deliveries as they arrive, importing an orders export — and the shop's
// orders on the dates the advertiser tabs share (the same address parameters as the reconciliation).
import { useSession } from '../../app/session.tsx';
import { DateRangePicker } from '../../app/date-range-picker.tsx';
import {
  DEFAULT_PRESET,
  type DateRange,
  type RangeChoice,
  isPresetId,
  isValidRange,
  resolvePreset,
} from '../../lib/date-range.ts';
import { useAssetsParams } from '../assets-url.ts';
import type { EventViewProps } from '../event-views.ts';
import { ConnectionPanel } from './connection-panel.tsx';
import { DeliveriesPanel } from './deliveries-panel.tsx';
import { ImportPanel } from './import-panel.tsx';
import { OrdersTable } from './orders-table.tsx';
import './shop.css';

/** The dates in the address (a preset, or from and to), as the other tabs write them. */
function useSharedRange(today: string): { choice: RangeChoice; range: DateRange } {
  const { params } = useAssetsParams();
  const preset = params.get('preset');
  const from = params.get('from');
  const to = params.get('to');
  if (isPresetId(preset)) return { choice: preset, range: resolvePreset(preset, today) };
  if (isValidRange(from, to)) return { choice: 'custom', range: { from: from!, to: to! } };
  return { choice: DEFAULT_PRESET, range: resolvePreset(DEFAULT_PRESET, today) };
}

export function ShopOrdersView({ advertiser }: EventViewProps) {
  const { user } = useSession();
  // As on Pixels: viewers read the advertiser; every other role may change it.
  const canEdit = user.role !== 'viewer';
  const { set } = useAssetsParams();
  const { choice, range } = useSharedRange(advertiser.today);
  return (
    <div className="shop-view" data-testid="shop-orders">
      <div className="shop-frame-bar">
        <h2 className="shop-frame-title">Shop orders</h2>
        <span className="panel-note">
          The store’s own record of every order, on the {advertiser.timezone} clock
        </span>
        <div className="shop-frame-dates">
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
      <div className="shop-top">
        <ConnectionPanel advertiser={advertiser} canEdit={canEdit} />
        <ImportPanel advertiser={advertiser} canEdit={canEdit} />
      </div>
      <DeliveriesPanel advertiser={advertiser} />
      <OrdersTable key={`${range.from}:${range.to}`} advertiser={advertiser} range={range} />
    </div>
  );
}

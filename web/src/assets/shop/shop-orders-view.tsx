// Assets → Events → Shop orders: the advertiser's Shopify store — its connection and the webhook URL to
// paste into Shopify, the webhook deliveries as they arrive, importing an orders export — and the shop's
// orders on the dates the advertiser tabs share (the same address parameters as the reconciliation).
import { useSession } from '../../app/session.tsx';
import { EventViewBar, useAddressRange } from '../event-view-bar.tsx';
import type { EventViewProps } from '../event-views.ts';
import { ConnectionPanel } from './connection-panel.tsx';
import { DeliveriesPanel } from './deliveries-panel.tsx';
import { ImportPanel } from './import-panel.tsx';
import { OrdersTable } from './orders-table.tsx';
import './shop.css';

export function ShopOrdersView({ advertiser }: EventViewProps) {
  const { user } = useSession();
  // As on Pixels: viewers read the advertiser; every other role may change it.
  const canEdit = user.role !== 'viewer';
  const { range } = useAddressRange(advertiser.today);
  return (
    <div className="event-view" data-testid="shop-orders">
      <EventViewBar
        advertiser={advertiser}
        title="Shop orders"
        note={`The store’s own record of every order, on the ${advertiser.timezone} clock`}
      />
      <div className="shop-top">
        <ConnectionPanel advertiser={advertiser} canEdit={canEdit} />
        <ImportPanel advertiser={advertiser} canEdit={canEdit} />
      </div>
      <DeliveriesPanel advertiser={advertiser} />
      <OrdersTable key={`${range.from}:${range.to}`} advertiser={advertiser} range={range} />
    </div>
  );
}

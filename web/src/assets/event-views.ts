// The views of Assets → Events, in the order of their switch. A view is a page under /assets/events with
// its own component; adding one is adding an entry here.
import { type ComponentType, lazy } from 'react';
import type { AdvertiserInfo } from '../../../src/shared/api.ts';
import type { PixelInfo } from '../../../src/shared/pixels-api.ts';

export interface EventViewProps {
  advertiser: AdvertiserInfo;
  /** The advertiser's pixels (with their status and counts). */
  pixels: readonly PixelInfo[];
}

export interface EventView {
  id: string;
  label: string;
  path: string;
  component: ComponentType<EventViewProps>;
  /** Shows the pixel's events, so an advertiser without a pixel is asked to create one instead. */
  needsPixel: boolean;
}

const LiveEventsView = lazy(() =>
  import('./live-feed-view.tsx').then((m) => ({ default: m.LiveEventsView })),
);
const TestEventsView = lazy(() =>
  import('./live-feed-view.tsx').then((m) => ({ default: m.TestEventsView })),
);
const ReconciliationView = lazy(() =>
  import('./reconciliation/reconciliation-event-view.tsx').then((m) => ({
    default: m.ReconciliationEventView,
  })),
);
const ShopOrdersView = lazy(() =>
  import('./shop/shop-orders-view.tsx').then((m) => ({ default: m.ShopOrdersView })),
);
const DiagnosticsView = lazy(() =>
  import('./diagnostics-view.tsx').then((m) => ({ default: m.DiagnosticsView })),
);

export const EVENT_VIEWS: readonly EventView[] = [
  { id: 'live', label: 'Live events', path: '/assets/events', component: LiveEventsView, needsPixel: true },
  {
    id: 'test',
    label: 'Test events',
    path: '/assets/events/test',
    component: TestEventsView,
    needsPixel: true,
  },
  {
    id: 'diagnostics',
    label: 'Diagnostics',
    path: '/assets/events/diagnostics',
    component: DiagnosticsView,
    needsPixel: true,
  },
  // The shop's views work without a pixel: its orders come by import or webhook, and the reconciliation
  // says what a missing pixel means for the numbers.
  {
    id: 'reconciliation',
    label: 'Shop reconciliation',
    path: '/assets/events/reconciliation',
    component: ReconciliationView,
    needsPixel: false,
  },
  {
    id: 'shop',
    label: 'Shop orders',
    path: '/assets/events/shop',
    component: ShopOrdersView,
    needsPixel: false,
  },
];

/** The view at a path (a trailing slash allowed), or null for a path no view has. */
export function eventViewAt(path: string): EventView | null {
  const clean = path.length > 1 ? path.replace(/\/$/, '') : path;
  return EVENT_VIEWS.find((v) => v.path === clean) ?? null;
}

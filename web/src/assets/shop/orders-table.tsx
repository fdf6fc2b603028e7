// The shop's orders created on the chosen dates, newest first, a hundred at a time, with the whole
// range's totals in the header: orders, value and refunds per currency, cancellations, and how many
// landed with a TikTok click id — the orders the reconciliation can tie to an ad click.
import { useState } from 'react';
import type { AdvertiserInfo } from '../../../../src/shared/api.ts';
import { type ShopOrderRow, useShopOrders } from '../../api/shop.ts';
import { ErrorBanner, Skeleton } from '../../components/feedback.tsx';
import { formatDateTime } from '../../lib/time.ts';

const PAGE = 100;
const SOURCE_LABEL: Record<ShopOrderRow['source'], string> = {
  shopify_webhook: 'Webhook',
  shopify_csv: 'CSV import',
  sandbox: 'Sandbox',
};

const count = (n: number) => n.toLocaleString('en-US');
const money = (value: number, currency: string) =>
  value.toLocaleString('en-US', { style: 'currency', currency });
const statusLabel = (status: string | null) => (status ? status.replace(/_/g, ' ') : '—');

export function OrdersTable({
  advertiser,
  range,
}: {
  advertiser: AdvertiserInfo;
  range: { from: string; to: string };
}) {
  const [offset, setOffset] = useState(0);
  const orders = useShopOrders(advertiser.advertiser_id, { ...range, offset, limit: PAGE });
  const data = orders.data;
  return (
    <section
      className="panel"
      aria-labelledby="shop-orders-title"
      data-testid="shop-orders-table"
      aria-busy={orders.isFetching}
    >
      <header className="panel-header shop-orders-header">
        <h2 id="shop-orders-title" className="panel-title">
          Orders
          <span className="panel-note">
            {' '}
            · created {range.from === range.to ? `on ${range.from}` : `${range.from} – ${range.to}`}
          </span>
        </h2>
        {data && (
          <div className="shop-totals" data-testid="shop-orders-totals">
            <span>
              <b data-testid="shop-orders-count">{count(data.total_orders)}</b> order
              {data.total_orders === 1 ? '' : 's'}
            </span>
            {data.totals.map((t) => (
              <span key={t.currency} data-testid={`shop-orders-total-${t.currency}`}>
                <b>{money(t.total, t.currency)}</b>
                {t.refunded > 0 && (
                  <span className="cell-muted"> · {money(t.refunded, t.currency)} refunded</span>
                )}
              </span>
            ))}
            <span>
              <b>{count(data.cancelled_orders)}</b> cancelled
            </span>
            <span title="Orders whose landing page carried a TikTok click id (ttclid): the ones that can be tied to an ad click.">
              <b data-testid="shop-orders-ttclid">{count(data.orders_with_ttclid)}</b> with a ttclid
            </span>
          </div>
        )}
      </header>
      {orders.error ? (
        <div className="panel-pad">
          <ErrorBanner
            title="The orders could not be loaded."
            error={orders.error}
            onRetry={() => void orders.refetch()}
          />
        </div>
      ) : !data ? (
        <div className="panel-pad">
          <Skeleton width="100%" height={240} />
        </div>
      ) : data.total_orders === 0 ? (
        <p className="shop-empty" data-testid="shop-orders-empty">
          No order was created on these dates. Import an export above, connect the store’s webhooks, or choose
          other dates.
        </p>
      ) : (
        <>
          <div className="table-scroll shop-orders-scroll">
            <table className="data-table shop-table" data-testid="shop-orders-rows">
              <colgroup>
                <col style={{ width: 96 }} />
                <col style={{ width: 150 }} />
                <col style={{ width: 120 }} />
                <col style={{ width: 150 }} />
                <col style={{ width: 140 }} />
                <col style={{ width: 110 }} />
                <col style={{ width: 100 }} />
                <col />
              </colgroup>
              <thead>
                <tr>
                  <th scope="col" className="cell-text">
                    Order
                  </th>
                  <th scope="col" className="cell-text">
                    Created
                  </th>
                  <th scope="col" className="cell-number">
                    Total
                  </th>
                  <th scope="col" className="cell-text">
                    Financial status
                  </th>
                  <th scope="col" className="cell-text">
                    Cancelled
                  </th>
                  <th scope="col" className="cell-number">
                    Refunded
                  </th>
                  <th scope="col" className="cell-text">
                    Source
                  </th>
                  <th scope="col" className="cell-text">
                    TikTok click · landing page
                  </th>
                </tr>
              </thead>
              <tbody>
                {data.orders.map((o) => (
                  <tr
                    key={o.order_id}
                    data-order={o.order_name}
                    className={o.cancelled_at ? 'row-muted' : undefined}
                  >
                    <td className="cell-text" title={`Shopify order id ${o.order_id}`}>
                      {o.order_name}
                    </td>
                    <td className="cell-text cell-time">
                      {formatDateTime(o.created_at, { timeZone: advertiser.timezone })}
                    </td>
                    <td className="cell-number">{money(o.total, o.currency)}</td>
                    <td className="cell-text">
                      <span className={`shop-status shop-status-${o.financial_status ?? 'none'}`}>
                        {statusLabel(o.financial_status)}
                      </span>
                    </td>
                    <td className="cell-text cell-time">
                      {o.cancelled_at
                        ? formatDateTime(o.cancelled_at, { timeZone: advertiser.timezone })
                        : ''}
                    </td>
                    <td className="cell-number">{o.refunded > 0 ? money(o.refunded, o.currency) : ''}</td>
                    <td className="cell-text">{SOURCE_LABEL[o.source]}</td>
                    <td className="cell-text ellipsis" title={o.landing_site ?? 'No landing page recorded'}>
                      {o.has_ttclid ? (
                        <span className="shop-ttclid">ttclid</span>
                      ) : (
                        <span className="cell-muted">{o.landing_site ? 'none' : 'no landing page'}</span>
                      )}
                      {o.landing_site && <span className="shop-landing"> {o.landing_site}</span>}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div className="shop-table-footer">
            <span className="cell-muted" data-testid="shop-orders-range">
              {count(data.offset + 1)}–{count(data.offset + data.orders.length)} of {count(data.total_orders)}
            </span>
            <button
              type="button"
              className="button button-small"
              disabled={offset === 0 || orders.isFetching}
              onClick={() => setOffset(Math.max(0, offset - PAGE))}
            >
              Newer
            </button>
            <button
              type="button"
              className="button button-small"
              data-testid="shop-orders-older"
              disabled={data.next_offset === null || orders.isFetching}
              onClick={() => data.next_offset !== null && setOffset(data.next_offset)}
            >
              Older
            </button>
          </div>
        </>
      )}
    </section>
  );
}

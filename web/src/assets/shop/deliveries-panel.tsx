// The webhook delivery log: every request Shopify (or anyone) sent to the store's webhook URL, newest
// first — stored, a retry already stored, another store's, a payload that could not be read, or a bad
// signature, which stands out because it is either a wrong secret here or someone forging orders.
import { useState } from 'react';
import type { AdvertiserInfo } from '../../../../src/shared/api.ts';
import { type DeliveryOutcome, type WebhookDelivery, useShopDeliveries } from '../../api/shop.ts';
import { ErrorBanner, Skeleton } from '../../components/feedback.tsx';
import { formatDateTime } from '../../lib/time.ts';

const SHOWN_STEPS = [25, 100, 500] as const;

/** The outcome in a word a shop owner reads; "ignored" splits into its two causes. */
function outcomeLabel(d: WebhookDelivery): string {
  const labels: Record<DeliveryOutcome, string> = {
    stored: 'Stored',
    duplicate: 'Duplicate',
    ignored: 'Ignored topic',
    refused: 'Unreadable',
    rejected: 'Bad signature',
  };
  if (d.outcome === 'ignored' && d.detail.startsWith('from ')) return 'Other store';
  return labels[d.outcome];
}

/** "order #1001 (…)" → "#1001"; a refund names its order's id. */
function orderOf(d: WebhookDelivery): string {
  const order = /^order (\S+) \(/.exec(d.detail);
  if (order) return order[1]!;
  const refund = /^refund \S+ of order (\S+)/.exec(d.detail);
  return refund ? `refund · ${refund[1]}` : '—';
}

export function DeliveriesPanel({ advertiser }: { advertiser: AdvertiserInfo }) {
  const [limit, setLimit] = useState<number>(SHOWN_STEPS[0]);
  const deliveries = useShopDeliveries(advertiser.advertiser_id, limit);
  const list = deliveries.data?.deliveries;
  const rejected = list?.filter((d) => d.outcome === 'rejected').length ?? 0;
  const more = SHOWN_STEPS.find((n) => n > limit);
  return (
    <section className="panel" aria-labelledby="shop-deliveries-title" data-testid="shop-deliveries">
      <header className="panel-header">
        <h2 id="shop-deliveries-title" className="panel-title">
          Recent webhook deliveries
          {list && (
            <span className="panel-note"> · {list.length === limit ? `latest ${limit}` : list.length}</span>
          )}
        </h2>
        {rejected > 0 && (
          <span className="shop-alert" data-testid="shop-rejected-count">
            {rejected} with a bad signature: a wrong secret here, or requests not from Shopify
          </span>
        )}
        <span className="panel-note">Checked every 15 s · times on the {advertiser.timezone} clock</span>
      </header>
      {deliveries.error ? (
        <div className="panel-pad">
          <ErrorBanner
            title="The deliveries could not be loaded."
            error={deliveries.error}
            onRetry={() => void deliveries.refetch()}
          />
        </div>
      ) : !list ? (
        <div className="panel-pad">
          <Skeleton width="100%" height={80} />
        </div>
      ) : list.length === 0 ? (
        <p className="shop-empty" data-testid="shop-deliveries-empty">
          No delivery yet. Once the store’s webhooks point here, each order Shopify sends appears in this list
          within seconds.
        </p>
      ) : (
        <div className="table-scroll shop-deliveries-scroll">
          <table className="data-table shop-table" data-testid="shop-deliveries-table">
            <colgroup>
              <col style={{ width: 150 }} />
              <col style={{ width: 130 }} />
              <col style={{ width: 150 }} />
              <col style={{ width: 120 }} />
              <col />
            </colgroup>
            <thead>
              <tr>
                <th scope="col" className="cell-text">
                  Received
                </th>
                <th scope="col" className="cell-text">
                  Topic
                </th>
                <th scope="col" className="cell-text">
                  Order
                </th>
                <th scope="col" className="cell-text">
                  Outcome
                </th>
                <th scope="col" className="cell-text">
                  Detail
                </th>
              </tr>
            </thead>
            <tbody>
              {list.map((d) => (
                <tr
                  key={d.delivery_id}
                  className={d.outcome === 'rejected' ? 'shop-row-rejected' : undefined}
                  data-outcome={d.outcome}
                >
                  <td className="cell-text cell-time">
                    {formatDateTime(d.received_at, { seconds: true, timeZone: advertiser.timezone })}
                  </td>
                  <td className="cell-text">
                    <code>{d.topic ?? '—'}</code>
                  </td>
                  <td className="cell-text">{orderOf(d)}</td>
                  <td className="cell-text">
                    <span className={`shop-outcome shop-outcome-${d.outcome}`}>{outcomeLabel(d)}</span>
                  </td>
                  <td className="cell-text ellipsis cell-muted" title={d.detail}>
                    {d.detail}
                    {d.shop_domain && <span> · {d.shop_domain}</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {list && list.length === limit && more && (
        <div className="shop-table-footer">
          <button type="button" className="button button-small" onClick={() => setLimit(more)}>
            Show the latest {more}
          </button>
        </div>
      )}
    </section>
  );
}

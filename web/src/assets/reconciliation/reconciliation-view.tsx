// Assets → Events → Shop reconciliation: TikTok's purchases, the pixel's and the shop's orders side by
// side; two waterfalls meeting at the shop's attributable orders (from the platform's number, and from
// every shop order); a bar's orders and events below it; first-party attribution per ad; the attribution
// windows per ad group; and, for sandbox advertisers, the replay under other windows.
import { useState } from 'react';
import type { AdvertiserInfo } from '../../../../src/shared/api.ts';
import type { BarId, ReconciliationResponse } from '../../../../src/shared/reconciliation-api.ts';
import { useReconciliation } from '../../api/reconciliation.ts';
import { ErrorBanner, Skeleton } from '../../components/feedback.tsx';
import { DrillTable } from './drill-table.tsx';
import { WaterfallList } from './waterfall-list.tsx';
import { WindowReplayPanel } from './window-replay-panel.tsx';
import './reconciliation.css';

type Chain = 'platform_to_shop' | 'shop_to_attributable';

const WINDOW_LABEL: Record<string, string> = {
  OFF: 'Off',
  ONE_DAY: '1 day',
  SEVEN_DAYS: '7 days',
  FOURTEEN_DAYS: '14 days',
  TWENTY_EIGHT_DAYS: '28 days',
};

export function ReconciliationView({
  advertiser,
  range,
}: {
  advertiser: AdvertiserInfo;
  range: { from: string; to: string };
}) {
  const query = useReconciliation(advertiser.advertiser_id, range);
  const [selected, setSelected] = useState<{ chain: Chain; id: BarId } | null>(null);
  if (query.error) {
    return (
      <ErrorBanner
        title="The reconciliation could not be loaded."
        error={query.error}
        onRetry={() => void query.refetch()}
      />
    );
  }
  const data = query.data;
  if (!data) return <ReconciliationSkeleton />;
  const chosen = selected ?? { chain: 'platform_to_shop' as Chain, id: 'view_through' as BarId };
  const bar = data[chosen.chain].find((b) => b.id === chosen.id) ?? data.platform_to_shop[0]!;
  const scale = Math.max(
    ...[...data.platform_to_shop, ...data.shop_to_attributable].flatMap((b) => [
      b.running,
      b.running - b.value,
    ]),
  );
  return (
    <div className="reconciliation" data-testid="reconciliation" aria-busy={query.isFetching}>
      <Totals data={data} />
      {data.totals.shop.orders === 0 && (
        <p className="recon-hint" role="note">
          The shop has no orders on these dates: import a Shopify orders export (Assets → Events → Shop
          orders, or <code>adcockpit orders import</code>) or connect its webhooks to see where TikTok's
          numbers go.
        </p>
      )}
      <section className="panel" aria-labelledby="waterfall-title">
        <div className="panel-header">
          <h2 className="panel-title" id="waterfall-title">
            Where the numbers part
          </h2>
          <span className="panel-note">Choose a bar to see the orders and events behind it</span>
        </div>
        <div className="waterfalls">
          {(['platform_to_shop', 'shop_to_attributable'] as const).map((chain) => (
            <WaterfallList
              key={chain}
              chain={chain}
              title={
                chain === 'platform_to_shop'
                  ? "From TikTok's purchases to the shop's attributable orders"
                  : 'From every shop order to the attributable ones'
              }
              bars={data[chain]}
              scale={scale}
              selected={chosen}
              onSelect={(id) => setSelected({ chain, id })}
            />
          ))}
        </div>
      </section>
      <DrillTable
        key={`${chosen.chain}-${chosen.id}`}
        bar={bar}
        currency={data.currency}
        timezone={data.timezone}
      />
      <div className="recon-columns">
        <AdTable data={data} />
        <WindowsTable data={data} />
      </div>
      {data.sandbox && (
        <WindowReplayPanel
          advertiserId={advertiser.advertiser_id}
          range={range}
          currency={data.currency}
          platformPurchases={data.totals.platform.purchases}
        />
      )}
    </div>
  );
}

function Totals({ data }: { data: ReconciliationResponse }) {
  const money = new Intl.NumberFormat('en-US', { style: 'currency', currency: data.currency });
  const { platform, pixel, shop } = data.totals;
  const card = (
    id: string,
    title: string,
    value: number,
    unit: string,
    parts: [string, number][],
    amount: number,
  ) => (
    <article className="recon-total" data-testid={`total-${id}`}>
      <h2 className="recon-total-title">{title}</h2>
      <div className="recon-total-value">
        <span data-testid={`total-${id}-value`}>{value.toLocaleString('en-US')}</span>
        <span className="recon-total-unit">{unit}</span>
        <span className="recon-total-money">{money.format(amount)}</span>
      </div>
      <dl className="recon-total-parts">
        {parts.map(([label, n]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{n.toLocaleString('en-US')}</dd>
          </div>
        ))}
      </dl>
    </article>
  );
  return (
    <section className="recon-totals" aria-label="Totals">
      {card(
        'platform',
        'TikTok reports',
        platform.purchases,
        'purchases',
        [
          ['Click-through', platform.click_through],
          ['View-through', platform.view_through],
        ],
        platform.value,
      )}
      {card(
        'pixel',
        'The pixel saw',
        pixel.purchases,
        'purchases',
        [
          ['Tied to a TikTok click', pixel.click_through],
          ['Other', pixel.purchases - pixel.click_through],
        ],
        pixel.value,
      )}
      {card(
        'shop',
        'The shop has',
        shop.orders,
        'orders',
        [
          ['Attributable to TikTok', shop.attributable],
          ['Refunded or cancelled', shop.refunded_or_cancelled],
        ],
        shop.value,
      )}
    </section>
  );
}

function AdTable({ data }: { data: ReconciliationResponse }) {
  return (
    <section className="panel" aria-labelledby="ads-title">
      <div className="panel-header">
        <h2 className="panel-title" id="ads-title">
          Purchases per ad
        </h2>
        <span className="panel-note">Adcockpit's own click-through, on the click's day, beside TikTok's</span>
      </div>
      <div className="table-scroll">
        <table className="data-table data-table-tall recon-small-table">
          <colgroup>
            <col style={{ width: '46%' }} />
            <col />
            <col />
            <col />
          </colgroup>
          <thead>
            <tr>
              <th className="cell-text">Ad</th>
              <th className="cell-number">TikTok click-through</th>
              <th className="cell-number">TikTok view-through</th>
              <th className="cell-number">Adcockpit click-through</th>
            </tr>
          </thead>
          <tbody>
            {data.ads.length === 0 ? (
              <tr>
                <td colSpan={4} className="table-empty">
                  No ad has purchases on these dates.
                </td>
              </tr>
            ) : (
              data.ads.map((a) => (
                <tr key={a.ad_id}>
                  <td className="cell-text">
                    <span className="cell-name ellipsis">{a.ad_name}</span>
                    <span className="cell-sub ellipsis">
                      {a.campaign_name} · {a.adgroup_name}
                    </span>
                  </td>
                  <td className="cell-number">{a.platform_click_through}</td>
                  <td className="cell-number">{a.platform_view_through}</td>
                  <td className="cell-number">{a.first_party_click_through}</td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function WindowsTable({ data }: { data: ReconciliationResponse }) {
  return (
    <section className="panel" aria-labelledby="windows-title">
      <div className="panel-header">
        <h2 className="panel-title" id="windows-title">
          Attribution windows
        </h2>
        <span className="panel-note">Per ad group, as set now</span>
      </div>
      <table className="data-table data-table-tall recon-small-table" data-testid="windows">
        <colgroup>
          <col style={{ width: '64%' }} />
          <col />
          <col />
        </colgroup>
        <thead>
          <tr>
            <th className="cell-text">Ad group</th>
            <th className="cell-number">Click</th>
            <th className="cell-number">View</th>
          </tr>
        </thead>
        <tbody>
          {data.windows.map((w) => (
            <tr key={w.adgroup_id}>
              <td className="cell-text">
                <span className="cell-name ellipsis">{w.adgroup_name}</span>
                <span className="cell-sub ellipsis">{w.campaign_name}</span>
              </td>
              <td className="cell-number">{WINDOW_LABEL[w.click_attribution_window]}</td>
              <td className="cell-number">{WINDOW_LABEL[w.view_attribution_window]}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function ReconciliationSkeleton() {
  return (
    <div className="reconciliation" data-busy="true" aria-busy="true">
      <section className="recon-totals">
        {[0, 1, 2].map((i) => (
          <article className="recon-total" key={i}>
            <Skeleton width="40%" height={12} />
            <Skeleton width="55%" height={26} />
            <Skeleton width="80%" height={12} />
          </article>
        ))}
      </section>
      <section className="panel">
        <div className="panel-pad">
          <Skeleton width="100%" height={300} />
        </div>
      </section>
    </div>
  );
}

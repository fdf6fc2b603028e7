// The orders, events and platform rows behind one bar: what each adds to the bar and why. Long lists show
// a hundred rows at a time.
import { useState } from 'react';
import type { DrillRow, WaterfallBar } from '../../../../src/shared/reconciliation-api.ts';

const PAGE = 100;
const KIND_LABEL: Record<DrillRow['kind'], string> = {
  platform: 'Platform row',
  comparison: 'Ad × day',
  order: 'Order',
  event: 'Pixel event',
  duplicate: 'Dropped copy',
};

export function DrillTable({
  bar,
  currency,
  timezone,
}: {
  bar: WaterfallBar;
  currency: string;
  timezone: string;
}) {
  const [shown, setShown] = useState(PAGE);
  const money = new Intl.NumberFormat('en-US', { style: 'currency', currency });
  const rows = bar.rows.slice(0, shown);
  return (
    <section className="panel drill" aria-labelledby="drill-title" data-testid="drill-down">
      <div className="panel-header">
        <div>
          <h2 className="panel-title" id="drill-title">
            {bar.label} <span className="drill-total">{bar.value.toLocaleString('en-US')}</span>
          </h2>
        </div>
        <span className="panel-note">{bar.explanation}</span>
      </div>
      <div className="table-scroll">
        <table className="data-table drill-table">
          <colgroup>
            <col style={{ width: 96 }} />
            <col style={{ width: 110 }} />
            <col style={{ width: 130 }} />
            <col style={{ width: 90 }} />
            <col style={{ width: 150 }} />
            <col style={{ width: 150 }} />
            <col style={{ width: 64 }} />
            <col />
          </colgroup>
          <thead>
            <tr>
              <th className="cell-text">Kind</th>
              <th className="cell-text">Order</th>
              <th
                className="cell-text"
                title={`On the advertiser's clock (${timezone}); hover a time for UTC`}
              >
                Time
              </th>
              <th className="cell-number">Value</th>
              <th className="cell-text">ttclid</th>
              <th className="cell-text">Ad</th>
              <th className="cell-number">Effect</th>
              <th className="cell-text">Reason</th>
            </tr>
          </thead>
          <tbody>
            {rows.length === 0 ? (
              <tr>
                <td colSpan={8} className="table-empty">
                  Nothing on these dates falls under this cause.
                </td>
              </tr>
            ) : (
              rows.map((r, i) => (
                <tr key={`${r.kind}-${r.order_id ?? r.event_id ?? r.ad_id}-${r.local_time}-${i}`}>
                  <td className="cell-text cell-muted">{KIND_LABEL[r.kind]}</td>
                  <td className="cell-text" title={r.order_id ?? r.event_id ?? undefined}>
                    {r.order_name ?? r.order_id ?? (r.event_id ? `event ${r.event_id}` : '—')}
                  </td>
                  <td className="cell-text" title={r.time ?? undefined}>
                    {r.local_time ?? '—'}
                  </td>
                  <td className="cell-number">{r.value === null ? '—' : money.format(r.value)}</td>
                  <td className="cell-text mono" title={r.ttclid ?? undefined}>
                    {r.ttclid ?? '—'}
                  </td>
                  <td className="cell-text" title={r.ad_id ?? undefined}>
                    {r.ad_name ?? '—'}
                  </td>
                  <td
                    className={`cell-number ${r.effect < 0 ? 'effect-down' : r.effect > 0 ? 'effect-up' : 'cell-muted'}`}
                  >
                    {r.effect > 0 ? `+${r.effect}` : r.effect}
                  </td>
                  <td className="cell-text drill-reason" title={r.reason}>
                    {r.reason}
                  </td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
      {bar.rows.length > shown && (
        <div className="drill-more">
          <span className="panel-note">
            {shown.toLocaleString('en-US')} of {bar.rows.length.toLocaleString('en-US')} rows
          </span>
          <button type="button" className="button button-small" onClick={() => setShown((n) => n + PAGE)}>
            Show {Math.min(PAGE, bar.rows.length - shown)} more
          </button>
        </div>
      )}
    </section>
  );
}

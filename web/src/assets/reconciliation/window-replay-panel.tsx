// Sandbox advertisers only: what the platform would have reported under other attribution windows,
// replayed from the sandbox's record of every order's path, beside what it reported under the windows set.
import { useState } from 'react';
import type { ClickAttributionWindow, ViewAttributionWindow } from '../../../../src/core/enums.ts';
import { useWindowReplay } from '../../api/reconciliation.ts';
import { ErrorBanner, Skeleton } from '../../components/feedback.tsx';

const CLICK: Record<ClickAttributionWindow, string> = {
  OFF: 'Off',
  ONE_DAY: '1-day click',
  SEVEN_DAYS: '7-day click',
  FOURTEEN_DAYS: '14-day click',
  TWENTY_EIGHT_DAYS: '28-day click',
};
const VIEW: Record<ViewAttributionWindow, string> = {
  OFF: 'no view',
  ONE_DAY: '1-day view',
  SEVEN_DAYS: '7-day view',
};
const PRESETS: { label: string; click: ClickAttributionWindow; view: ViewAttributionWindow }[] = [
  { label: '7-day click, 1-day view', click: 'SEVEN_DAYS', view: 'ONE_DAY' },
  { label: '1-day click', click: 'ONE_DAY', view: 'OFF' },
  { label: '28-day click, 7-day view', click: 'TWENTY_EIGHT_DAYS', view: 'SEVEN_DAYS' },
];

export function WindowReplayPanel({
  advertiserId,
  range,
  currency,
  platformPurchases,
}: {
  advertiserId: string;
  range: { from: string; to: string };
  currency: string;
  /** What the platform reported for the dates, to say when the record does not cover all of it. */
  platformPurchases: number;
}) {
  const [windows, setWindows] = useState<{ click: ClickAttributionWindow; view: ViewAttributionWindow }>({
    click: 'SEVEN_DAYS',
    view: 'ONE_DAY',
  });
  const replay = useWindowReplay(advertiserId, range, {
    click_window: windows.click,
    view_window: windows.view,
  });
  const money = new Intl.NumberFormat('en-US', { style: 'currency', currency });
  const data = replay.data;
  return (
    <section className="panel replay" aria-labelledby="replay-title" data-testid="window-replay">
      <div className="panel-header">
        <h2 className="panel-title" id="replay-title">
          Window replay <span className="badge badge-sandbox">Sandbox</span>
        </h2>
        <span className="panel-note">From the sandbox's record of every purchase's path</span>
      </div>
      <div className="panel-pad replay-body">
        <div className="replay-controls">
          <div className="segmented" role="group" aria-label="Window presets">
            {PRESETS.map((p) => (
              <button
                key={p.label}
                type="button"
                className="button button-small"
                aria-pressed={windows.click === p.click && windows.view === p.view}
                onClick={() => setWindows({ click: p.click, view: p.view })}
              >
                {p.label}
              </button>
            ))}
          </div>
          <label className="replay-select">
            Click
            <select
              value={windows.click}
              onChange={(e) => setWindows((w) => ({ ...w, click: e.target.value as ClickAttributionWindow }))}
            >
              {Object.entries(CLICK).map(([id, label]) => (
                <option key={id} value={id}>
                  {label}
                </option>
              ))}
            </select>
          </label>
          <label className="replay-select">
            View
            <select
              value={windows.view}
              onChange={(e) => setWindows((w) => ({ ...w, view: e.target.value as ViewAttributionWindow }))}
            >
              {Object.entries(VIEW).map(([id, label]) => (
                <option key={id} value={id}>
                  {label}
                </option>
              ))}
            </select>
          </label>
        </div>
        {replay.error ? (
          <ErrorBanner
            title="The replay could not be loaded."
            error={replay.error}
            onRetry={() => void replay.refetch()}
          />
        ) : !data ? (
          <Skeleton width="100%" height={88} />
        ) : (
          <>
            {data.as_run.purchases !== platformPurchases && (
              <p className="recon-hint" role="note">
                The sandbox's record explains {data.as_run.purchases} of the {platformPurchases} purchases
                TikTok reports for these dates: days simulated before the record was kept have none.{' '}
                <code>adcockpit sandbox seed</code> (the demo) or <code>sandbox run</code> (a scenario)
                simulates the history again with it.
              </p>
            )}
            <table className="data-table replay-table" aria-busy={replay.isFetching}>
              <thead>
                <tr>
                  <th className="cell-text">Ad group</th>
                  <th className="cell-number">As run (its own windows)</th>
                  <th className="cell-number" data-testid="replay-heading">
                    {CLICK[data.click_window]}
                    {data.view_window === 'OFF' ? '' : `, ${VIEW[data.view_window]}`}
                  </th>
                  <th className="cell-number">Difference</th>
                </tr>
              </thead>
              <tbody>
                {data.adgroups.map((g) => (
                  <tr key={g.adgroup_id}>
                    <td className="cell-text">{g.adgroup_name}</td>
                    <td className="cell-number">{g.as_run.toLocaleString('en-US')}</td>
                    <td className="cell-number">{g.replayed.toLocaleString('en-US')}</td>
                    <td className="cell-number">{signed(g.replayed - g.as_run)}</td>
                  </tr>
                ))}
                <tr className="replay-total">
                  <td className="cell-text">
                    All purchases
                    <span className="cell-sub">
                      click-through {data.as_run.click_through} → {data.replayed.click_through}, view-through{' '}
                      {data.as_run.view_through} → {data.replayed.view_through}
                    </span>
                  </td>
                  <td className="cell-number">
                    <span data-testid="replay-as-run">{data.as_run.purchases.toLocaleString('en-US')}</span>
                    <span className="cell-sub">{money.format(data.as_run.value)}</span>
                  </td>
                  <td className="cell-number">
                    <span data-testid="replay-replayed">
                      {data.replayed.purchases.toLocaleString('en-US')}
                    </span>
                    <span className="cell-sub">{money.format(data.replayed.value)}</span>
                  </td>
                  <td className="cell-number">{signed(data.replayed.purchases - data.as_run.purchases)}</td>
                </tr>
              </tbody>
            </table>
          </>
        )}
      </div>
    </section>
  );
}

const signed = (n: number): string => (n > 0 ? `+${n}` : String(n));

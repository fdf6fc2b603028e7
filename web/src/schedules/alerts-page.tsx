// Alert rules of one advertiser: what each watches and where, who it tells, whether it is firing now and
// when it last told anyone; pause, resume, edit, delete, and a form for a new one.
import { useState } from 'react';
import type { AdvertiserInfo } from '../../../src/shared/api.ts';
import type { AlertRule } from '../../../src/shared/schedules-api.ts';
import { useAlerts, useDeleteAlert, useSaveAlert } from '../api/schedules.ts';
import { EmptyState, ErrorBanner, Skeleton } from '../components/feedback.tsx';
import { AlertForm } from './alert-form.tsx';
import { instantText } from './schedule-words.ts';
import { DeleteButton } from './schedules-page.tsx';

const SCOPE_LABEL = { advertiser: 'Whole account', campaign: 'Campaign', adgroup: 'Ad group' } as const;

function watchText(rule: AlertRule): string {
  return rule.watch.kind === 'metric'
    ? `${rule.watch.condition} · last ${rule.watch.window_days} day${rule.watch.window_days === 1 ? '' : 's'}`
    : `New ${rule.watch.min_severity === 'info' ? '' : `${rule.watch.min_severity} `}insights${rule.watch.codes.length ? ` (${rule.watch.codes.join(', ')})` : ''}`;
}

function channelsText(rule: AlertRule): string {
  const people = [...rule.channels.members.map((m) => m.name), ...rule.channels.emails];
  return [...people, ...(rule.channels.webhook_url ? ['webhook'] : [])].join(', ') || '—';
}

export function AlertsPage({ advertiser, canWrite }: { advertiser: AdvertiserInfo; canWrite: boolean }) {
  const id = advertiser.advertiser_id;
  const alerts = useAlerts(id);
  const save = useSaveAlert(id);
  const remove = useDeleteAlert(id);
  const [editing, setEditing] = useState<AlertRule | 'new' | null>(null);
  const list = alerts.data?.alerts ?? [];
  const tz = advertiser.timezone;

  return (
    <section className="panel" aria-labelledby="alerts-title" data-testid="alerts-page">
      <header className="panel-header">
        <h2 id="alerts-title" className="panel-title">
          Alerts
        </h2>
        <span className="panel-note">
          Checked after each data refresh; one message per problem, then quiet for the cool-down.
        </span>
        {canWrite && (
          <button
            type="button"
            className="button button-primary sc-header-action"
            onClick={() => setEditing('new')}
            data-testid="alert-new"
          >
            New alert
          </button>
        )}
      </header>
      {(save.error ?? remove.error) && !editing && (
        <div className="panel-pad panel-pad-tight">
          <ErrorBanner title="That did not work." error={save.error ?? remove.error} />
        </div>
      )}
      {alerts.error ? (
        <div className="panel-pad">
          <ErrorBanner
            title="The alerts could not be loaded."
            error={alerts.error}
            onRetry={() => void alerts.refetch()}
          />
        </div>
      ) : alerts.isPending ? (
        <div className="panel-pad">
          <Skeleton width="100%" height={120} />
        </div>
      ) : list.length === 0 ? (
        <EmptyState title="No alerts yet">
          {canWrite
            ? 'Watch a condition such as cost_per_conversion > 30 AND spend > 50, or new critical insights, and be told by e-mail or in Slack.'
            : 'Members who may edit this advertiser can set up alerts here.'}
        </EmptyState>
      ) : (
        <table className="data-table sc-table" data-testid="alert-table">
          <thead>
            <tr>
              <th>Alert</th>
              <th>Where</th>
              <th>Watches</th>
              <th>Tells</th>
              <th>Now</th>
              <th>Last told</th>
              <th className="cell-actions">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.map((rule) => (
              <tr
                key={rule.alert_id}
                className={rule.paused ? 'row-muted' : undefined}
                data-testid="alert-row"
              >
                <td className="sc-name">{rule.name}</td>
                <td>
                  {SCOPE_LABEL[rule.scope.level]}
                  {rule.scope.level !== 'advertiser' && <span className="sc-kind">{rule.scope.name}</span>}
                </td>
                <td>
                  <code className="sc-code">{watchText(rule)}</code>
                </td>
                <td>{channelsText(rule)}</td>
                <td>
                  {rule.paused ? (
                    <span className="sc-paused">Paused</span>
                  ) : rule.state.firing ? (
                    <span className="sc-pill sc-pill-failed">
                      Firing
                      {rule.state.firing_since ? ` since ${instantText(rule.state.firing_since, tz)}` : ''}
                    </span>
                  ) : rule.state.last_checked_at ? (
                    <span className="sc-pill sc-pill-sent">Clear</span>
                  ) : (
                    <span className="sc-faint">Not checked yet</span>
                  )}
                </td>
                <td>
                  {rule.state.last_notified_at ? (
                    instantText(rule.state.last_notified_at, tz)
                  ) : (
                    <span className="sc-faint">Never</span>
                  )}
                </td>
                <td className="cell-actions">
                  {canWrite && (
                    <span className="row-actions">
                      <button
                        type="button"
                        className="button button-small"
                        disabled={save.isPending}
                        onClick={() => save.mutate({ id: rule.alert_id, body: { paused: !rule.paused } })}
                      >
                        {rule.paused ? 'Resume' : 'Pause'}
                      </button>
                      <button type="button" className="button button-small" onClick={() => setEditing(rule)}>
                        Edit
                      </button>
                      <DeleteButton
                        busy={remove.isPending}
                        onConfirm={() => remove.mutate(rule.alert_id)}
                        what={rule.name}
                      />
                    </span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {editing && (
        <AlertForm
          advertiser={advertiser}
          rule={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
        />
      )}
    </section>
  );
}

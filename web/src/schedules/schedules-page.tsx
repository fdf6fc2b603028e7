// Scheduled reports of one advertiser: each saved report template that e-mails itself, with its cadence in
// words, the next send on the advertiser's clock, who gets it and how the last delivery went; preview,
// send now, pause or resume, edit and delete, and a form for a new one.
import { useState } from 'react';
import type { AdvertiserInfo } from '../../../src/shared/api.ts';
import type { Schedule } from '../../../src/shared/schedules-api.ts';
import {
  schedulePreviewUrl,
  useDeleteSchedule,
  useSaveSchedule,
  useSchedules,
  useSendNow,
} from '../api/schedules.ts';
import { EmptyState, ErrorBanner, Skeleton } from '../components/feedback.tsx';
import { Link } from '../components/link.tsx';
import { ScheduleForm } from './schedule-form.tsx';
import { RANGE_LABEL, cadenceText, instantText } from './schedule-words.ts';
import { StatusPill } from './status-pill.tsx';

interface Props {
  advertiser: AdvertiserInfo;
  canWrite: boolean;
}

export function SchedulesPage({ advertiser, canWrite }: Props) {
  const id = advertiser.advertiser_id;
  const schedules = useSchedules(id);
  const save = useSaveSchedule(id);
  const remove = useDeleteSchedule(id);
  const sendNow = useSendNow(id);
  const [editing, setEditing] = useState<Schedule | 'new' | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const list = schedules.data?.schedules ?? [];
  const error = save.error ?? remove.error ?? sendNow.error;

  const send = (schedule: Schedule) => {
    setNotice(null);
    sendNow.mutate(schedule.schedule_id, {
      onSuccess: ({ delivery }) =>
        setNotice(
          delivery.status === 'sent'
            ? `“${schedule.template_name}” was sent to ${delivery.recipients.length} recipient${delivery.recipients.length === 1 ? '' : 's'}${delivery.transport === 'outbox' ? ' (into the outbox)' : ''}.`
            : `“${schedule.template_name}” is ${delivery.status}: ${delivery.last_error ?? 'see Deliveries'}.`,
        ),
    });
  };

  return (
    <section className="panel" aria-labelledby="schedules-title" data-testid="schedules-page">
      <header className="panel-header">
        <h2 id="schedules-title" className="panel-title">
          Scheduled reports
        </h2>
        <span className="panel-note">
          Times are {advertiser.name}’s ({advertiser.timezone}). Each report covers whole days before the
          send.
        </span>
        {canWrite && (
          <button
            type="button"
            className="button button-primary sc-header-action"
            onClick={() => setEditing('new')}
            data-testid="schedule-new"
          >
            New schedule
          </button>
        )}
      </header>
      {notice && (
        <div className="sc-notice" role="status" data-testid="schedule-notice">
          {notice}{' '}
          <Link href={`/reporting/deliveries?advertiser=${encodeURIComponent(id)}`}>
            See the delivery log
          </Link>
        </div>
      )}
      {error && (
        <div className="panel-pad panel-pad-tight">
          <ErrorBanner title="That did not work." error={error} />
        </div>
      )}
      {schedules.error ? (
        <div className="panel-pad">
          <ErrorBanner
            title="The schedules could not be loaded."
            error={schedules.error}
            onRetry={() => void schedules.refetch()}
          />
        </div>
      ) : schedules.isPending ? (
        <div className="panel-pad">
          <Skeleton width="100%" height={120} />
        </div>
      ) : list.length === 0 ? (
        <EmptyState title="No scheduled reports yet">
          {canWrite
            ? 'Pick a saved report template and when it goes out: it is e-mailed with its figures, a chart and the full report attached, to the team and to anyone else.'
            : 'Members who may edit this advertiser can schedule its reports here.'}
        </EmptyState>
      ) : (
        <table className="data-table sc-table" data-testid="schedule-table">
          <thead>
            <tr>
              <th>Report</th>
              <th>When</th>
              <th>Covers</th>
              <th>Next send</th>
              <th>Recipients</th>
              <th>Last delivery</th>
              <th className="cell-actions">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.map((s) => {
              const recipients = [...s.recipients.members.map((m) => m.name), ...s.recipients.emails];
              return (
                <tr
                  key={s.schedule_id}
                  className={s.paused ? 'row-muted' : undefined}
                  data-testid="schedule-row"
                  data-schedule-id={s.schedule_id}
                >
                  <td className="sc-name">
                    {s.template_name}
                    {s.attach.length > 0 && (
                      <span className="sc-attach">{s.attach.join(' + ').toUpperCase()}</span>
                    )}
                  </td>
                  <td>{cadenceText(s.recurrence, s.at)}</td>
                  <td>{RANGE_LABEL[s.range]}</td>
                  <td data-testid="schedule-next">
                    {s.paused ? (
                      <span className="sc-paused">Paused</span>
                    ) : s.next_send_at ? (
                      instantText(s.next_send_at, s.time_zone)
                    ) : (
                      '—'
                    )}
                  </td>
                  <td title={recipients.join(', ')}>
                    {recipients.slice(0, 2).join(', ')}
                    {recipients.length > 2 && <span className="sc-more"> +{recipients.length - 2}</span>}
                  </td>
                  <td>
                    {s.last_delivery ? (
                      <StatusPill status={s.last_delivery.status} />
                    ) : (
                      <span className="sc-faint">Not sent yet</span>
                    )}
                  </td>
                  <td className="cell-actions">
                    <span className="row-actions">
                      <a
                        className="button button-small link-as-button"
                        href={schedulePreviewUrl(id, s.schedule_id)}
                        target="_blank"
                        rel="noopener"
                        data-testid="schedule-preview"
                      >
                        Preview
                      </a>
                      {canWrite && (
                        <>
                          <button
                            type="button"
                            className="button button-small"
                            disabled={sendNow.isPending}
                            onClick={() => send(s)}
                            data-testid="schedule-send-now"
                          >
                            {sendNow.isPending && sendNow.variables === s.schedule_id
                              ? 'Sending…'
                              : 'Send now'}
                          </button>
                          <button
                            type="button"
                            className="button button-small"
                            disabled={save.isPending}
                            onClick={() => save.mutate({ id: s.schedule_id, body: { paused: !s.paused } })}
                            data-testid="schedule-pause"
                          >
                            {s.paused ? 'Resume' : 'Pause'}
                          </button>
                          <button
                            type="button"
                            className="button button-small"
                            onClick={() => setEditing(s)}
                            data-testid="schedule-edit"
                          >
                            Edit
                          </button>
                          <DeleteButton
                            busy={remove.isPending}
                            onConfirm={() => remove.mutate(s.schedule_id)}
                            what={s.template_name}
                          />
                        </>
                      )}
                    </span>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {editing && (
        <ScheduleForm
          advertiser={advertiser}
          schedule={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
        />
      )}
    </section>
  );
}

/** Deleting asks once more in place: a schedule others rely on should not go on a slip of the mouse. */
export function DeleteButton({
  busy,
  onConfirm,
  what,
}: {
  busy: boolean;
  onConfirm: () => void;
  what: string;
}) {
  const [asking, setAsking] = useState(false);
  if (!asking) {
    return (
      <button type="button" className="button button-small" onClick={() => setAsking(true)}>
        Delete
      </button>
    );
  }
  return (
    <span className="sc-confirm" role="group" aria-label={`Delete ${what}?`}>
      <button
        type="button"
        className="button button-small button-danger"
        disabled={busy}
        autoFocus
        onClick={() => {
          onConfirm();
          setAsking(false);
        }}
      >
        Delete
      </button>
      <button type="button" className="button button-small" onClick={() => setAsking(false)}>
        Keep
      </button>
    </span>
  );
}

// The delivery log of one advertiser: every message its schedules and alerts sent or tried to send,
// newest first — status, attempts, each recipient's outcome and the server's answer — and, while no SMTP
// server is configured, a plain note that mail goes to the outbox in the data directory, with the
// messages there to open.
import { useState } from 'react';
import type { AdvertiserInfo } from '../../../src/shared/api.ts';
import type { Delivery } from '../../../src/shared/schedules-api.ts';
import { outboxMessageUrl, useDeliveries, useOutbox } from '../api/schedules.ts';
import { useSession } from '../app/session.tsx';
import { EmptyState, ErrorBanner, Skeleton } from '../components/feedback.tsx';
import { Link } from '../components/link.tsx';
import { canManageMembers } from '../lib/roles.ts';
import { instantText } from './schedule-words.ts';
import { StatusPill } from './status-pill.tsx';

const KIND_LABEL: Record<Delivery['kind'], string> = {
  schedule: 'Scheduled',
  send_now: 'Sent now',
  alert: 'Alert',
};

export function DeliveriesPage({ advertiser }: { advertiser: AdvertiserInfo }) {
  const id = advertiser.advertiser_id;
  const deliveries = useDeliveries(id);
  const outbox = useOutbox(id);
  const { user } = useSession();
  const [open, setOpen] = useState<string | null>(null);
  const tz = advertiser.timezone;
  const list = deliveries.data?.deliveries ?? [];

  return (
    <div className="sc-stack">
      {outbox.data?.active && (
        <div className="sc-banner" role="note" data-testid="outbox-banner">
          <strong>No SMTP server is configured.</strong> Messages are not sent: they are written to the{' '}
          <code>outbox</code> folder in the data directory, and listed below to open.{' '}
          {canManageMembers(user) ? (
            <Link href="/settings/mail">Set up mail</Link>
          ) : (
            'An owner or admin can set up mail under Settings.'
          )}
        </div>
      )}

      <section className="panel" aria-labelledby="deliveries-title" data-testid="deliveries-page">
        <header className="panel-header">
          <h2 id="deliveries-title" className="panel-title">
            Delivery log
          </h2>
          <span className="panel-note">Every message and every attempt, newest first. Times in {tz}.</span>
        </header>
        {deliveries.error ? (
          <div className="panel-pad">
            <ErrorBanner
              title="The delivery log could not be loaded."
              error={deliveries.error}
              onRetry={() => void deliveries.refetch()}
            />
          </div>
        ) : deliveries.isPending ? (
          <div className="panel-pad">
            <Skeleton width="100%" height={120} />
          </div>
        ) : list.length === 0 ? (
          <EmptyState title="Nothing delivered yet">
            Scheduled reports and alerts appear here once they go out, with what the mail server answered.
          </EmptyState>
        ) : (
          <table className="data-table sc-table" data-testid="delivery-table">
            <thead>
              <tr>
                <th>When</th>
                <th>Message</th>
                <th>Status</th>
                <th className="cell-number">Attempts</th>
                <th>Recipients</th>
                <th>Server’s answer</th>
              </tr>
            </thead>
            <tbody>
              {list.map((d) => {
                const expanded = open === d.delivery_id;
                return (
                  <DeliveryRows
                    key={d.delivery_id}
                    delivery={d}
                    tz={tz}
                    expanded={expanded}
                    onToggle={() => setOpen(expanded ? null : d.delivery_id)}
                  />
                );
              })}
            </tbody>
          </table>
        )}
      </section>

      {outbox.data && (outbox.data.active || outbox.data.messages.length > 0) && (
        <section className="panel" aria-labelledby="outbox-title" data-testid="outbox-panel">
          <header className="panel-header">
            <h2 id="outbox-title" className="panel-title">
              Outbox
            </h2>
            <span className="panel-note">Messages written to the data directory instead of sent.</span>
          </header>
          {outbox.data.messages.length === 0 ? (
            <div className="panel-pad sc-faint">No message in the outbox yet.</div>
          ) : (
            <table className="data-table sc-table" data-testid="outbox-table">
              <thead>
                <tr>
                  <th>Written</th>
                  <th>To</th>
                  <th>Subject</th>
                  <th className="cell-actions">
                    <span className="visually-hidden">Open</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {outbox.data.messages.map((m) => (
                  <tr key={m.file} data-testid="outbox-row">
                    <td>{instantText(m.written_at, tz)}</td>
                    <td>{m.to}</td>
                    <td className="sc-name">{m.subject}</td>
                    <td className="cell-actions">
                      <span className="row-actions">
                        <a
                          className="button button-small link-as-button"
                          href={outboxMessageUrl(id, m.file)}
                          target="_blank"
                          rel="noopener"
                          data-testid="outbox-open"
                        >
                          Open
                        </a>
                        <a
                          className="button button-small link-as-button"
                          href={outboxMessageUrl(id, m.file, 'eml')}
                          download={m.file}
                        >
                          .eml
                        </a>
                      </span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      )}
    </div>
  );
}

function DeliveryRows({
  delivery: d,
  tz,
  expanded,
  onToggle,
}: {
  delivery: Delivery;
  tz: string;
  expanded: boolean;
  onToggle: () => void;
}) {
  const sent = d.recipients.filter((r) => r.status === 'sent').length;
  return (
    <>
      <tr className={expanded ? 'row-expanded' : undefined} data-testid="delivery-row" data-status={d.status}>
        <td>{instantText(d.sent_at ?? d.created_at, tz)}</td>
        <td className="sc-name">
          <button type="button" className="link-button sc-expand" aria-expanded={expanded} onClick={onToggle}>
            {d.subject ?? 'Not composed yet'}
          </button>
          <span className="sc-kind">
            {KIND_LABEL[d.kind]}
            {d.transport ? ` · ${d.transport}` : ''}
          </span>
        </td>
        <td>
          <StatusPill status={d.status} />
          {d.status === 'retrying' && d.next_attempt_at && (
            <span className="sc-faint"> next {instantText(d.next_attempt_at, tz)}</span>
          )}
        </td>
        <td className="cell-number">{d.attempts}</td>
        <td title={d.recipients.map((r) => `${r.address}: ${r.status}`).join('\n')}>
          {sent}/{d.recipients.length} delivered
        </td>
        <td className="sc-answer">{d.last_error ?? (d.status === 'sent' ? 'Accepted' : '—')}</td>
      </tr>
      {expanded && (
        <tr className="row-expanded sc-detail-row">
          <td colSpan={6}>
            <div className="sc-detail">
              <div>
                <h3>Recipients</h3>
                <ul>
                  {d.recipients.map((r) => (
                    <li key={`${r.channel}:${r.address}`}>
                      <StatusPill status={r.status} /> {r.address}
                      {r.response && <span className="sc-answer"> — {r.response}</span>}
                    </li>
                  ))}
                </ul>
              </div>
              <div>
                <h3>Attempts</h3>
                {d.attempt_log.length === 0 ? (
                  <p className="sc-faint">None yet.</p>
                ) : (
                  <ol>
                    {d.attempt_log.map((a) => (
                      <li key={a.attempt}>
                        {instantText(a.at, tz)} · {a.outcome} · <span className="sc-answer">{a.message}</span>
                      </li>
                    ))}
                  </ol>
                )}
              </div>
            </div>
          </td>
        </tr>
      )}
    </>
  );
}

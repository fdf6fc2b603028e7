// The audit log: who did what, to what, when and from where, newest first; older entries on request.
import type { AuditEntry } from '../../../src/shared/api.ts';
import { useAudit, useUsers } from '../api/accounts.ts';
import { useAdvertisers } from '../api/queries.ts';
import { ErrorBanner, Skeleton } from '../components/feedback.tsx';
import { changeText, describeChange, nameIn, targetLabel, type ChangePart } from '../lib/audit.ts';
import { formatDateTime } from '../lib/time.ts';
import { PageHeader } from './settings-screen.tsx';

const COLUMNS = 6;

export function AuditPage() {
  const audit = useAudit();
  const users = useUsers();
  const advertisers = useAdvertisers();

  const names = new Map<string, string>();
  for (const a of advertisers.data?.advertisers ?? []) names.set(a.advertiser_id, a.name);
  for (const u of users.data?.users ?? []) {
    names.set(u.user_id, u.name);
    names.set(u.email, u.name);
  }
  const entries = audit.data?.pages.flatMap((p) => p.entries);

  return (
    <>
      <PageHeader
        title="Audit log"
        note="Every sign-in, change of access and write to an advertiser, newest first. Times are on this computer’s clock."
      />
      <section className="panel" aria-label="Audit log">
        {audit.error && !entries ? (
          <div className="panel-pad">
            <ErrorBanner
              title="The audit log could not be loaded."
              error={audit.error}
              onRetry={() => void audit.refetch()}
            />
          </div>
        ) : (
          <table className="data-table settings-table audit-table" data-testid="audit-table">
            <colgroup>
              <col style={{ width: 150 }} />
              <col style={{ width: '16%' }} />
              <col style={{ width: '15%' }} />
              <col style={{ width: '17%' }} />
              <col />
              <col style={{ width: 118 }} />
            </colgroup>
            <thead>
              <tr>
                <th scope="col" className="cell-text">
                  Time
                </th>
                <th scope="col" className="cell-text">
                  Actor
                </th>
                <th scope="col" className="cell-text">
                  Action
                </th>
                <th scope="col" className="cell-text">
                  Target
                </th>
                <th scope="col" className="cell-text">
                  Change
                </th>
                <th scope="col" className="cell-text">
                  IP
                </th>
              </tr>
            </thead>
            <tbody>
              {!entries ? (
                Array.from({ length: 8 }, (_, r) => (
                  <tr key={r} aria-hidden="true">
                    {Array.from({ length: COLUMNS }, (_, c) => (
                      <td key={c}>
                        <Skeleton width={c === 4 ? '50%' : '70%'} />
                      </td>
                    ))}
                  </tr>
                ))
              ) : entries.length === 0 ? (
                <tr>
                  <td className="table-empty" colSpan={COLUMNS}>
                    Nothing has been recorded yet.
                  </td>
                </tr>
              ) : (
                entries.map((entry) => <AuditRow key={entry.audit_id} entry={entry} names={names} />)
              )}
            </tbody>
          </table>
        )}
        {entries && entries.length > 0 && (
          <div className="table-footer">
            <span className="panel-note" data-testid="audit-count">
              {entries.length} {entries.length === 1 ? 'entry' : 'entries'}
              {audit.hasNextPage ? '' : ' · the beginning of the log'}
            </span>
            {audit.error && entries && (
              <span className="inline-error" role="alert">
                {audit.error.message}
              </span>
            )}
            {audit.hasNextPage && (
              <button
                type="button"
                className="button"
                disabled={audit.isFetchingNextPage}
                onClick={() => void audit.fetchNextPage()}
                data-testid="audit-load-more"
              >
                {audit.isFetchingNextPage ? 'Loading…' : 'Load more'}
              </button>
            )}
          </div>
        )}
      </section>
    </>
  );
}

function AuditRow({ entry, names }: { entry: AuditEntry; names: ReadonlyMap<string, string> }) {
  const parts = describeChange(entry.before, entry.after);
  const actorName = names.get(entry.actor);
  const target = targetText(entry, names);
  return (
    <tr data-audit-id={entry.audit_id} data-action={entry.action}>
      <td className="cell-text cell-time" title={entry.at}>
        {formatDateTime(entry.at, { seconds: true })}
      </td>
      <td className="cell-text">
        <span className="ellipsis cell-block" title={entry.actor}>
          {actorName ?? entry.actor}
        </span>
      </td>
      <td className="cell-text">
        <code className="audit-action" title={entry.action}>
          {entry.action}
        </code>
      </td>
      <td className="cell-text">
        <span className="ellipsis cell-block" title={target.title}>
          {target.text}
        </span>
      </td>
      <td className="cell-text">
        {parts.length === 0 ? (
          <span className="cell-muted">—</span>
        ) : (
          <span className="ellipsis cell-block audit-change" title={changeText(parts)}>
            {parts.map((part, i) => (
              <ChangeBit key={i} part={part} first={i === 0} />
            ))}
          </span>
        )}
      </td>
      <td className="cell-text cell-time">{entry.ip ?? <span className="cell-muted">—</span>}</td>
    </tr>
  );
}

function ChangeBit({ part, first }: { part: ChangePart; first: boolean }) {
  return (
    <>
      {!first && <span className="change-sep">; </span>}
      {part.key && <span className="change-key">{part.key} </span>}
      {part.before !== null && part.after !== null ? (
        <>
          <span className="change-before">{part.before}</span>
          <span className="change-arrow"> → </span>
          <span className="change-after">{part.after}</span>
        </>
      ) : part.after !== null ? (
        <span className="change-after">{part.after}</span>
      ) : (
        <span className="change-was">{part.before}</span>
      )}
    </>
  );
}

function targetText(entry: AuditEntry, names: ReadonlyMap<string, string>): { text: string; title: string } {
  const parts: string[] = [];
  const titles: string[] = [];
  if (entry.target_type || entry.target_id) {
    const known =
      (entry.target_id ? names.get(entry.target_id) : undefined) ?? nameIn(entry.after, entry.before);
    const label = entry.target_type ? targetLabel(entry.target_type) : '';
    parts.push([label, known ? `“${known}”` : entry.target_id].filter(Boolean).join(' '));
    titles.push([entry.target_type, entry.target_id].filter(Boolean).join(' '));
  }
  if (entry.advertiser_id && entry.advertiser_id !== entry.target_id) {
    const name = names.get(entry.advertiser_id) ?? entry.advertiser_id;
    parts.push(`in ${name}`);
    titles.push(`advertiser ${entry.advertiser_id}`);
  }
  if (parts.length === 0) return { text: '—', title: '' };
  return { text: parts.join(' '), title: titles.join(', ') };
}

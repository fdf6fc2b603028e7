// Assets → Audiences: the advertiser's custom and lookalike audiences in a dense table (matched size with
// TikTok's minimum to target, status, retention, the ad groups using each, last update), searched and
// filtered by type; creating one of the three kinds, and the chosen audience, beside the list. What is
// shown is in the address: `audience_q`, `audience_type` (named apart from the creative library's search
// and type, which the sub-navigation's links carry along), `audience` and `create` (the form open).
import { useState } from 'react';
import type { AdvertiserInfo } from '../../../../src/shared/api.ts';
import type { Audience, AudienceType } from '../../../../src/shared/audiences-api.ts';
import { useAudiences } from '../../api/audiences.ts';
import { useSession } from '../../app/session.tsx';
import { EmptyState, ErrorBanner, Skeleton } from '../../components/feedback.tsx';
import { Popover } from '../../components/popover.tsx';
import { formatDateTime } from '../../lib/time.ts';
import { useAssetsParams } from '../assets-url.ts';
import { AudienceDetail } from './audience-detail.tsx';
import { AudienceSizeCell, AudienceStatusBadge } from './audience-status.tsx';
import { type TypeFilter, TYPE_LABEL, audienceSource, count, filterAudiences } from './audience-text.ts';
import { CustomerFileForm } from './customer-file-form.tsx';
import { LookalikeForm } from './lookalike-form.tsx';
import { WebsiteAudienceForm } from './website-form.tsx';
import './audiences.css';

const KINDS: { type: AudienceType; title: string; text: string }[] = [
  {
    type: 'customer_file',
    title: 'Customer file',
    text: 'Upload a CSV or TXT of emails or phone numbers; they are hashed on the server.',
  },
  {
    type: 'website',
    title: 'Website',
    text: 'People who did something on your site, from your pixel’s events.',
  },
  { type: 'lookalike', title: 'Lookalike', text: 'New people who resemble an audience you already have.' },
];

const isKind = (v: string | null): v is AudienceType => KINDS.some((k) => k.type === v);

export function AudiencesPage({ advertiser }: { advertiser: AdvertiserInfo }) {
  const { user } = useSession();
  const canEdit = user?.role !== 'viewer';
  const { params, set } = useAssetsParams();
  const audiences = useAudiences(advertiser.advertiser_id, { refresh: true });
  const q = params.get('audience_q') ?? '';
  const typeParam = params.get('audience_type');
  const type: TypeFilter = isKind(typeParam) ? typeParam : 'all';
  const createParam = params.get('create');
  const creating = canEdit && isKind(createParam) ? createParam : null;

  const all = audiences.data?.audiences ?? [];
  const shown = filterAudiences(all, q, type);
  const chosen = creating ? undefined : all.find((a) => a.audience_id === params.get('audience'));
  const open = (audience: Audience) => set({ audience: audience.audience_id, create: null });

  return (
    <div className="au-page" data-testid="audiences-page">
      <div className="cr-toolbar">
        <input
          type="search"
          className="cr-search"
          placeholder="Search name, file or source"
          aria-label="Search audiences"
          value={q}
          onChange={(e) => set({ audience_q: e.target.value || null }, 'replace')}
        />
        <select
          aria-label="Type"
          value={type}
          onChange={(e) =>
            set({ audience_type: e.target.value === 'all' ? null : e.target.value }, 'replace')
          }
        >
          <option value="all">All types</option>
          {KINDS.map((k) => (
            <option key={k.type} value={k.type}>
              {k.title}
            </option>
          ))}
        </select>
        <div className="cr-toolbar-end">
          {canEdit && <CreateMenu onChoose={(kind) => set({ create: kind, audience: null })} />}
        </div>
      </div>
      <div className={chosen || creating ? 'cr-body au-body-split' : 'cr-body'}>
        <div className="cr-list">
          {audiences.error ? (
            <ErrorBanner
              title="The audiences could not be loaded."
              error={audiences.error}
              onRetry={() => void audiences.refetch()}
            />
          ) : !audiences.data ? (
            <Skeleton width="100%" height={320} />
          ) : all.length === 0 ? (
            <EmptyState title="No audiences yet">
              Build one from a customer file, from the people your pixel has seen on your site, or as a
              lookalike of another; then include or exclude it in an ad group’s targeting.
            </EmptyState>
          ) : shown.length === 0 ? (
            <EmptyState title="No audience matches">Change the search or the type to see more.</EmptyState>
          ) : (
            <AudienceTable
              audiences={shown}
              chosenId={chosen?.audience_id ?? null}
              timeZone={advertiser.timezone}
              onChoose={open}
            />
          )}
          {audiences.data && all.length > 0 && (
            <p className="cr-count">
              {shown.length} of {all.length} audiences · at most {count(audiences.data.limit)} per advertiser
            </p>
          )}
        </div>
        {creating === 'customer_file' ? (
          <CustomerFileForm
            key="customer_file"
            advertiserId={advertiser.advertiser_id}
            onClose={() => set({ create: null })}
            onOpen={open}
          />
        ) : creating === 'website' ? (
          <WebsiteAudienceForm
            key="website"
            advertiserId={advertiser.advertiser_id}
            onClose={() => set({ create: null })}
            onCreated={open}
          />
        ) : creating === 'lookalike' ? (
          <LookalikeForm
            key="lookalike"
            advertiserId={advertiser.advertiser_id}
            audiences={all}
            onClose={() => set({ create: null })}
            onCreated={open}
          />
        ) : chosen ? (
          <AudienceDetail
            key={chosen.audience_id}
            advertiser={advertiser}
            audience={chosen}
            audiences={all}
            canEdit={canEdit}
            onClose={() => set({ audience: null })}
          />
        ) : null}
      </div>
    </div>
  );
}

function CreateMenu({ onChoose }: { onChoose: (kind: AudienceType) => void }) {
  const [open, setOpen] = useState(false);
  return (
    <Popover
      open={open}
      onOpenChange={setOpen}
      align="right"
      label="Create audience"
      className="au-create-menu"
      trigger={(props) => (
        <button type="button" className="button button-primary" data-testid="create-audience" {...props}>
          Create audience ▾
        </button>
      )}
    >
      <ul className="au-kinds">
        {KINDS.map((k, i) => (
          <li key={k.type}>
            <button
              type="button"
              className="au-kind"
              autoFocus={i === 0}
              data-testid={`create-${k.type}`}
              onClick={() => {
                setOpen(false);
                onChoose(k.type);
              }}
            >
              <strong>{k.title}</strong>
              <span>{k.text}</span>
            </button>
          </li>
        ))}
      </ul>
    </Popover>
  );
}

function AudienceTable({
  audiences,
  chosenId,
  timeZone,
  onChoose,
}: {
  audiences: readonly Audience[];
  chosenId: string | null;
  timeZone: string;
  onChoose: (audience: Audience) => void;
}) {
  return (
    <div className="panel cr-table-wrap">
      <table className="data-table au-table" data-testid="audience-table">
        <colgroup>
          <col />
          <col style={{ width: 104 }} />
          <col style={{ width: 104 }} />
          <col style={{ width: 232 }} />
          <col style={{ width: 80 }} />
          <col style={{ width: 100 }} />
          <col style={{ width: 132 }} />
        </colgroup>
        <thead>
          <tr>
            <th scope="col" className="cell-text au-col-name">
              Audience
            </th>
            <th scope="col" className="cell-text">
              Type
            </th>
            <th scope="col" className="cell-number">
              Matched size
            </th>
            <th scope="col" className="cell-text">
              Status
            </th>
            <th scope="col" className="cell-number" title="How long people stay in the audience">
              Retention
            </th>
            <th scope="col" className="cell-number" title="Ad groups including or excluding it">
              Used by
            </th>
            <th scope="col" className="cell-text" title={`On the advertiser’s clock (${timeZone})`}>
              Updated
            </th>
          </tr>
        </thead>
        <tbody>
          {audiences.map((a) => {
            const chosen = a.audience_id === chosenId;
            return (
              <tr
                key={a.audience_id}
                className={chosen ? 'cr-row cr-row-chosen' : 'cr-row'}
                data-testid="audience-row"
                data-name={a.name}
                aria-selected={chosen}
                tabIndex={0}
                onClick={() => onChoose(a)}
                onKeyDown={(e) => {
                  if (e.key === 'Enter' || e.key === ' ') {
                    e.preventDefault();
                    onChoose(a);
                  }
                }}
              >
                <td className="au-col-name">
                  <span className="cell-name ellipsis au-name" title={a.name}>
                    {a.name}
                  </span>
                  <span className="cell-sub ellipsis" title={audienceSource(a)}>
                    {audienceSource(a)}
                  </span>
                </td>
                <td>{TYPE_LABEL[a.type]}</td>
                <td className="cell-number">
                  <AudienceSizeCell audience={a} />
                </td>
                <td>
                  <AudienceStatusBadge audience={a} />
                </td>
                <td className="cell-number">{a.retention_days} d</td>
                <td className="cell-number" data-testid="audience-used-by">
                  {a.used_by.length === 0
                    ? '—'
                    : `${a.used_by.length} ${a.used_by.length === 1 ? 'ad group' : 'ad groups'}`}
                </td>
                <td className="cell-time">{formatDateTime(a.updated_at, { timeZone })}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

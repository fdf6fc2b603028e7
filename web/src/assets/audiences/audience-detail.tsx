// One audience beside the list: its size and how it was found, what it is made of (the import report, the
// website rule, the lookalike's source), the ad groups including or excluding it (each a link to the ad
// group in the Campaign tab), renaming and retention, and deleting — refused by the server, naming the ad
// groups, while any uses it.
import { type FormEvent, type ReactNode, useState } from 'react';
import type { AdvertiserInfo } from '../../../../src/shared/api.ts';
import type { Audience, AudienceUse } from '../../../../src/shared/audiences-api.ts';
import { useDeleteAudience, useUpdateAudience } from '../../api/audiences.ts';
import { fieldErrors } from '../../api/client.ts';
import { usePixelOverview } from '../../api/pixels.ts';
import { Link } from '../../components/link.tsx';
import { formatDateTime } from '../../lib/time.ts';
import { DetailDelete, DetailHead, PropertyList } from '../detail-parts.tsx';
import { AudienceStatusBadge } from './audience-status.tsx';
import { TYPE_LABEL, describeRule, lookalikeSizeText, sizeText } from './audience-text.ts';
import { ImportReport } from './import-report.tsx';

interface Props {
  advertiser: AdvertiserInfo;
  audience: Audience;
  audiences: readonly Audience[];
  canEdit: boolean;
  onClose: () => void;
}

export function AudienceDetail({ advertiser, audience, audiences, canEdit, onClose }: Props) {
  const remove = useDeleteAudience(advertiser.advertiser_id);
  const pixels = usePixelOverview(advertiser.advertiser_id);
  const timeZone = advertiser.timezone;
  const pixelName = audience.website?.pixel_id
    ? pixels.data?.pixels.find((p) => p.pixel_id === audience.website!.pixel_id)?.pixel_name
    : null;
  const lookalikes = audiences.filter((a) => a.lookalike?.source_audience_id === audience.audience_id);
  const adGroupHref = (use: AudienceUse) => {
    const q = new URLSearchParams({ advertiser: advertiser.advertiser_id });
    q.set('level', 'adgroups');
    q.set('campaign_ids', use.campaign_id);
    q.set('form', 'adgroup');
    q.set('id', use.adgroup_id);
    return `/campaigns?${q.toString()}`;
  };

  const rows: [string, ReactNode][] = [
    ['Type', TYPE_LABEL[audience.type]],
    ['Matched size', sizeText(audience.matched_size)],
    ['Status', <AudienceStatusBadge key="status" audience={audience} />],
    ['Retention', `${audience.retention_days} days`],
    ['Created', formatDateTime(audience.created_at, { timeZone })],
    ['Updated', formatDateTime(audience.updated_at, { timeZone })],
  ];
  return (
    <aside
      className="cr-detail panel au-aside"
      aria-label={`Audience ${audience.name}`}
      data-testid="audience-detail"
    >
      <DetailHead title={audience.name} onClose={onClose} />
      <PropertyList rows={rows} testId="audience-meta" />
      <p className="cr-note" data-testid="size-basis">
        {audience.size_basis}
      </p>

      {audience.customer_file && (
        <>
          <h3 className="cr-section">Import</h3>
          <ImportReport report={audience.customer_file} matchedSize={audience.matched_size} />
        </>
      )}
      {audience.website && (
        <>
          <h3 className="cr-section">Rule</h3>
          <p className="au-rule-text" data-testid="audience-rule">
            {describeRule(audience.website, pixelName)}
          </p>
        </>
      )}
      {audience.lookalike && (
        <>
          <h3 className="cr-section">Lookalike</h3>
          <dl className="cr-meta">
            <div>
              <dt>Source</dt>
              <dd>{audience.lookalike.source_audience_name ?? 'Deleted audience'}</dd>
            </div>
            <div>
              <dt>Country</dt>
              <dd>{audience.lookalike.country}</dd>
            </div>
            <div>
              <dt>Size</dt>
              <dd>{lookalikeSizeText(audience.lookalike.size, audience.lookalike.percent)}</dd>
            </div>
          </dl>
        </>
      )}

      <h3 className="cr-section">
        Used by {audience.used_by.length} {audience.used_by.length === 1 ? 'ad group' : 'ad groups'}
      </h3>
      {audience.used_by.length === 0 ? (
        <p className="cr-note">
          No ad group targets it yet. Include or exclude it under Targeting → Audiences in an ad group.
        </p>
      ) : (
        <ul className="cr-uses" data-testid="audience-uses">
          {audience.used_by.map((use) => (
            <li key={`${use.adgroup_id}:${use.mode}`}>
              <Link href={adGroupHref(use)}>{use.adgroup_name}</Link>
              <span className="cr-use-path">
                {use.campaign_name} · {use.mode === 'include' ? 'included' : 'excluded'}
              </span>
            </li>
          ))}
        </ul>
      )}
      {lookalikes.length > 0 && (
        <p className="cr-note">
          Source of {lookalikes.length === 1 ? 'the lookalike' : 'the lookalikes'}{' '}
          {lookalikes.map((l) => `“${l.name}”`).join(', ')}.
        </p>
      )}

      {canEdit && <EditAudience advertiserId={advertiser.advertiser_id} audience={audience} />}
      <DetailDelete
        canEdit={canEdit}
        noun="audience"
        question={`Delete the audience “${audience.name}”?`}
        consequence={
          audience.used_by.length > 0
            ? 'Ad groups still target it: the deletion will be refused and they will be named.'
            : 'Its hashed members and definition are removed; this cannot be undone.'
        }
        pending={remove.isPending}
        error={remove.error}
        onConfirm={() => remove.mutate(audience.audience_id, { onSuccess: onClose })}
        testId="delete-audience"
      />
    </aside>
  );
}

/** Rename, and change how long people stay in the audience. */
function EditAudience({ advertiserId, audience }: { advertiserId: string; audience: Audience }) {
  const update = useUpdateAudience(advertiserId, audience.audience_id);
  const [name, setName] = useState(audience.name);
  const [retention, setRetention] = useState(String(audience.retention_days));
  const errors = fieldErrors(update.error);
  const days = Number(retention);
  const changed = name.trim() !== audience.name || days !== audience.retention_days;
  const localError = !name.trim()
    ? 'Give the audience a name.'
    : !Number.isInteger(days) || days < 1 || days > 365
      ? 'Retention is a whole number of days from 1 to 365.'
      : null;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (localError || !changed) return;
    update.mutate({
      ...(name.trim() !== audience.name ? { name: name.trim() } : {}),
      ...(days !== audience.retention_days ? { retention_days: days } : {}),
    });
  };
  const shown =
    (changed ? localError : null) ??
    errors.name ??
    errors.retention_days ??
    (update.error ? (update.error as Error).message : null);
  return (
    <form className="au-edit" onSubmit={submit} noValidate data-testid="edit-audience">
      <h3 className="cr-section">Name and retention</h3>
      <div className="au-edit-row">
        <label className="au-edit-name">
          <span className="visually-hidden">Audience name</span>
          <input
            value={name}
            maxLength={128}
            onChange={(e) => setName(e.target.value)}
            aria-invalid={errors.name || (changed && !name.trim()) ? true : undefined}
            data-testid="audience-name-input"
          />
        </label>
        <label className="au-edit-days">
          <input
            inputMode="numeric"
            value={retention}
            onChange={(e) => setRetention(e.target.value)}
            aria-label="Retention in days"
            aria-invalid={errors.retention_days ? true : undefined}
          />
          <span>days</span>
        </label>
        <button
          type="submit"
          className="button button-small"
          disabled={!changed || update.isPending || !!localError}
        >
          {update.isPending ? 'Saving…' : 'Save'}
        </button>
      </div>
      <div className={shown ? 'form-note form-note-error' : 'form-note'} role={shown ? 'alert' : undefined}>
        {shown ?? (update.isSuccess && !changed ? 'Saved.' : '')}
      </div>
    </form>
  );
}

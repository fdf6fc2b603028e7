// Assets → Pixels: the advertiser's pixels (name, code, status, last event, events in 24 h and 7 days),
// creating one, and the chosen pixel's install snippet, events per name and access tokens below. The
// chosen pixel is in the address (`pixel`), so a link shows the same one.
import { type FormEvent, useRef, useState } from 'react';
import type { AdvertiserInfo } from '../../../src/shared/api.ts';
import type { PixelInfo } from '../../../src/shared/pixels-api.ts';
import { fieldErrors } from '../api/client.ts';
import { useCreatePixel, usePixelOverview } from '../api/pixels.ts';
import { useSession } from '../app/session.tsx';
import { ErrorBanner, Skeleton } from '../components/feedback.tsx';
import { formatDateTime } from '../lib/time.ts';
import { useAssetsParams } from './assets-url.ts';
import { CopyButton } from './copy-button.tsx';
import { PixelDetail } from './pixel-detail.tsx';
import { PixelStatusBadge } from './pixel-status.tsx';

export const count = (n: number): string => n.toLocaleString('en-US');

export function PixelsPage({ advertiser }: { advertiser: AdvertiserInfo }) {
  const { user } = useSession();
  const canEdit = user.role !== 'viewer';
  const overview = usePixelOverview(advertiser.advertiser_id);
  const { params, set } = useAssetsParams();
  const pixels = overview.data?.pixels;
  const chosen = pixels?.find((p) => p.pixel_id === params.get('pixel')) ?? pixels?.[0];

  return (
    <div className="assets-pixels" data-testid="pixels-page">
      <section className="panel" aria-labelledby="pixels-title">
        <header className="panel-header">
          <h2 id="pixels-title" className="panel-title">
            Pixels
            {pixels && <span className="panel-note"> · {pixels.length}</span>}
          </h2>
          {canEdit && (
            <CreatePixelForm
              advertiserId={advertiser.advertiser_id}
              onCreated={(p) => set({ pixel: p.pixel_id })}
            />
          )}
        </header>
        {overview.error ? (
          <div className="panel-pad">
            <ErrorBanner
              title="The pixels could not be loaded."
              error={overview.error}
              onRetry={() => void overview.refetch()}
            />
          </div>
        ) : (
          <PixelTable
            pixels={pixels}
            chosenId={chosen?.pixel_id ?? null}
            timeZone={advertiser.timezone}
            onChoose={(p) => set({ pixel: p.pixel_id })}
            canEdit={canEdit}
          />
        )}
      </section>
      {chosen && (
        <PixelDetail key={chosen.pixel_id} advertiser={advertiser} pixel={chosen} canEdit={canEdit} />
      )}
    </div>
  );
}

function CreatePixelForm({
  advertiserId,
  onCreated,
}: {
  advertiserId: string;
  onCreated: (pixel: PixelInfo) => void;
}) {
  const create = useCreatePixel(advertiserId);
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim()) {
      setError('Give the pixel a name, e.g. the site it is for.');
      input.current?.focus();
      return;
    }
    setError(null);
    create.mutate(name.trim(), {
      onSuccess: (pixel) => {
        setName('');
        onCreated(pixel);
      },
    });
  };
  const shown = error ?? fieldErrors(create.error).name ?? create.error?.message ?? null;
  return (
    <form className="inline-form assets-create" onSubmit={submit} noValidate data-testid="create-pixel-form">
      <span className="inline-error" role={shown ? 'alert' : undefined}>
        {shown}
      </span>
      <label className="inline-field">
        <span className="visually-hidden">New pixel name</span>
        <input
          ref={input}
          name="pixel-name"
          value={name}
          maxLength={100}
          placeholder="New pixel name, e.g. Web shop"
          aria-invalid={shown ? true : undefined}
          onChange={(e) => {
            setName(e.target.value);
            setError(null);
          }}
        />
      </label>
      <button type="submit" className="button button-primary" disabled={create.isPending}>
        {create.isPending ? 'Creating…' : 'Create pixel'}
      </button>
    </form>
  );
}

function PixelTable({
  pixels,
  chosenId,
  timeZone,
  onChoose,
  canEdit,
}: {
  pixels: readonly PixelInfo[] | undefined;
  chosenId: string | null;
  timeZone: string;
  onChoose: (pixel: PixelInfo) => void;
  canEdit: boolean;
}) {
  return (
    <table className="data-table assets-table" data-testid="pixel-table">
      <colgroup>
        <col style={{ width: '22%' }} />
        <col style={{ width: '28%' }} />
        <col style={{ width: '16%' }} />
        <col style={{ width: '14%' }} />
        <col style={{ width: '10%' }} />
        <col style={{ width: '10%' }} />
      </colgroup>
      <thead>
        <tr>
          <th scope="col" className="cell-text">
            Name
          </th>
          <th scope="col" className="cell-text">
            Pixel code
          </th>
          <th scope="col" className="cell-text">
            Status
          </th>
          <th scope="col" className="cell-text" title={`When the newest event arrived, in ${timeZone}`}>
            Last event
          </th>
          <th scope="col" className="cell-number">
            Events 24 h
          </th>
          <th scope="col" className="cell-number">
            Events 7 d
          </th>
        </tr>
      </thead>
      <tbody>
        {!pixels ? (
          Array.from({ length: 2 }, (_, r) => (
            <tr key={r} aria-hidden="true">
              {Array.from({ length: 6 }, (_, c) => (
                <td key={c}>
                  <Skeleton width="60%" />
                </td>
              ))}
            </tr>
          ))
        ) : pixels.length === 0 ? (
          <tr>
            <td className="table-empty" colSpan={6}>
              No pixel yet.{' '}
              {canEdit
                ? 'Create one above to get its install snippet.'
                : 'An editor of this advertiser can create one.'}
            </td>
          </tr>
        ) : (
          pixels.map((p) => {
            const chosen = p.pixel_id === chosenId;
            return (
              <tr
                key={p.pixel_id}
                className={chosen ? 'assets-row assets-row-chosen' : 'assets-row'}
                data-testid="pixel-row"
                data-pixel-code={p.pixel_code}
                aria-selected={chosen}
                tabIndex={0}
                onClick={() => onChoose(p)}
                onKeyDown={(e) => {
                  if (e.key === 'Enter' || e.key === ' ') {
                    e.preventDefault();
                    onChoose(p);
                  }
                }}
              >
                <td className="cell-text">
                  <span className="ellipsis cell-name" title={p.pixel_name}>
                    {p.pixel_name}
                  </span>
                </td>
                <td className="cell-text">
                  <span className="assets-code-cell">
                    <code className="assets-code" data-testid="pixel-code">
                      {p.pixel_code}
                    </code>
                    <span onClick={(e) => e.stopPropagation()}>
                      <CopyButton text={p.pixel_code} label="Copy" testId="copy-pixel-code" />
                    </span>
                  </span>
                </td>
                <td className="cell-text">
                  <PixelStatusBadge status={p.status} />
                </td>
                <td className="cell-text cell-time" data-testid="pixel-last-event">
                  {p.last_event_time ? formatDateTime(p.last_event_time, { timeZone }) : '—'}
                </td>
                <td className="cell-number" data-testid="pixel-events-24h">
                  {count(p.events_24h)}
                </td>
                <td className="cell-number" data-testid="pixel-events-7d">
                  {count(p.events_7d)}
                </td>
              </tr>
            );
          })
        )}
      </tbody>
    </table>
  );
}

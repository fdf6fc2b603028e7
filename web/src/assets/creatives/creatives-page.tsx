// Assets → Creatives: the library of videos and images. A grid of thumbnails or a dense table that is the
// creative leaderboard (spend, CTR, hook and hold rate, CPA across every ad using each creative over the
// dates, sortable), search and filters (type, aspect ratio, in use or not), uploads by picker or by dropping
// files anywhere on the page, and the chosen creative beside the list with its player and where it is used.
import { useCallback, useMemo, useRef } from 'react';
import type { AdvertiserInfo } from '../../../../src/shared/api.ts';
import type { CreativeAsset, CreativeUse } from '../../../../src/shared/creatives-api.ts';
import { useCreativeLibrary } from '../../api/creatives.ts';
import { DateRangePicker } from '../../app/date-range-picker.tsx';
import { useSession } from '../../app/session.tsx';
import { EmptyState, ErrorBanner, Skeleton } from '../../components/feedback.tsx';
import { formatMetricValue } from '../../lib/format.ts';
import { useAssetsParams } from '../assets-url.ts';
import { CreativeDetail } from './creative-detail.tsx';
import {
  type LibraryView,
  type SortKey,
  filterCreatives,
  formatDuration,
  ratiosOf,
  readLibraryView,
  sortCreatives,
} from './library-view.ts';
import { RESULT_COLUMNS, resultText } from './result-columns.ts';
import { ACCEPT, DropArea, UploadList, useUploads } from './uploads.tsx';
import './creatives.css';

export function CreativesPage({ advertiser }: { advertiser: AdvertiserInfo }) {
  const { user } = useSession();
  const canEdit = user?.role !== 'viewer';
  const { params, set } = useAssetsParams();
  const view = readLibraryView(params, advertiser.today);
  const library = useCreativeLibrary(advertiser.advertiser_id, view.range);
  const picker = useRef<HTMLInputElement>(null);
  const onAdded = useCallback((creative: CreativeAsset) => set({ creative: creative.creative_id }), [set]);
  const uploads = useUploads(advertiser.advertiser_id, onAdded);

  const all = useMemo(() => library.data?.creatives ?? [], [library.data]);
  const shown = useMemo(
    () => sortCreatives(filterCreatives(all, view), view.sort, view.desc),
    // The view is read from the address on every render; these are what it filters and sorts by.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [all, view.q, view.kind, view.ratio, view.usage, view.sort, view.desc],
  );
  const ratios = useMemo(() => ratiosOf(all), [all]);
  const chosen = all.find((c) => c.creative_id === view.creative);
  const currency = library.data?.currency ?? advertiser.currency;

  const adHref = (use: CreativeUse) => {
    const q = new URLSearchParams({ advertiser: advertiser.advertiser_id });
    if (view.choice !== 'custom') q.set('preset', view.choice);
    q.set('from', view.range.from);
    q.set('to', view.range.to);
    q.set('level', 'ads');
    q.set('adgroup_ids', use.adgroup_id);
    q.set('form', 'ad');
    q.set('id', use.ad_id);
    return `/campaigns?${q.toString()}`;
  };
  const sortBy = (key: SortKey) =>
    set(
      {
        sort: key,
        dir: view.sort === key ? (view.desc ? 'asc' : 'desc') : key === 'file_name' ? 'asc' : 'desc',
      },
      'replace',
    );

  return (
    <DropArea onFiles={canEdit ? uploads.add : () => undefined}>
      <div className="cr-page" data-testid="creatives-page">
        <div className="cr-toolbar">
          <input
            type="search"
            className="cr-search"
            placeholder="Search file, ad or campaign"
            aria-label="Search creatives"
            value={view.q}
            onChange={(e) => set({ q: e.target.value || null }, 'replace')}
          />
          <select
            aria-label="Type"
            value={view.kind}
            onChange={(e) => set({ type: e.target.value === 'all' ? null : e.target.value }, 'replace')}
          >
            <option value="all">All types</option>
            <option value="video">Videos</option>
            <option value="image">Images</option>
          </select>
          <select
            aria-label="Aspect ratio"
            value={view.ratio}
            onChange={(e) => set({ ratio: e.target.value || null }, 'replace')}
          >
            <option value="">All ratios</option>
            {ratios.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
          <select
            aria-label="In use"
            value={view.usage}
            onChange={(e) => set({ usage: e.target.value === 'all' ? null : e.target.value }, 'replace')}
          >
            <option value="all">In use or not</option>
            <option value="used">In use</option>
            <option value="unused">Unused</option>
          </select>
          <div className="cr-layout" role="group" aria-label="Layout">
            <button
              type="button"
              className={
                view.layout === 'grid' ? 'button button-small button-pressed' : 'button button-small'
              }
              aria-pressed={view.layout === 'grid'}
              onClick={() => set({ layout: null }, 'replace')}
            >
              Grid
            </button>
            <button
              type="button"
              className={
                view.layout === 'table' ? 'button button-small button-pressed' : 'button button-small'
              }
              aria-pressed={view.layout === 'table'}
              onClick={() => set({ layout: 'table' }, 'replace')}
              data-testid="layout-table"
            >
              Table
            </button>
          </div>
          <div className="cr-toolbar-end">
            <DateRangePicker
              today={advertiser.today}
              choice={view.choice}
              range={view.range}
              onPreset={(preset) => set({ preset, from: null, to: null })}
              onCustom={(range) => set({ preset: null, from: range.from, to: range.to })}
            />
            {canEdit && (
              <>
                <input
                  ref={picker}
                  type="file"
                  accept={ACCEPT}
                  multiple
                  hidden
                  data-testid="upload-input"
                  onChange={(e) => {
                    uploads.add([...(e.target.files ?? [])]);
                    e.target.value = '';
                  }}
                />
                <button
                  type="button"
                  className="button button-primary"
                  onClick={() => picker.current?.click()}
                >
                  Upload
                </button>
              </>
            )}
          </div>
        </div>
        <UploadList items={uploads.items} onClear={uploads.clear} />
        <div className={chosen ? 'cr-body cr-body-split' : 'cr-body'}>
          <div className="cr-list">
            {library.error ? (
              <ErrorBanner
                title="The library could not be loaded."
                error={library.error}
                onRetry={() => void library.refetch()}
              />
            ) : !library.data ? (
              <Skeleton width="100%" height={360} />
            ) : all.length === 0 ? (
              <EmptyState title="No creatives yet">
                Upload videos (MP4, MOV) or images (JPG, PNG), or drop them on this page. Each is checked
                against TikTok’s limits and its size, length and codec are read from the file.
              </EmptyState>
            ) : shown.length === 0 ? (
              <EmptyState title="No creative matches">
                Change the search or the filters to see more.
              </EmptyState>
            ) : view.layout === 'grid' ? (
              <CreativeGrid
                creatives={shown}
                currency={currency}
                chosen={view.creative}
                onChoose={(id) => set({ creative: id })}
              />
            ) : (
              <CreativeTable
                creatives={shown}
                currency={currency}
                view={view}
                onSort={sortBy}
                onChoose={(id) => set({ creative: id })}
              />
            )}
            {library.data && all.length > 0 && (
              <p className="cr-count">
                {shown.length} of {all.length} creatives · results across their ads over the chosen dates
              </p>
            )}
          </div>
          {chosen && library.data && (
            <CreativeDetail
              key={chosen.creative_id}
              creative={chosen}
              currency={currency}
              range={library.data.range}
              canEdit={canEdit}
              adHref={adHref}
              onClose={() => set({ creative: null })}
            />
          )}
        </div>
      </div>
    </DropArea>
  );
}

function Thumb({ creative }: { creative: CreativeAsset }) {
  const src = creative.thumbnail_url ?? (creative.kind === 'image' ? creative.file_url : null);
  return src ? (
    <img className="cr-thumb-img" src={src} alt="" loading="lazy" />
  ) : (
    <span className="cr-thumb-none">{creative.kind === 'video' ? '▶' : '▣'}</span>
  );
}

function CreativeGrid({
  creatives,
  currency,
  chosen,
  onChoose,
}: {
  creatives: CreativeAsset[];
  currency: string;
  chosen: string | null;
  onChoose: (id: string) => void;
}) {
  return (
    <ul className="cr-grid" data-testid="creative-grid">
      {creatives.map((c) => (
        <li key={c.creative_id}>
          <button
            type="button"
            className={c.creative_id === chosen ? 'cr-card cr-card-chosen' : 'cr-card'}
            onClick={() => onChoose(c.creative_id)}
            data-testid="creative-card"
            data-name={c.file_name}
          >
            <span className="cr-thumb">
              <Thumb creative={c} />
              <span className="cr-badge">
                {c.kind === 'video' ? formatDuration(c.duration_s) : 'Image'} · {c.aspect_ratio}
              </span>
            </span>
            <span className="cr-card-name" title={c.file_name}>
              {c.file_name}
            </span>
            <span className="cr-card-stats">
              <span>{formatMetricValue(c.results.spend, 'money', currency)}</span>
              <span>CTR {formatMetricValue(c.results.ctr, 'percent', currency)}</span>
              <span className={c.used_in.length ? '' : 'cr-unused'}>
                {c.used_in.length ? `${c.used_in.length} ${c.used_in.length === 1 ? 'ad' : 'ads'}` : 'Unused'}
              </span>
            </span>
          </button>
        </li>
      ))}
    </ul>
  );
}

function CreativeTable({
  creatives,
  currency,
  view,
  onSort,
  onChoose,
}: {
  creatives: CreativeAsset[];
  currency: string;
  view: LibraryView;
  onSort: (key: SortKey) => void;
  onChoose: (id: string) => void;
}) {
  const header = (key: SortKey, label: string, numeric: boolean, title?: string) => (
    <th
      className={numeric ? 'cell-number' : undefined}
      aria-sort={view.sort === key ? (view.desc ? 'descending' : 'ascending') : undefined}
      title={title}
    >
      <button type="button" className="cr-sort" onClick={() => onSort(key)}>
        {label}
        {view.sort === key ? (view.desc ? ' ↓' : ' ↑') : ''}
      </button>
    </th>
  );
  return (
    <div className="panel cr-table-wrap">
      <table className="data-table cr-table" data-testid="creative-table">
        <thead>
          <tr>
            <th className="cr-col-thumb" aria-label="Preview" />
            {header('file_name', 'Creative', false)}
            <th className="cr-col-ratio">Ratio</th>
            {header('duration_s', 'Length', true)}
            {header('ads', 'Ads', true)}
            {RESULT_COLUMNS.map((c) => header(c.id, c.short, true, `${c.label}: ${c.help}`))}
          </tr>
        </thead>
        <tbody>
          {creatives.map((c) => (
            <tr
              key={c.creative_id}
              className={c.creative_id === view.creative ? 'cr-row cr-row-chosen' : 'cr-row'}
              onClick={() => onChoose(c.creative_id)}
              data-testid="creative-row"
              data-name={c.file_name}
            >
              <td className="cr-col-thumb">
                <span className="cr-mini">
                  <Thumb creative={c} />
                </span>
              </td>
              <td className="cell-name" title={c.file_name}>
                <button
                  type="button"
                  className="link-button cr-row-name"
                  onClick={() => onChoose(c.creative_id)}
                >
                  {c.file_name}
                </button>
                <span className="cell-sub">
                  {c.kind === 'video' ? 'Video' : 'Image'} · {c.width}×{c.height}
                </span>
              </td>
              <td>{c.aspect_ratio}</td>
              <td className="cell-number">{c.kind === 'video' ? formatDuration(c.duration_s) : '—'}</td>
              <td className="cell-number">{c.used_in.length}</td>
              {RESULT_COLUMNS.map((col) => (
                <td key={col.id} className="cell-number">
                  {resultText(c, col, currency)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

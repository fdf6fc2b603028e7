// The Campaign tab — the workshop: a level switch (Campaigns / Ad groups / Ads) over one dense table,
// where ticking rows narrows the next level and the breadcrumb leads back; the toolbar creates, switches
// on and off, deletes and duplicates, chooses columns and filters; every change can be undone.
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { AdvertiserInfo } from '../../../src/shared/api.ts';
import type { BulkStatusResponse, EntityRow, Level } from '../../../src/shared/campaigns-api.ts';
import {
  PAGE_SIZE,
  pagesFor,
  useBulkStatus,
  useColumnPreferences,
  useColumnSets,
  useDeleteColumnSet,
  useDuplicate,
  useEntity,
  useEntityPages,
  useSaveColumnSet,
  useUndo,
  useUpdateEntity,
  type ListQuery,
} from '../api/campaigns.ts';
import { ApiError } from '../api/client.ts';
import { useSession } from '../app/session.tsx';
import { ConfirmAction } from '../components/confirm.tsx';
import { ErrorBanner } from '../components/feedback.tsx';
import { formatMetricValue } from '../lib/format.ts';
import { AdForm } from './ad-form.tsx';
import { AdGroupForm } from './adgroup-form.tsx';
import { CampaignForm, type Saved } from './campaign-form.tsx';
import { KIND_OF_LEVEL, type CampaignsChange, type CampaignsView } from './campaigns-view.ts';
import { ColumnPicker } from './column-picker.tsx';
import { EntityTable } from './entity-table.tsx';
import { FilterChips, FilterMenu, NameFilter, type Filters } from './filter-bar.tsx';
import { LEVEL_LABEL } from './labels.ts';

/** Columns when the person's column sets cannot be loaded. */
export const FALLBACK_METRICS = [
  'spend',
  'impressions',
  'clicks',
  'ctr',
  'cpc',
  'conversion',
  'cost_per_conversion',
];
/** Ids in a URL and a GET request stay well under the servers' header limits. */
const MAX_SELECTED = 200;

const LEVELS: Level[] = ['campaigns', 'adgroups', 'ads'];

interface Notice {
  tone: 'success' | 'error' | 'info';
  text: string;
  details?: string[];
  undo: boolean;
}

interface Props {
  advertiser: AdvertiserInfo;
  view: CampaignsView & { range: NonNullable<CampaignsView['range']> };
  update: (change: CampaignsChange, mode?: 'push' | 'replace') => void;
}

export function canEditCampaigns(role: string): boolean {
  return role !== 'viewer';
}

export function CampaignsPage({ advertiser, view, update }: Props) {
  const aid = advertiser.advertiser_id;
  const { user } = useSession();
  const canEdit = canEditCampaigns(user.role);
  const { level } = view;

  const sets = useColumnSets();
  const saveSet = useSaveColumnSet();
  const deleteSet = useDeleteColumnSet();
  const prefs = useColumnPreferences();
  const chosenSet = sets.data?.sets.find((s) => s.name === sets.data.chosen) ?? sets.data?.sets[0];
  const custom = view.metrics.length > 0;
  const metrics = custom ? view.metrics : (chosenSet?.metrics ?? FALLBACK_METRICS);
  const [dragWidths, setDragWidths] = useState<Record<string, number>>({});
  const widths = useMemo(() => ({ ...sets.data?.widths, ...dragWidths }), [sets.data?.widths, dragWidths]);

  const query = useMemo<ListQuery>(
    () => ({
      range: view.range,
      compareRange: view.compareRange,
      metrics,
      campaignIds: level === 'campaigns' ? [] : view.campaignIds,
      adgroupIds: level === 'ads' ? view.adgroupIds : [],
      status: view.status,
      objective: view.objective,
      name: view.name,
      filters: view.filters,
      sort: view.sort,
    }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [view, metrics.join(','), level],
  );
  // Only which pages are in view matters here: the page re-renders when that changes, not every frame.
  const [visible, setVisible] = useState(() => pagesFor(0, 40));
  const onVisible = useCallback((first: number, last: number) => {
    const next = pagesFor(first, last);
    setVisible((v) => (v.firstPage === next.firstPage && v.lastPage === next.lastPage ? v : next));
  }, []);
  // The columns are the person's chosen set: asking before it is known would compute a table for nothing.
  const ready = !sets.isPending;
  const list = useEntityPages(aid, level, query, visible, ready);
  const head = ready ? list.head.data : undefined;
  const rowCount = head?.total_rows ?? 0;
  const rowAt = useCallback(
    (index: number) => list.loaded.get(Math.floor(index / PAGE_SIZE))?.rows[index % PAGE_SIZE],
    [list.loaded],
  );

  const selectedIds =
    level === 'campaigns' ? view.campaignIds : level === 'adgroups' ? view.adgroupIds : view.adIds;
  const selected = useMemo(() => new Set(selectedIds), [selectedIds]);
  const loadedRows = useMemo(() => [...list.loaded.values()].flatMap((p) => p.rows), [list.loaded]);
  const nameOf = (id: string) => loadedRows.find((r) => r.id === id)?.name ?? id;

  const setSelection = (ids: string[]) => {
    const change: CampaignsChange =
      level === 'campaigns'
        ? { campaignIds: ids, adgroupIds: [], adIds: [] }
        : level === 'adgroups'
          ? { adgroupIds: ids, adIds: [] }
          : { adIds: ids };
    update(change, 'replace');
  };

  const [notice, setNotice] = useState<Notice | null>(null);
  const [busy, setBusy] = useState<ReadonlySet<string>>(new Set());
  const withBusy = async <T,>(id: string, work: () => Promise<T>): Promise<T> => {
    setBusy((b) => new Set(b).add(id));
    try {
      return await work();
    } finally {
      setBusy((b) => {
        const next = new Set(b);
        next.delete(id);
        return next;
      });
    }
  };

  const updateEntity = useUpdateEntity(aid);
  const bulk = useBulkStatus(aid);
  const duplicate = useDuplicate(aid);
  const undo = useUndo(aid);
  const noun = LEVEL_LABEL[level].singular.toLowerCase();
  const nouns = LEVEL_LABEL[level].plural.toLowerCase();

  const fail = (title: string, error: unknown) =>
    setNotice({
      tone: 'error',
      text: `${title} ${error instanceof Error ? error.message : ''}`.trim(),
      undo: false,
    });

  const onSwitch = (row: EntityRow, on: boolean) => {
    void withBusy(row.id, () =>
      updateEntity.mutateAsync({
        level,
        id: row.id,
        change: { operation_status: on ? 'ENABLE' : 'DISABLE' },
      }),
    )
      .then(() =>
        setNotice({ tone: 'success', text: `“${row.name}” switched ${on ? 'on' : 'off'}.`, undo: true }),
      )
      .catch((e: unknown) => fail(`“${row.name}” could not be switched ${on ? 'on' : 'off'}.`, e));
  };

  const onBudget = (row: EntityRow, budget: number) =>
    withBusy(row.id, () => updateEntity.mutateAsync({ level, id: row.id, change: { budget } })).then(() =>
      setNotice({
        tone: 'success',
        text: `Budget of “${row.name}” set to ${formatMetricValue(budget, 'money', advertiser.currency)}.`,
        undo: true,
      }),
    );

  const runBulk = (status: 'ENABLE' | 'DISABLE' | 'DELETE') => {
    const ids = [...selected];
    const verb = status === 'ENABLE' ? 'switched on' : status === 'DISABLE' ? 'switched off' : 'deleted';
    bulk.mutate(
      { level, ids, status },
      {
        onSuccess: (response: BulkStatusResponse) => {
          const failed = response.results.filter((r) => !r.ok);
          const done = response.results.length - failed.length;
          setNotice({
            tone: failed.length === 0 ? 'success' : done === 0 ? 'error' : 'info',
            text:
              failed.length === 0
                ? `${done} ${done === 1 ? noun : nouns} ${verb}.`
                : `${done} of ${response.results.length} ${nouns} ${verb}; ${failed.length} could not be changed:`,
            details: failed.map((r) => `${nameOf(r.id)}: ${r.error?.message ?? 'failed'}`),
            undo: done > 0,
          });
          if (status === 'DELETE') setSelection(ids.filter((id) => failed.some((f) => f.id === id)));
        },
        onError: (e) => fail(`The ${nouns} could not be ${verb}.`, e),
      },
    );
  };

  const onDuplicate = (row: EntityRow) => {
    duplicate.mutate(
      { level, id: row.id },
      {
        onSuccess: (result) => {
          const copied = [
            result.copied.adgroups
              ? `${result.copied.adgroups} ad group${result.copied.adgroups === 1 ? '' : 's'}`
              : '',
            result.copied.ads ? `${result.copied.ads} ad${result.copied.ads === 1 ? '' : 's'}` : '',
          ].filter(Boolean);
          setNotice({
            tone: 'success',
            text: `Duplicated “${row.name}”${copied.length ? ` with ${copied.join(' and ')}` : ''}. Edit the copy on the right.`,
            undo: true,
          });
          update({ form: { mode: 'edit', kind: KIND_OF_LEVEL[level], id: result.id } });
        },
        onError: (e) => fail(`“${row.name}” could not be duplicated.`, e),
      },
    );
  };

  const runUndo = () => {
    undo.mutate(undefined, {
      onSuccess: (result) => setNotice({ tone: 'info', text: `Undone: ${result.undone}`, undo: true }),
      onError: (e) =>
        setNotice({
          tone: 'error',
          text: e instanceof ApiError ? e.message : 'The last change could not be undone.',
          undo: false,
        }),
    });
  };

  const onSaved = (saved: Saved) => {
    if (!saved.created) {
      setNotice({ tone: 'success', text: `Saved “${saved.name}”.`, undo: true });
      update({ form: undefined });
      return;
    }
    if (saved.kind === 'campaign') {
      setNotice({
        tone: 'success',
        text: `Campaign “${saved.name}” created. Next: its first ad group.`,
        undo: true,
      });
      update({ form: { mode: 'create', kind: 'adgroup', parent: saved.id } });
    } else if (saved.kind === 'adgroup') {
      setNotice({
        tone: 'success',
        text: `Ad group “${saved.name}” created. Next: its first ad.`,
        undo: true,
      });
      update({ form: { mode: 'create', kind: 'ad', parent: saved.id } });
    } else {
      setNotice({
        tone: 'success',
        text: `Ad “${saved.name}” created. It is in review before it delivers.`,
        undo: true,
      });
      update({
        form: undefined,
        level: 'ads',
        campaignIds: [saved.campaignId],
        adgroupIds: saved.adgroupId ? [saved.adgroupId] : [],
        adIds: [],
      });
    }
  };

  const filters: Filters = {
    name: view.name,
    status: view.status,
    objective: view.objective,
    filters: view.filters,
  };
  const onFilters = useCallback((change: Partial<Filters>) => update(change), [update]);

  // Widths are saved once the resizing pauses (arrow keys repeat), with every width set so far.
  const widthTimer = useRef<number | undefined>(undefined);
  const widthSave = (widthId: string, width: number) => {
    window.clearTimeout(widthTimer.current);
    const next = { ...sets.data?.widths, ...dragWidths, [widthId]: width };
    widthTimer.current = window.setTimeout(() => prefs.mutate({ widths: next }), 400);
  };
  useEffect(() => () => window.clearTimeout(widthTimer.current), []);

  const single = selected.size === 1 ? loadedRows.find((r) => selected.has(r.id)) : undefined;
  const createParent =
    level === 'adgroups' && view.campaignIds.length === 1
      ? view.campaignIds[0]
      : level === 'ads' && view.adgroupIds.length === 1
        ? view.adgroupIds[0]
        : undefined;
  const filtered = view.name || view.status.length || view.objective.length || view.filters.length;
  const allLoaded = rowCount > 0 && loadedRows.length >= rowCount;

  let empty: ReactNode;
  if (filtered) {
    empty = (
      <>
        <strong>No {nouns} match these filters.</strong>
        <button
          type="button"
          className="link-button"
          onClick={() => onFilters({ name: '', status: [], objective: [], filters: [] })}
        >
          Clear the filters
        </button>
      </>
    );
  } else if (level !== 'campaigns' && (view.campaignIds.length || view.adgroupIds.length)) {
    empty = <strong>The selection has no {nouns} yet.</strong>;
  } else {
    empty = <strong>No {nouns} yet.</strong>;
  }

  return (
    <div className="campaigns" data-testid="campaigns-page" data-level={level}>
      <div className="campaigns-nav">
        <div className="level-tabs" role="tablist" aria-label="Level">
          {LEVELS.map((l) => {
            const count =
              l === 'campaigns'
                ? view.campaignIds.length
                : l === 'adgroups'
                  ? view.adgroupIds.length
                  : view.adIds.length;
            return (
              <button
                key={l}
                type="button"
                role="tab"
                aria-selected={l === level}
                className={l === level ? 'level-tab level-tab-active' : 'level-tab'}
                onClick={() => update({ level: l })}
                data-testid="level-tab"
                data-level={l}
              >
                {LEVEL_LABEL[l].plural}
                {count > 0 && (
                  <span className="count-badge" title={`${count} selected`}>
                    {count}
                  </span>
                )}
              </button>
            );
          })}
        </div>
        <Breadcrumb advertiserId={aid} view={view} update={update} />
      </div>

      <div className="campaigns-actions">
        <div className="actions-left">
          {canEdit && (
            <button
              type="button"
              className="button button-primary"
              onClick={() =>
                update({ form: { mode: 'create', kind: KIND_OF_LEVEL[level], parent: createParent } })
              }
              data-testid="create-button"
            >
              + Create {noun}
            </button>
          )}
          {selected.size > 0 && (
            <div className="bulk" role="group" aria-label="Selected rows" data-testid="bulk-actions">
              <span className="bulk-count">
                {selected.size} selected
                <button type="button" className="link-button" onClick={() => setSelection([])}>
                  Clear
                </button>
              </span>
              {canEdit && (
                <>
                  <button
                    type="button"
                    className="button button-small"
                    disabled={bulk.isPending}
                    onClick={() => runBulk('ENABLE')}
                    data-testid="bulk-enable"
                  >
                    Turn on
                  </button>
                  <button
                    type="button"
                    className="button button-small"
                    disabled={bulk.isPending}
                    onClick={() => runBulk('DISABLE')}
                    data-testid="bulk-disable"
                  >
                    Turn off
                  </button>
                  {single && (
                    <>
                      <button
                        type="button"
                        className="button button-small"
                        onClick={() =>
                          update({ form: { mode: 'edit', kind: KIND_OF_LEVEL[level], id: single.id } })
                        }
                        data-testid="edit-button"
                      >
                        Edit
                      </button>
                      <button
                        type="button"
                        className="button button-small"
                        disabled={duplicate.isPending}
                        onClick={() => onDuplicate(single)}
                        data-testid="duplicate-button"
                        title={
                          level === 'adgroups'
                            ? 'Copy with its ads, e.g. to try another audience'
                            : 'Copy with everything below it'
                        }
                      >
                        {duplicate.isPending ? 'Duplicating…' : 'Duplicate'}
                      </button>
                    </>
                  )}
                  <ConfirmAction
                    label="Delete"
                    question={`Delete ${selected.size === 1 ? `“${single?.name ?? nameOf([...selected][0]!)}”` : `${selected.size} ${nouns}`}?`}
                    consequence={
                      level === 'ads'
                        ? 'Deleted ads stop delivering at once; their numbers stay in the reports.'
                        : `Everything below ${selected.size === 1 ? 'it' : 'them'} stops delivering; the numbers stay in the reports. Undo restores it.`
                    }
                    confirmLabel="Delete"
                    onConfirm={() => runBulk('DELETE')}
                    pending={bulk.isPending}
                    testId="bulk-delete"
                  />
                </>
              )}
            </div>
          )}
        </div>
        <div className="actions-right">
          <NameFilter name={view.name} onChange={onFilters} />
          <FilterMenu {...filters} onChange={onFilters} currency={advertiser.currency} />
          <ColumnPicker
            sets={sets.data}
            current={metrics}
            custom={custom}
            busy={saveSet.isPending || deleteSet.isPending || prefs.isPending}
            onChooseSet={(name) => {
              update({ metrics: [] });
              prefs.mutate({ chosen: name });
            }}
            onApply={(next) => update({ metrics: next })}
            onSave={async (name, next) => {
              await saveSet.mutateAsync({ name, metrics: next });
              await prefs.mutateAsync({ chosen: name });
              update({ metrics: [] });
              setNotice({ tone: 'success', text: `Column set “${name}” saved.`, undo: false });
            }}
            onDelete={(name) =>
              deleteSet.mutate(name, {
                onSuccess: () =>
                  setNotice({ tone: 'info', text: `Column set “${name}” deleted.`, undo: false }),
                onError: (e) => fail(`The column set “${name}” could not be deleted.`, e),
              })
            }
          />
        </div>
      </div>

      <FilterChips {...filters} onChange={onFilters} currency={advertiser.currency} />

      {notice && (
        <div
          className={`change-notice notice-${notice.tone}`}
          role="status"
          data-testid="change-notice"
          data-tone={notice.tone}
        >
          <div className="notice-text">
            <span data-testid="notice-text">{notice.text}</span>
            {notice.details && notice.details.length > 0 && (
              <ul className="notice-details" data-testid="notice-details">
                {notice.details.map((d) => (
                  <li key={d}>{d}</li>
                ))}
              </ul>
            )}
          </div>
          {notice.undo && canEdit && (
            <button
              type="button"
              className="button button-small"
              onClick={runUndo}
              disabled={undo.isPending}
              data-testid="undo-button"
            >
              {undo.isPending ? 'Undoing…' : 'Undo'}
            </button>
          )}
          <button type="button" className="icon-button" aria-label="Dismiss" onClick={() => setNotice(null)}>
            ×
          </button>
        </div>
      )}

      {sets.error && !(sets.error instanceof ApiError && sets.error.status === 404) ? (
        <ErrorBanner
          title="Your column sets could not be loaded; showing the standard columns."
          error={sets.error}
        />
      ) : null}
      {list.error ? (
        <ErrorBanner
          title={`The ${nouns} could not be loaded.`}
          error={list.error}
          onRetry={() => void list.head.refetch()}
        />
      ) : (
        <EntityTable
          level={level}
          metrics={metrics}
          widths={widths}
          rowCount={rowCount}
          rowAt={rowAt}
          totals={head?.totals}
          previousTotals={head?.previous_totals}
          compare={view.compare}
          currency={advertiser.currency}
          sort={view.sort}
          selected={selected}
          allSelected={rowCount > 0 && allLoaded && loadedRows.every((r) => selected.has(r.id))}
          canEdit={canEdit}
          stale={!!list.head.isPlaceholderData}
          loading={!head || list.fetching}
          busyIds={busy}
          empty={empty}
          onToggleRow={(id, on) => {
            if (on && selected.size >= MAX_SELECTED) {
              setNotice({
                tone: 'info',
                text: `Select at most ${MAX_SELECTED} ${nouns} at once; filter to narrow the list.`,
                undo: false,
              });
              return;
            }
            setSelection(on ? [...selectedIds, id] : selectedIds.filter((x) => x !== id));
          }}
          onToggleAll={(on) => {
            if (!on) return setSelection([]);
            const ids = loadedRows.map((r) => r.id);
            if (ids.length > MAX_SELECTED) {
              setNotice({
                tone: 'info',
                text: `Selected the first ${MAX_SELECTED} ${nouns}; filter to narrow the list.`,
                undo: false,
              });
            }
            setSelection(ids.slice(0, MAX_SELECTED));
          }}
          onDrill={(row) =>
            level === 'campaigns'
              ? update({ level: 'adgroups', campaignIds: [row.id], adgroupIds: [], adIds: [] })
              : update({ level: 'ads', adgroupIds: [row.id], adIds: [] })
          }
          onEdit={(row) => update({ form: { mode: 'edit', kind: KIND_OF_LEVEL[level], id: row.id } })}
          onDuplicate={canEdit ? onDuplicate : undefined}
          onSwitch={onSwitch}
          onBudget={onBudget}
          onSort={(sort) => update({ sort })}
          onResize={(id, width) => setDragWidths((w) => ({ ...w, [id]: width }))}
          onResizeEnd={widthSave}
          onVisible={onVisible}
        />
      )}

      {view.form && canEdit && (
        <FormPanel
          advertiser={advertiser}
          view={view}
          onClose={() => update({ form: undefined })}
          onSaved={onSaved}
        />
      )}
    </div>
  );
}

function FormPanel({
  advertiser,
  view,
  onClose,
  onSaved,
}: {
  advertiser: AdvertiserInfo;
  view: Props['view'];
  onClose: () => void;
  onSaved: (saved: Saved) => void;
}) {
  const form = view.form!;
  const id = form.mode === 'edit' ? form.id : undefined;
  const parent = form.mode === 'create' ? form.parent : undefined;
  const key = `${form.kind}:${id ?? `new:${parent ?? ''}`}`;
  if (form.kind === 'campaign')
    return <CampaignForm key={key} advertiser={advertiser} id={id} onClose={onClose} onSaved={onSaved} />;
  if (form.kind === 'adgroup')
    return (
      <AdGroupForm
        key={key}
        advertiser={advertiser}
        range={view.range}
        id={id}
        parent={parent}
        onClose={onClose}
        onSaved={onSaved}
      />
    );
  return (
    <AdForm
      key={key}
      advertiser={advertiser}
      range={view.range}
      id={id}
      parent={parent}
      onClose={onClose}
      onSaved={onSaved}
    />
  );
}

function Breadcrumb({
  advertiserId,
  view,
  update,
}: {
  advertiserId: string;
  view: CampaignsView;
  update: Props['update'];
}) {
  const oneCampaign = view.campaignIds.length === 1 ? view.campaignIds[0] : undefined;
  const oneAdGroup = view.adgroupIds.length === 1 ? view.adgroupIds[0] : undefined;
  const campaign = useEntity(advertiserId, 'campaigns', oneCampaign);
  const adgroup = useEntity(advertiserId, 'adgroups', oneAdGroup);
  const crumbs: { label: string; level: Level; change: CampaignsChange; testId: string }[] = [
    {
      label: 'All campaigns',
      level: 'campaigns',
      change: { level: 'campaigns', campaignIds: [], adgroupIds: [], adIds: [] },
      testId: 'crumb-all',
    },
  ];
  if (view.campaignIds.length > 0 && view.level !== 'campaigns') {
    crumbs.push({
      label: oneCampaign ? (campaign.data?.campaign_name ?? '…') : `${view.campaignIds.length} campaigns`,
      level: 'adgroups',
      change: { level: 'adgroups', adgroupIds: [], adIds: [] },
      testId: 'crumb-campaign',
    });
  }
  if (view.adgroupIds.length > 0 && view.level === 'ads') {
    crumbs.push({
      label: oneAdGroup ? (adgroup.data?.adgroup_name ?? '…') : `${view.adgroupIds.length} ad groups`,
      level: 'ads',
      change: { level: 'ads', adIds: [] },
      testId: 'crumb-adgroup',
    });
  }
  if (crumbs.length === 1 && view.level === 'campaigns')
    return <nav className="breadcrumb" aria-label="Drill-down" />;
  return (
    <nav className="breadcrumb" aria-label="Drill-down" data-testid="breadcrumb">
      <ol>
        {crumbs.map((crumb, i) => {
          const last = i === crumbs.length - 1;
          return (
            <li key={crumb.testId}>
              {last && crumb.level === view.level ? (
                <span aria-current="location" className="crumb-current" data-testid={crumb.testId}>
                  {crumb.label}
                </span>
              ) : (
                <button
                  type="button"
                  className="link-button"
                  onClick={() => update(crumb.change)}
                  data-testid={crumb.testId}
                >
                  {crumb.label}
                </button>
              )}
            </li>
          );
        })}
        {view.level !== crumbs[crumbs.length - 1]!.level && (
          <li>
            <span className="crumb-current" aria-current="location">
              {LEVEL_LABEL[view.level].plural}
            </span>
          </li>
        )}
      </ol>
    </nav>
  );
}

// Create or edit an ad group: budget and schedule (with dayparting), targeting with a live audience size,
// placements, optimisation and bidding, attribution and pixel. Fields TikTok fixes at creation are shown
// but disabled when editing, with a note saying so. The summary beside the form follows every change.
import { useState } from 'react';
import type { AdvertiserInfo } from '../../../src/shared/api.ts';
import {
  AgeGroup,
  BillingEvent,
  ClickAttributionWindow,
  Gender,
  OptimizationGoal,
  Pacing,
  Placement,
  ViewAttributionWindow,
  type BudgetMode,
  type ObjectiveType,
} from '../../../src/core/enums.ts';
import type { AudienceEstimateBreakdown } from '../../../src/shared/audiences-api.ts';
import type {
  AdGroupCreate,
  AdGroupFields,
  AdGroupUpdate,
  BudgetRules,
} from '../../../src/shared/campaigns-api.ts';
import {
  useAudienceEstimate,
  useBudgetRules,
  useCreateAdGroup,
  useEntity,
  useParentOptions,
  usePixels,
  useUpdateEntity,
} from '../api/campaigns.ts';
import { useAudiences } from '../api/audiences.ts';
import { fieldErrors } from '../api/client.ts';
import { AudiencePicker } from '../assets/audiences/audience-picker.tsx';
import { formatMetricValue } from '../lib/format.ts';
import type { DateRange } from '../lib/date-range.ts';
import { parseAmount, type Saved } from './campaign-form.tsx';
import { ALL_DAY, DaypartingGrid, describeDayparting, normaliseDayparting } from './dayparting.tsx';
import { Checks, Field, Radios, TagInput } from './fields.tsx';
import {
  AGE_LABEL,
  BID_STRATEGY_LABEL,
  BILLING_LABEL,
  BUDGET_MODE_LABEL,
  CLICK_WINDOW_LABEL,
  GENDER_LABEL,
  GOAL_LABEL,
  PACING_LABEL,
  PLACEMENT_LABEL,
  VIEW_WINDOW_LABEL,
  bidStrategy,
  formatAudience,
  isCampaign,
} from './labels.ts';
import { instantToLocalInput, localInputToInstant } from './local-time.ts';
import { CREATE_ONLY, FormSection, SidePanel } from './side-panel.tsx';

const COUNTRIES = [
  'US',
  'CA',
  'GB',
  'IE',
  'NL',
  'BE',
  'DE',
  'FR',
  'ES',
  'IT',
  'SE',
  'NO',
  'DK',
  'FI',
  'AU',
  'NZ',
  'JP',
  'BR',
  'MX',
];
const LANGUAGES = ['en', 'nl', 'de', 'fr', 'es', 'it', 'sv', 'no', 'da', 'fi', 'pt', 'ja'];
const AD_GROUP_BUDGET_MODES = ['BUDGET_MODE_DAY', 'BUDGET_MODE_TOTAL'] as const;
const SCHEDULE_LABEL = { SCHEDULE_FROM_NOW: 'From now on', SCHEDULE_START_END: 'Start and end' } as const;
const AUDIENCE_LABELS = ['Narrow', 'Fairly Broad', 'Balanced', 'Broad'] as const;

/** The billing event that goes with an optimisation goal, as Ads Manager pairs them. */
const BILLING_FOR_GOAL: Record<OptimizationGoal, BillingEvent> = {
  CLICK: 'CPC',
  CONVERT: 'OCPM',
  VALUE: 'OCPM',
  REACH: 'CPM',
  SHOW: 'CPM',
  VIDEO_VIEW: 'CPV',
  ENGAGED_VIEW: 'CPV',
};

const GOAL_FOR_OBJECTIVE: Record<ObjectiveType, OptimizationGoal> = {
  REACH: 'REACH',
  TRAFFIC: 'CLICK',
  VIDEO_VIEWS: 'VIDEO_VIEW',
  ENGAGEMENT: 'ENGAGED_VIEW',
  LEAD_GENERATION: 'CONVERT',
  WEB_CONVERSIONS: 'CONVERT',
  PRODUCT_SALES: 'CONVERT',
  APP_PROMOTION: 'CONVERT',
};

interface Props {
  advertiser: AdvertiserInfo;
  range: DateRange;
  id: string | undefined;
  parent: string | undefined;
  onClose: () => void;
  onSaved: (saved: Saved) => void;
}

export function AdGroupForm(props: Props) {
  const existing = useEntity(props.advertiser.advertiser_id, 'adgroups', props.id);
  if (props.id && !existing.data) {
    return (
      <SidePanel
        kind="adgroup"
        mode="edit"
        title="Edit ad group"
        onClose={props.onClose}
        onSubmit={() => undefined}
        submitLabel="Save"
        pending={false}
        error={existing.error}
        fields={[]}
        loading
        wide
      >
        <p className="cell-muted">{existing.error ? 'The ad group could not be loaded.' : 'Loading…'}</p>
      </SidePanel>
    );
  }
  return <AdGroupFormBody key={existing.data?.adgroup_id ?? 'new'} {...props} existing={existing.data} />;
}

function days(start: string | null, end: string | null): number | null {
  if (!start || !end) return null;
  const ms = Date.parse(end) - Date.parse(start);
  return Number.isFinite(ms) && ms > 0 ? Math.ceil(ms / 86_400_000) : null;
}

function adGroupMinimum(
  rules: BudgetRules | undefined,
  mode: BudgetMode,
  scheduledDays: number | null,
  currency: string,
): string | null {
  if (!rules) return null;
  const money = (v: number) => formatMetricValue(v, 'money', currency);
  if (mode === 'BUDGET_MODE_DAY') return `At least ${money(rules.adgroup_min_daily)} a day.`;
  if (mode === 'BUDGET_MODE_TOTAL') {
    const per = money(rules.adgroup_min_lifetime_per_day);
    return scheduledDays
      ? `At least ${money(rules.adgroup_min_lifetime_per_day * scheduledDays)} (${per} × ${scheduledDays} days).`
      : `At least ${per} for each scheduled day; set an end time.`;
  }
  return null;
}

function AdGroupFormBody({
  advertiser,
  range,
  parent,
  existing,
  onClose,
  onSaved,
}: Props & { existing: AdGroupFields | undefined }) {
  const aid = advertiser.advertiser_id;
  const tz = advertiser.timezone;
  const editing = !!existing;
  const rules = useBudgetRules(aid);
  const campaigns = useParentOptions(aid, 'campaigns', range);
  const pixels = usePixels(aid);
  const create = useCreateAdGroup(aid);
  const update = useUpdateEntity(aid);
  const mutation = editing ? update : create;
  const errors = fieldErrors(mutation.error);
  const currency = rules.data?.currency ?? advertiser.currency;

  const [campaignId, setCampaignId] = useState(existing?.campaign_id ?? parent ?? '');
  const parentRow = campaigns.data?.rows.find((r) => r.id === campaignId);
  const parentCampaign = parentRow && isCampaign(parentRow.entity) ? parentRow.entity : undefined;
  const initialGoal = parentCampaign ? GOAL_FOR_OBJECTIVE[parentCampaign.objective_type] : 'CONVERT';

  const [name, setName] = useState(existing?.adgroup_name ?? '');
  const [mode, setMode] = useState<BudgetMode>(existing?.budget_mode ?? 'BUDGET_MODE_DAY');
  const [budget, setBudget] = useState(existing?.budget != null ? String(existing.budget) : '');
  const [scheduleType, setScheduleType] = useState<keyof typeof SCHEDULE_LABEL>(
    existing?.schedule_end_time ? 'SCHEDULE_START_END' : 'SCHEDULE_FROM_NOW',
  );
  const [start, setStart] = useState(instantToLocalInput(existing?.schedule_start_time, tz));
  const [end, setEnd] = useState(instantToLocalInput(existing?.schedule_end_time, tz));
  const [dayparting, setDayparting] = useState(normaliseDayparting(existing?.dayparting));
  const [locations, setLocations] = useState<string[]>(existing?.locations ?? []);
  const [ages, setAges] = useState<AgeGroup[]>(existing?.age_groups ?? []);
  const [gender, setGender] = useState<Gender>(existing?.gender ?? 'GENDER_UNLIMITED');
  const [languages, setLanguages] = useState<string[]>(existing?.languages ?? []);
  const [interests, setInterests] = useState<string[]>(existing?.interests ?? []);
  const audiences = useAudiences(aid);
  const [includeIds, setIncludeIds] = useState<string[]>(existing?.audience_ids ?? []);
  const [excludeIds, setExcludeIds] = useState<string[]>(existing?.excluded_audience_ids ?? []);
  const [placements, setPlacements] = useState<Placement[]>(
    existing?.placements ?? ['PLACEMENT_TIKTOK', 'PLACEMENT_PANGLE'],
  );
  const [goal, setGoal] = useState<OptimizationGoal | null>(existing?.optimization_goal ?? null);
  const [billing, setBilling] = useState<BillingEvent | null>(existing?.billing_event ?? null);
  const [customBid, setCustomBid] = useState(existing?.bid_type === 'BID_TYPE_CUSTOM');
  const existingBid =
    existing && bidStrategy(existing.bid_type, existing.billing_event) === 'COST_CAP'
      ? existing.conversion_bid_price
      : existing?.bid_price;
  const [bid, setBid] = useState(existingBid != null ? String(existingBid) : '');
  const [pacing, setPacing] = useState<Pacing>(existing?.pacing ?? 'PACING_MODE_SMOOTH');
  const [clickWindow, setClickWindow] = useState<ClickAttributionWindow>(
    existing?.click_attribution_window ?? 'SEVEN_DAYS',
  );
  const [viewWindow, setViewWindow] = useState<ViewAttributionWindow>(
    existing?.view_attribution_window ?? 'ONE_DAY',
  );
  const [chosenPixel, setPixel] = useState<string | null>(existing ? (existing.pixel_id ?? '') : null);

  // Until the person picks them, goal and billing follow the campaign's objective.
  const effectiveGoal = goal ?? initialGoal;
  const effectiveBilling = billing ?? BILLING_FOR_GOAL[effectiveGoal];
  // A new ad group tracks with the advertiser's first pixel unless the person picks another or none.
  const pixel = chosenPixel ?? pixels.data?.pixels[0]?.pixel_id ?? '';
  const strategy = bidStrategy(customBid ? 'BID_TYPE_CUSTOM' : 'BID_TYPE_NO_BID', effectiveBilling);
  const bidField = strategy === 'COST_CAP' ? 'conversion_bid_price' : 'bid_price';

  const estimate = useAudienceEstimate(aid, {
    locations,
    age_groups: ages,
    gender,
    interests,
    audience_ids: includeIds,
    excluded_audience_ids: excludeIds,
  });
  const audienceName = (id: string) =>
    audiences.data?.audiences.find((a) => a.audience_id === id)?.name ?? `audience ${id}`;

  // An existing ad group always has its start (fixed) and may get an end; a new one chooses.
  const showDates = editing || scheduleType === 'SCHEDULE_START_END';
  const startInstant = !editing && showDates && start ? localInputToInstant(start, tz) : null;
  const endInstant = showDates && end ? localInputToInstant(end, tz) : null;
  const scheduled = days(
    startInstant ?? existing?.schedule_start_time ?? new Date().toISOString(),
    endInstant,
  );

  const submit = () => {
    const amount = parseAmount(budget);
    const bidAmount = parseAmount(bid);
    if (existing) {
      const change: AdGroupUpdate = {};
      const same = (a: readonly string[], b: readonly string[]) => a.join('|') === b.join('|');
      if (name.trim() !== existing.adgroup_name) change.adgroup_name = name.trim();
      if (amount !== (existing.budget ?? undefined)) change.budget = amount;
      if (endInstant !== existing.schedule_end_time && endInstant) change.schedule_end_time = endInstant;
      if (dayparting !== normaliseDayparting(existing.dayparting)) change.dayparting = dayparting;
      if (!same(locations, existing.locations)) change.locations = locations;
      if (!same(ages, existing.age_groups)) change.age_groups = ages;
      if (gender !== existing.gender) change.gender = gender;
      if (!same(languages, existing.languages)) change.languages = languages;
      if (!same(interests, existing.interests)) change.interests = interests;
      if (!same(includeIds, existing.audience_ids)) change.audience_ids = includeIds;
      if (!same(excludeIds, existing.excluded_audience_ids)) change.excluded_audience_ids = excludeIds;
      const bidType = customBid ? 'BID_TYPE_CUSTOM' : 'BID_TYPE_NO_BID';
      if (bidType !== existing.bid_type) change.bid_type = bidType;
      if (customBid && bidAmount !== existingBid) change[bidField] = bidAmount;
      if (pacing !== existing.pacing) change.pacing = pacing;
      update.mutate(
        { level: 'adgroups', id: existing.adgroup_id, change },
        {
          onSuccess: () =>
            onSaved({
              kind: 'adgroup',
              id: existing.adgroup_id,
              name: name.trim() || existing.adgroup_name,
              created: false,
              campaignId: existing.campaign_id,
              adgroupId: existing.adgroup_id,
            }),
        },
      );
      return;
    }
    const body: Partial<AdGroupCreate> = {
      campaign_id: campaignId,
      adgroup_name: name.trim(),
      budget_mode: mode,
      budget: amount,
      schedule_type: scheduleType,
      schedule_start_time: startInstant ?? undefined,
      schedule_end_time: endInstant ?? undefined,
      dayparting: dayparting === ALL_DAY ? undefined : dayparting,
      locations,
      age_groups: ages,
      gender,
      languages,
      interests,
      audience_ids: includeIds,
      excluded_audience_ids: excludeIds,
      placements,
      optimization_goal: effectiveGoal,
      billing_event: effectiveBilling,
      bid_type: customBid ? 'BID_TYPE_CUSTOM' : 'BID_TYPE_NO_BID',
      [bidField]: customBid ? bidAmount : undefined,
      pacing,
      click_attribution_window: clickWindow,
      view_attribution_window: viewWindow,
      pixel_id: pixel || undefined,
    };
    create.mutate(body, {
      onSuccess: (saved) =>
        onSaved({
          kind: 'adgroup',
          id: saved.adgroup_id,
          name: saved.adgroup_name,
          created: true,
          campaignId: saved.campaign_id,
          adgroupId: saved.adgroup_id,
        }),
    });
  };

  const lockedNote = editing ? CREATE_ONLY : undefined;
  const fields = [
    'campaign_id',
    'adgroup_name',
    'budget_mode',
    'budget',
    'schedule_type',
    'schedule_start_time',
    'schedule_end_time',
    'dayparting',
    'locations',
    'age_groups',
    'gender',
    'languages',
    'interests',
    'audience_ids',
    'excluded_audience_ids',
    'placements',
    'optimization_goal',
    'billing_event',
    'bid_type',
    'bid_price',
    'conversion_bid_price',
    'pacing',
    'click_attribution_window',
    'view_attribution_window',
    'pixel_id',
  ];
  const campaignName = parentRow?.name ?? existing?.campaign_id;

  const summary = (
    <div className="form-summary" data-testid="adgroup-summary">
      <AudienceCard
        loading={estimate.pending}
        size={estimate.data?.size}
        label={estimate.data?.label}
        error={estimate.error}
        noLocations={locations.length === 0}
        breakdown={estimate.data?.audiences ?? null}
      />
      <dl className="summary-list">
        <dt>Campaign</dt>
        <dd>{campaignName ?? '—'}</dd>
        <dt>Budget</dt>
        <dd>
          {parseAmount(budget) !== undefined
            ? formatMetricValue(parseAmount(budget)!, 'money', currency)
            : '—'}{' '}
          {BUDGET_MODE_LABEL[mode].toLowerCase()}
        </dd>
        <dt>Schedule</dt>
        <dd>
          {!showDates
            ? 'From now on'
            : `${start.replace('T', ' ') || 'now'} → ${end.replace('T', ' ') || 'no end'}`}
          <br />
          {describeDayparting(dayparting)}
        </dd>
        <dt>Audience</dt>
        <dd>
          {locations.join(', ') || 'no location'} ·{' '}
          {ages.length ? ages.map((a) => AGE_LABEL[a]).join(', ') : 'all ages'} ·{' '}
          {GENDER_LABEL[gender].toLowerCase()}
          {interests.length > 0 && <> · {interests.join(', ')}</>}
          {includeIds.length > 0 && <> · only {includeIds.map(audienceName).join(', ')}</>}
          {excludeIds.length > 0 && <> · not {excludeIds.map(audienceName).join(', ')}</>}
        </dd>
        <dt>Bidding</dt>
        <dd>
          {GOAL_LABEL[effectiveGoal]} · {BID_STRATEGY_LABEL[strategy]}
          {customBid && parseAmount(bid) !== undefined && (
            <> {formatMetricValue(parseAmount(bid)!, 'money', currency)}</>
          )}
        </dd>
      </dl>
    </div>
  );

  return (
    <SidePanel
      kind="adgroup"
      mode={editing ? 'edit' : 'create'}
      title={editing ? 'Edit ad group' : 'New ad group'}
      subtitle={editing ? existing.adgroup_name : 'Who sees the ads, when, and what it may cost.'}
      onClose={onClose}
      onSubmit={submit}
      submitLabel={editing ? 'Save' : 'Create ad group'}
      pending={mutation.isPending}
      error={mutation.error}
      fields={fields}
      aside={summary}
      wide
    >
      <FormSection title="Ad group">
        <Field label="Campaign" name="campaign_id" error={errors.campaign_id} hint={lockedNote}>
          {(fid, described) => (
            <select
              id={fid}
              name="campaign_id"
              value={campaignId}
              disabled={editing}
              onChange={(e) => setCampaignId(e.target.value)}
              aria-describedby={described}
              aria-invalid={errors.campaign_id ? true : undefined}
            >
              <option value="">Choose a campaign…</option>
              {campaigns.data?.rows.map((row) => (
                <option key={row.id} value={row.id}>
                  {row.name}
                </option>
              ))}
              {editing && !parentRow && <option value={existing.campaign_id}>{existing.campaign_id}</option>}
            </select>
          )}
        </Field>
        <Field label="Ad group name" name="adgroup_name" error={errors.adgroup_name}>
          {(fid, described) => (
            <input
              id={fid}
              name="adgroup_name"
              value={name}
              maxLength={512}
              onChange={(e) => setName(e.target.value)}
              aria-describedby={described}
              aria-invalid={errors.adgroup_name ? true : undefined}
              autoComplete="off"
            />
          )}
        </Field>
      </FormSection>

      <FormSection title="Budget and schedule">
        <div className="field-row">
          <Field label="Budget type" name="budget_mode" error={errors.budget_mode} hint={lockedNote} group>
            {() => (
              <Radios
                name="budget_mode"
                options={
                  existing?.budget_mode === 'BUDGET_MODE_INFINITE'
                    ? (['BUDGET_MODE_INFINITE'] as const)
                    : AD_GROUP_BUDGET_MODES
                }
                value={mode}
                onChange={setMode}
                labels={BUDGET_MODE_LABEL}
                disabled={editing}
              />
            )}
          </Field>
          {mode !== 'BUDGET_MODE_INFINITE' && (
            <Field
              label={`Budget (${currency})`}
              name="budget"
              error={errors.budget}
              hint={adGroupMinimum(rules.data, mode, scheduled, currency)}
              className="field-short"
            >
              {(fid, described) => (
                <input
                  id={fid}
                  name="budget"
                  inputMode="decimal"
                  value={budget}
                  onChange={(e) => setBudget(e.target.value)}
                  aria-describedby={described}
                  aria-invalid={errors.budget ? true : undefined}
                />
              )}
            </Field>
          )}
        </div>
        {!editing && (
          <Field label="Schedule" name="schedule_type" error={errors.schedule_type} group>
            {() => (
              <Radios
                name="schedule_type"
                options={['SCHEDULE_FROM_NOW', 'SCHEDULE_START_END'] as const}
                value={scheduleType}
                onChange={setScheduleType}
                labels={SCHEDULE_LABEL}
              />
            )}
          </Field>
        )}
        {showDates && (
          <div className="field-row">
            <Field
              label="Start"
              name="schedule_start_time"
              error={errors.schedule_start_time}
              hint={editing ? CREATE_ONLY : `On the advertiser’s clock (${tz}).`}
            >
              {(fid, described) => (
                <input
                  id={fid}
                  type="datetime-local"
                  name="schedule_start_time"
                  value={start}
                  disabled={editing}
                  onChange={(e) => setStart(e.target.value)}
                  aria-describedby={described}
                  aria-invalid={errors.schedule_start_time ? true : undefined}
                />
              )}
            </Field>
            <Field
              label="End"
              name="schedule_end_time"
              error={errors.schedule_end_time}
              hint={`On the advertiser’s clock (${tz}).`}
            >
              {(fid, described) => (
                <input
                  id={fid}
                  type="datetime-local"
                  name="schedule_end_time"
                  value={end}
                  onChange={(e) => setEnd(e.target.value)}
                  aria-describedby={described}
                  aria-invalid={errors.schedule_end_time ? true : undefined}
                />
              )}
            </Field>
          </div>
        )}
        <Field
          label="Dayparting"
          name="dayparting"
          error={errors.dayparting}
          hint={`Hours on the advertiser’s clock (${tz}).`}
          group
        >
          {(_, described) => (
            <DaypartingGrid value={dayparting} onChange={setDayparting} describedBy={described} />
          )}
        </Field>
      </FormSection>

      <FormSection title="Targeting">
        <Field
          label="Locations"
          name="locations"
          error={errors.locations}
          hint="Country codes, e.g. US, GB, NL. Press Enter after each."
        >
          {(fid, described) => (
            <TagInput
              id={fid}
              value={locations}
              onChange={setLocations}
              normalise={(v) => v.toUpperCase()}
              placeholder="US"
              suggestions={COUNTRIES}
              describedBy={described}
              invalid={!!errors.locations}
              testId="locations"
            />
          )}
        </Field>
        <Field label="Age" name="age_groups" error={errors.age_groups} hint="None ticked: all ages." group>
          {() => (
            <Checks
              options={AgeGroup.options}
              value={ages}
              onChange={setAges}
              labels={AGE_LABEL}
              testId="age"
            />
          )}
        </Field>
        <Field label="Gender" name="gender" error={errors.gender} group>
          {() => (
            <Radios
              name="gender"
              options={Gender.options}
              value={gender}
              onChange={setGender}
              labels={GENDER_LABEL}
            />
          )}
        </Field>
        <Field
          label="Languages"
          name="languages"
          error={errors.languages}
          hint="Language codes, e.g. en, nl. Empty: any language."
        >
          {(fid, described) => (
            <TagInput
              id={fid}
              value={languages}
              onChange={setLanguages}
              normalise={(v) => v.toLowerCase()}
              suggestions={LANGUAGES}
              describedBy={described}
              invalid={!!errors.languages}
              testId="languages"
            />
          )}
        </Field>
        <Field
          label="Interests"
          name="interests"
          error={errors.interests}
          hint="Words such as running, hiking. Empty: no interest targeting."
        >
          {(fid, described) => (
            <TagInput
              id={fid}
              value={interests}
              onChange={setInterests}
              normalise={(v) => v.toLowerCase()}
              describedBy={described}
              invalid={!!errors.interests}
              testId="interests"
            />
          )}
        </Field>
      </FormSection>

      <FormSection title="Audiences">
        <Field
          label="Include"
          name="audience_ids"
          error={errors.audience_ids}
          hint="Only people in these audiences (any of them) who match the targeting above. At least 1,000 matched people each."
        >
          {(fid, described) => (
            <AudiencePicker
              id={fid}
              mode="include"
              audiences={audiences.data?.audiences ?? []}
              loading={audiences.isPending}
              value={includeIds}
              onChange={setIncludeIds}
              otherIds={excludeIds}
              describedBy={described}
              invalid={!!errors.audience_ids}
            />
          )}
        </Field>
        <Field
          label="Exclude"
          name="excluded_audience_ids"
          error={errors.excluded_audience_ids}
          hint="Nobody in these audiences sees the ads, e.g. people who bought already."
        >
          {(fid, described) => (
            <AudiencePicker
              id={fid}
              mode="exclude"
              audiences={audiences.data?.audiences ?? []}
              loading={audiences.isPending}
              value={excludeIds}
              onChange={setExcludeIds}
              otherIds={includeIds}
              describedBy={described}
              invalid={!!errors.excluded_audience_ids}
            />
          )}
        </Field>
      </FormSection>

      <FormSection title="Placements">
        <Field
          label="Where the ads appear"
          name="placements"
          error={errors.placements}
          hint={lockedNote}
          group
        >
          {() => (
            <Checks
              options={Placement.options}
              value={placements}
              onChange={setPlacements}
              labels={PLACEMENT_LABEL}
              disabled={editing}
            />
          )}
        </Field>
      </FormSection>

      <FormSection title="Optimisation and bidding">
        <div className="field-row">
          <Field
            label="Optimisation goal"
            name="optimization_goal"
            error={errors.optimization_goal}
            hint={lockedNote}
          >
            {(fid, described) => (
              <select
                id={fid}
                value={effectiveGoal}
                disabled={editing}
                onChange={(e) => {
                  const next = e.target.value as OptimizationGoal;
                  setGoal(next);
                  setBilling(BILLING_FOR_GOAL[next]);
                }}
                aria-describedby={described}
              >
                {OptimizationGoal.options.map((g) => (
                  <option key={g} value={g}>
                    {GOAL_LABEL[g]}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label="Billing event" name="billing_event" error={errors.billing_event} hint={lockedNote}>
            {(fid, described) => (
              <select
                id={fid}
                value={effectiveBilling}
                disabled={editing}
                onChange={(e) => setBilling(e.target.value as BillingEvent)}
                aria-describedby={described}
              >
                {BillingEvent.options.map((b) => (
                  <option key={b} value={b}>
                    {BILLING_LABEL[b]}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
        <div className="field-row">
          <Field
            label="Bid strategy"
            name="bid_type"
            error={errors.bid_type}
            hint={
              customBid
                ? strategy === 'COST_CAP'
                  ? 'Average cost per result TikTok aims for.'
                  : 'Most TikTok may bid per billing event.'
                : 'TikTok bids to spend the budget at the lowest cost.'
            }
          >
            {(fid, described) => (
              <select
                id={fid}
                value={customBid ? 'CUSTOM' : 'LOWEST_COST'}
                onChange={(e) => setCustomBid(e.target.value === 'CUSTOM')}
                aria-describedby={described}
                data-testid="bid-strategy"
              >
                <option value="LOWEST_COST">{BID_STRATEGY_LABEL.LOWEST_COST}</option>
                <option value="CUSTOM">
                  {BID_STRATEGY_LABEL[effectiveBilling === 'OCPM' ? 'COST_CAP' : 'BID_CAP']}
                </option>
              </select>
            )}
          </Field>
          {customBid && (
            <Field
              label={`${strategy === 'COST_CAP' ? 'Cost cap' : 'Bid cap'} (${currency})`}
              name={bidField}
              error={errors[bidField]}
              className="field-short"
            >
              {(fid, described) => (
                <input
                  id={fid}
                  inputMode="decimal"
                  value={bid}
                  onChange={(e) => setBid(e.target.value)}
                  aria-describedby={described}
                  aria-invalid={errors[bidField] ? true : undefined}
                />
              )}
            </Field>
          )}
        </div>
        <Field label="Pacing" name="pacing" error={errors.pacing} group>
          {() => (
            <Radios
              name="pacing"
              options={Pacing.options}
              value={pacing}
              onChange={setPacing}
              labels={PACING_LABEL}
            />
          )}
        </Field>
      </FormSection>

      <FormSection title="Attribution and tracking">
        <div className="field-row">
          <Field
            label="Click-through window"
            name="click_attribution_window"
            error={errors.click_attribution_window}
            hint={lockedNote ?? 'Conversions this long after a click count.'}
          >
            {(fid, described) => (
              <select
                id={fid}
                value={clickWindow}
                disabled={editing}
                onChange={(e) => setClickWindow(e.target.value as ClickAttributionWindow)}
                aria-describedby={described}
              >
                {ClickAttributionWindow.options.map((w) => (
                  <option key={w} value={w}>
                    {CLICK_WINDOW_LABEL[w]}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field
            label="View-through window"
            name="view_attribution_window"
            error={errors.view_attribution_window}
            hint={lockedNote ?? 'Conversions this long after a view count.'}
          >
            {(fid, described) => (
              <select
                id={fid}
                value={viewWindow}
                disabled={editing}
                onChange={(e) => setViewWindow(e.target.value as ViewAttributionWindow)}
                aria-describedby={described}
              >
                {ViewAttributionWindow.options.map((w) => (
                  <option key={w} value={w}>
                    {VIEW_WINDOW_LABEL[w]}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
        <Field
          label="Pixel"
          name="pixel_id"
          error={errors.pixel_id}
          hint={lockedNote ?? 'Reports the conversions on the website.'}
        >
          {(fid, described) => (
            <select
              id={fid}
              value={pixel}
              disabled={editing}
              onChange={(e) => setPixel(e.target.value)}
              aria-describedby={described}
            >
              <option value="">No pixel</option>
              {pixels.data?.pixels.map((p) => (
                <option key={p.pixel_id} value={p.pixel_id}>
                  {p.pixel_name} ({p.pixel_code})
                </option>
              ))}
            </select>
          )}
        </Field>
      </FormSection>
    </SidePanel>
  );
}

/** The audience size estimate and where it sits between Narrow and Broad. */
function AudienceCard({
  loading,
  size,
  label,
  error,
  noLocations,
  breakdown,
}: {
  loading: boolean;
  size: number | undefined;
  label: (typeof AUDIENCE_LABELS)[number] | undefined;
  error: unknown;
  noLocations: boolean;
  breakdown: AudienceEstimateBreakdown | null;
}) {
  const index = label ? AUDIENCE_LABELS.indexOf(label) : -1;
  return (
    <section
      className={`audience-card ${loading ? 'audience-loading' : ''}`}
      aria-live="polite"
      data-testid="audience-estimate"
      data-label={label ?? ''}
    >
      <div className="audience-title">Estimated audience</div>
      {noLocations ? (
        <div className="audience-empty">Add a location to see the audience size.</div>
      ) : error && size === undefined ? (
        <div className="audience-empty">
          The estimate is not available: {error instanceof Error ? error.message : 'unknown error'}
        </div>
      ) : (
        <>
          <div className="audience-size" data-testid="audience-size">
            {size !== undefined ? formatAudience(size) : '…'}
            <span className="audience-label">{label ?? ''}</span>
          </div>
          <div className="audience-meter" aria-hidden="true">
            {AUDIENCE_LABELS.map((l, i) => (
              <span key={l} className={`audience-step ${i === index ? 'audience-step-on' : ''}`} />
            ))}
          </div>
          <div className="audience-scale" aria-hidden="true">
            <span>Narrow</span>
            <span>Broad</span>
          </div>
          {breakdown && <AudienceBreakdown breakdown={breakdown} />}
          {label === 'Narrow' && (
            <p className="audience-warn">A narrow audience may not spend the budget; widen the targeting.</p>
          )}
        </>
      )}
    </section>
  );
}

/** How the included and excluded audiences changed the estimate: the targeting alone, then each audience. */
function AudienceBreakdown({ breakdown }: { breakdown: AudienceEstimateBreakdown }) {
  const people = (n: number | null) => (n === null ? 'size unknown' : formatAudience(n));
  const share = (s: number) => `${Math.round(s * 100)} % inside`;
  return (
    <ul className="audience-breakdown" data-testid="audience-breakdown">
      <li>
        <span>Targeting without audiences</span>
        <span>{formatAudience(breakdown.targeting_size)}</span>
      </li>
      {breakdown.included.map((a) => (
        <li key={`in-${a.audience_id}`}>
          <span>Only {a.name}</span>
          <span>
            {people(a.matched_size)} · {share(a.share_in_targeting)}
          </span>
        </li>
      ))}
      {breakdown.excluded.map((a) => (
        <li key={`ex-${a.audience_id}`}>
          <span>Not {a.name}</span>
          <span>
            {people(a.matched_size)} · {share(a.share_in_targeting)}
          </span>
        </li>
      ))}
    </ul>
  );
}

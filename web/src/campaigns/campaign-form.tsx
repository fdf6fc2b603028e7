// Create or edit a campaign: name, objective and budget (no limit, daily or lifetime), with the
// advertiser's minimum budget said before the server does.
import { useState } from 'react';
import type { AdvertiserInfo } from '../../../src/shared/api.ts';
import { BudgetMode, ObjectiveType } from '../../../src/core/enums.ts';
import type { BudgetRules, CampaignFields, CampaignUpdate } from '../../../src/shared/campaigns-api.ts';
import { useBudgetRules, useCreateCampaign, useEntity, useUpdateEntity } from '../api/campaigns.ts';
import { fieldErrors } from '../api/client.ts';
import { formatMetricValue } from '../lib/format.ts';
import { Field, Radios } from './fields.tsx';
import { BUDGET_MODE_LABEL, OBJECTIVE_LABEL } from './labels.ts';
import { CREATE_ONLY, FormSection, SidePanel } from './side-panel.tsx';

export interface Saved {
  kind: 'campaign' | 'adgroup' | 'ad';
  id: string;
  name: string;
  created: boolean;
  campaignId: string;
  adgroupId?: string;
}

interface Props {
  advertiser: AdvertiserInfo;
  id: string | undefined;
  onClose: () => void;
  onSaved: (saved: Saved) => void;
}

export function parseAmount(text: string): number | undefined {
  const value = Number(text.replace(/,/g, '').trim());
  return text.trim() === '' || !Number.isFinite(value) ? undefined : value;
}

export function campaignMinimum(
  rules: BudgetRules | undefined,
  mode: BudgetMode,
  currency: string,
): string | null {
  if (!rules || mode === 'BUDGET_MODE_INFINITE') return null;
  const min = mode === 'BUDGET_MODE_DAY' ? rules.campaign_min_daily : rules.campaign_min_lifetime;
  return `At least ${formatMetricValue(min, 'money', currency)}${mode === 'BUDGET_MODE_DAY' ? ' a day' : ' in total'}.`;
}

export function CampaignForm(props: Props) {
  const existing = useEntity(props.advertiser.advertiser_id, 'campaigns', props.id);
  if (props.id && !existing.data) {
    return (
      <SidePanel
        kind="campaign"
        mode="edit"
        title="Edit campaign"
        onClose={props.onClose}
        onSubmit={() => undefined}
        submitLabel="Save"
        pending={false}
        error={existing.error}
        fields={[]}
        loading
      >
        <p className="cell-muted">{existing.error ? 'The campaign could not be loaded.' : 'Loading…'}</p>
      </SidePanel>
    );
  }
  return <CampaignFormBody key={existing.data?.modify_time ?? 'new'} {...props} existing={existing.data} />;
}

function CampaignFormBody({
  advertiser,
  existing,
  onClose,
  onSaved,
}: Props & { existing: CampaignFields | undefined }) {
  const id = advertiser.advertiser_id;
  const rules = useBudgetRules(id);
  const create = useCreateCampaign(id);
  const update = useUpdateEntity(id);
  const editing = !!existing;
  const [name, setName] = useState(existing?.campaign_name ?? '');
  const [objective, setObjective] = useState<ObjectiveType>(existing?.objective_type ?? 'WEB_CONVERSIONS');
  const [mode, setMode] = useState<BudgetMode>(existing?.budget_mode ?? 'BUDGET_MODE_DAY');
  const [budget, setBudget] = useState(existing?.budget != null ? String(existing.budget) : '');
  const mutation = editing ? update : create;
  const errors = fieldErrors(mutation.error);
  const currency = rules.data?.currency ?? advertiser.currency;

  const submit = () => {
    if (existing) {
      const change: CampaignUpdate = {};
      if (name.trim() !== existing.campaign_name) change.campaign_name = name.trim();
      const amount = parseAmount(budget);
      if (mode !== 'BUDGET_MODE_INFINITE' && amount !== (existing.budget ?? undefined))
        change.budget = amount;
      update.mutate(
        { level: 'campaigns', id: existing.campaign_id, change },
        {
          onSuccess: (saved) =>
            onSaved({
              kind: 'campaign',
              id: existing.campaign_id,
              name: (saved as CampaignFields).campaign_name,
              created: false,
              campaignId: existing.campaign_id,
            }),
        },
      );
      return;
    }
    create.mutate(
      {
        campaign_name: name.trim(),
        objective_type: objective,
        budget_mode: mode,
        budget: mode === 'BUDGET_MODE_INFINITE' ? undefined : parseAmount(budget),
      },
      {
        onSuccess: (saved) =>
          onSaved({
            kind: 'campaign',
            id: saved.campaign_id,
            name: saved.campaign_name,
            created: true,
            campaignId: saved.campaign_id,
          }),
      },
    );
  };

  const minimum = campaignMinimum(rules.data, mode, currency);
  return (
    <SidePanel
      kind="campaign"
      mode={editing ? 'edit' : 'create'}
      title={editing ? `Edit campaign` : 'New campaign'}
      subtitle={
        editing
          ? existing.campaign_name
          : 'The objective decides what TikTok optimises for; the budget caps the spend of all its ad groups.'
      }
      onClose={onClose}
      onSubmit={submit}
      submitLabel={editing ? 'Save' : 'Create campaign'}
      pending={mutation.isPending}
      error={mutation.error}
      fields={['campaign_name', 'objective_type', 'budget_mode', 'budget']}
    >
      <FormSection title="Campaign">
        <Field label="Campaign name" name="campaign_name" error={errors.campaign_name}>
          {(fid, described) => (
            <input
              id={fid}
              name="campaign_name"
              value={name}
              maxLength={512}
              onChange={(e) => setName(e.target.value)}
              aria-invalid={errors.campaign_name ? true : undefined}
              aria-describedby={described}
              autoComplete="off"
            />
          )}
        </Field>
        <Field
          label="Objective"
          name="objective_type"
          error={errors.objective_type}
          hint={editing ? CREATE_ONLY : 'What the campaign is for: reach, traffic, conversions…'}
        >
          {(fid, described) => (
            <select
              id={fid}
              name="objective_type"
              value={objective}
              disabled={editing}
              onChange={(e) => setObjective(e.target.value as ObjectiveType)}
              aria-describedby={described}
            >
              {ObjectiveType.options.map((o) => (
                <option key={o} value={o}>
                  {OBJECTIVE_LABEL[o]}
                </option>
              ))}
            </select>
          )}
        </Field>
      </FormSection>
      <FormSection title="Budget">
        <Field
          label="Budget type"
          name="budget_mode"
          error={errors.budget_mode}
          hint={editing ? CREATE_ONLY : 'No limit leaves the budget to the ad groups.'}
          group
        >
          {() => (
            <Radios
              name="budget_mode"
              options={BudgetMode.options}
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
            hint={minimum}
            className="field-short"
          >
            {(fid, described) => (
              <input
                id={fid}
                name="budget"
                inputMode="decimal"
                value={budget}
                onChange={(e) => setBudget(e.target.value)}
                aria-invalid={errors.budget ? true : undefined}
                aria-describedby={described}
              />
            )}
          </Field>
        )}
      </FormSection>
    </SidePanel>
  );
}

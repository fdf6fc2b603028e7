// Create a website audience: a rule over the pixel's events — include people who did one of some events
// (optionally on a URL that contains or equals a text) within the last N days, or who match another such
// condition; exclude people who match any exclusion — with its size asked again as the rule changes
// (after a pause in the editing), the pixel whose events count, and retention.
import { useState } from 'react';
import {
  type Audience,
  MAX_RETENTION_DAYS,
  MIN_TARGETABLE_SIZE,
  type WebsiteRuleInput,
} from '../../../../src/shared/audiences-api.ts';
import { useCreateWebsiteAudience, useWebsiteRulePreview } from '../../api/audiences.ts';
import { fieldErrors } from '../../api/client.ts';
import { usePixelOverview } from '../../api/pixels.ts';
import { Field, TagInput } from '../../campaigns/fields.tsx';
import { STANDARD_EVENT_NAMES } from '../standard-events.ts';
import { TOO_SMALL, count } from './audience-text.ts';
import { AudienceNameField, RetentionField } from './form-fields.tsx';
import { AudienceFormShell } from './form-shell.tsx';

interface ConditionDraft {
  key: number;
  events: string[];
  match: 'any' | 'contains' | 'equals';
  url: string;
  days: string;
}

let nextKey = 1;
const draft = (events: string[], days = '30'): ConditionDraft => ({
  key: nextKey++,
  events,
  match: 'any',
  url: '',
  days,
});

const validDays = (text: string): boolean => {
  const n = Number(text);
  return Number.isInteger(n) && n >= 1 && n <= MAX_RETENTION_DAYS;
};

/** The rule as the API takes it, or null while a condition is incomplete (no size is asked then). */
function toRule(
  pixelId: string,
  include: ConditionDraft[],
  exclude: ConditionDraft[],
): WebsiteRuleInput | null {
  const complete = (c: ConditionDraft) => validDays(c.days) && (c.match === 'any' || c.url.trim() !== '');
  if (include.length === 0 || ![...include, ...exclude].every(complete)) return null;
  const condition = (c: ConditionDraft) => ({
    events: c.events,
    url: c.match === 'any' ? null : { match: c.match, value: c.url.trim() },
    within_days: Number(c.days),
  });
  return { pixel_id: pixelId || null, include: include.map(condition), exclude: exclude.map(condition) };
}

export function WebsiteAudienceForm({
  advertiserId,
  onClose,
  onCreated,
}: {
  advertiserId: string;
  onClose: () => void;
  onCreated: (audience: Audience) => void;
}) {
  const pixels = usePixelOverview(advertiserId);
  const create = useCreateWebsiteAudience(advertiserId);
  const [name, setName] = useState('');
  const [pixelId, setPixelId] = useState('');
  const [include, setInclude] = useState<ConditionDraft[]>([draft(['AddToCart'])]);
  const [exclude, setExclude] = useState<ConditionDraft[]>([]);
  const [retention, setRetention] = useState('180');
  const [checked, setChecked] = useState(false);
  const rule = toRule(pixelId, include, exclude);
  const preview = useWebsiteRulePreview(advertiserId, rule);
  const errors = fieldErrors(create.error);

  const days = Number(retention);
  const local: Record<string, string> = {};
  if (!name.trim()) local.name = 'Give the audience a name, e.g. “Cart abandoners 30 d”.';
  if (!validDays(retention)) local.retention_days = `A whole number of days from 1 to ${MAX_RETENTION_DAYS}.`;
  const error = (field: string) => (checked ? local[field] : undefined) ?? errors[field];
  const shownFields = ['name', 'retention_days', 'rule.pixel_id'];
  const conditionFields = /^rule\.(include|exclude)\[\d+\]/;
  const problems = create.error
    ? [
        (create.error as Error).message,
        ...Object.entries(errors)
          .filter(([f]) => !shownFields.includes(f) && !conditionFields.test(f))
          .map(([f, m]) => `${f}: ${m}`),
      ].filter((p, i, all) => all.indexOf(p) === i)
    : [];

  const submit = () => {
    setChecked(true);
    if (Object.keys(local).length > 0 || !rule) return;
    create.mutate({ name: name.trim(), rule, retention_days: days }, { onSuccess: onCreated });
  };

  return (
    <AudienceFormShell
      title="New website audience"
      subtitle="People your pixel has seen on your site, by what they did and when."
      onClose={onClose}
      onSubmit={submit}
      submitLabel="Create audience"
      pending={create.isPending}
      problems={problems}
      testId="website-form"
    >
      <AudienceNameField value={name} onChange={setName} error={error('name')} />
      <Field label="Pixel" name="rule.pixel_id" error={error('rule.pixel_id')}>
        {(fid, described) => (
          <select
            id={fid}
            value={pixelId}
            onChange={(e) => setPixelId(e.target.value)}
            aria-describedby={described}
            data-testid="rule-pixel"
          >
            <option value="">Every pixel of the advertiser</option>
            {pixels.data?.pixels.map((p) => (
              <option key={p.pixel_id} value={p.pixel_id}>
                {p.pixel_name} ({p.pixel_code})
              </option>
            ))}
          </select>
        )}
      </Field>

      <ConditionList
        kind="include"
        conditions={include}
        onChange={setInclude}
        errors={errors}
        checked={checked}
      />
      <ConditionList
        kind="exclude"
        conditions={exclude}
        onChange={setExclude}
        errors={errors}
        checked={checked}
      />

      <RuleSize
        complete={rule !== null}
        pending={preview.pending}
        size={preview.data?.matched_size}
        basis={preview.data?.size_basis}
        error={preview.error}
      />

      <RetentionField
        value={retention}
        onChange={setRetention}
        error={error('retention_days')}
        hint="How long a person stays in the audience after their last matching event, 1–365."
        className="field-short"
      />
    </AudienceFormShell>
  );
}

function ConditionList({
  kind,
  conditions,
  onChange,
  errors,
  checked,
}: {
  kind: 'include' | 'exclude';
  conditions: ConditionDraft[];
  onChange: (next: ConditionDraft[]) => void;
  errors: Record<string, string>;
  checked: boolean;
}) {
  const patch = (key: number, change: Partial<ConditionDraft>) =>
    onChange(conditions.map((c) => (c.key === key ? { ...c, ...change } : c)));
  return (
    <fieldset className="au-conditions" data-testid={`rule-${kind}`}>
      <legend>{kind === 'include' ? 'Include people who' : 'Exclude people who'}</legend>
      {conditions.length === 0 && kind === 'exclude' && (
        <p className="cr-note">Nobody is excluded. Exclude buyers to reach only those who have not bought.</p>
      )}
      {conditions.map((c, i) => {
        const at = `rule.${kind}[${i}]`;
        const fieldError = (f: string) => errors[`${at}.${f}`];
        const dayError =
          fieldError('within_days') ?? (checked && !validDays(c.days) ? 'Days from 1 to 365.' : undefined);
        const urlError =
          fieldError('url.value') ??
          fieldError('url') ??
          (checked && c.match !== 'any' && !c.url.trim() ? 'Write the URL text.' : undefined);
        const problem = fieldError('events') ?? errors[at] ?? dayError ?? urlError;
        return (
          <div key={c.key} className="au-condition" data-testid={`${kind}-condition`}>
            {i > 0 && <span className="au-or">or</span>}
            <div className="au-condition-line">
              <span className="au-word">did</span>
              <div className="au-events">
                <TagInput
                  id={`${kind}-${c.key}-events`}
                  value={c.events}
                  onChange={(events) => patch(c.key, { events })}
                  suggestions={STANDARD_EVENT_NAMES}
                  placeholder="any event"
                  testId={`${kind}-events`}
                />
              </div>
              <button
                type="button"
                className="icon-button"
                aria-label={`Remove this ${kind === 'include' ? 'condition' : 'exclusion'}`}
                disabled={kind === 'include' && conditions.length === 1}
                onClick={() => onChange(conditions.filter((x) => x.key !== c.key))}
              >
                ×
              </button>
            </div>
            <div className="au-condition-line">
              <span className="au-word">on</span>
              <select
                aria-label="URL"
                value={c.match}
                onChange={(e) => patch(c.key, { match: e.target.value as ConditionDraft['match'] })}
                data-testid={`${kind}-url-match`}
              >
                <option value="any">any URL</option>
                <option value="contains">a URL containing</option>
                <option value="equals">the URL</option>
              </select>
              {c.match !== 'any' && (
                <input
                  className="au-url"
                  aria-label="URL text"
                  placeholder={c.match === 'contains' ? '/product' : 'https://shop.example/cart'}
                  value={c.url}
                  onChange={(e) => patch(c.key, { url: e.target.value })}
                  aria-invalid={urlError ? true : undefined}
                  data-testid={`${kind}-url`}
                />
              )}
            </div>
            <div className="au-condition-line">
              <span className="au-word">in the last</span>
              <input
                className="au-days"
                inputMode="numeric"
                aria-label="Days"
                value={c.days}
                onChange={(e) => patch(c.key, { days: e.target.value })}
                aria-invalid={dayError ? true : undefined}
                data-testid={`${kind}-days`}
              />
              <span className="au-word">days</span>
            </div>
            {problem && (
              <div className="form-note form-note-error" role="alert">
                {problem}
              </div>
            )}
          </div>
        );
      })}
      <button
        type="button"
        className="link-button au-add"
        onClick={() => onChange([...conditions, draft(kind === 'exclude' ? ['Purchase'] : [])])}
        data-testid={`add-${kind}`}
      >
        + {kind === 'include' ? 'Or people who…' : 'Exclude people who…'}
      </button>
    </fieldset>
  );
}

/** The rule's size as the server counts it now; kept on screen while the next count is on its way. */
function RuleSize({
  complete,
  pending,
  size,
  basis,
  error,
}: {
  complete: boolean;
  pending: boolean;
  size: number | undefined;
  basis: string | undefined;
  error: unknown;
}) {
  return (
    <section
      className={`audience-card au-rule-size ${pending ? 'audience-loading' : ''}`}
      aria-live="polite"
      data-testid="rule-size"
      data-pending={pending ? 'true' : 'false'}
    >
      <div className="audience-title">People matching the rule now</div>
      {!complete ? (
        <div className="audience-empty">Complete the rule to see its size.</div>
      ) : error && size === undefined ? (
        <div className="audience-empty">
          The size is not available: {error instanceof Error ? error.message : 'unknown error'}
        </div>
      ) : (
        <>
          <div className="audience-size" data-testid="rule-size-value">
            {size === undefined ? '…' : count(size)}
            {size !== undefined && (
              <span className={size < MIN_TARGETABLE_SIZE ? 'au-size-note au-size-small' : 'au-size-note'}>
                {size < MIN_TARGETABLE_SIZE ? TOO_SMALL : 'can be targeted'}
              </span>
            )}
          </div>
          {basis && <p className="cr-note">{basis}</p>}
        </>
      )}
    </section>
  );
}

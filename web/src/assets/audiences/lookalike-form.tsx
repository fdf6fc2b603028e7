// Create a lookalike: people in one country who resemble a source audience (of at least 100 matched
// people), as a share of that country's people — narrow 1 %, balanced 5 %, broad 10 %, or any whole
// percentage from 1 to 10 — with the size that gives shown before it is created.
import { useState } from 'react';
import {
  type Audience,
  LOOKALIKE_PRESET_PERCENT,
  type LookalikePreset,
  type LookalikeSize,
  MAX_RETENTION_DAYS,
  MIN_LOOKALIKE_SOURCE_SIZE,
} from '../../../../src/shared/audiences-api.ts';
import { useCreateLookalike, useLookalikeCountries } from '../../api/audiences.ts';
import { fieldErrors } from '../../api/client.ts';
import { Field } from '../../campaigns/fields.tsx';
import { LOOKALIKE_SIZE_LABEL, count } from './audience-text.ts';
import { AudienceNameField } from './form-fields.tsx';
import { AudienceFormShell } from './form-shell.tsx';

const PRESETS = ['narrow', 'balanced', 'broad'] as const;
const PERCENTS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

export function LookalikeForm({
  advertiserId,
  audiences,
  onClose,
  onCreated,
}: {
  advertiserId: string;
  audiences: readonly Audience[];
  onClose: () => void;
  onCreated: (audience: Audience) => void;
}) {
  const countries = useLookalikeCountries(advertiserId);
  const create = useCreateLookalike(advertiserId);
  const sources = audiences.filter((a) => a.type !== 'lookalike');
  const firstUsable = sources.find((a) => (a.matched_size ?? 0) >= MIN_LOOKALIKE_SOURCE_SIZE);
  const [name, setName] = useState('');
  const [sourceId, setSourceId] = useState(firstUsable?.audience_id ?? '');
  const [country, setCountry] = useState('US');
  const [size, setSize] = useState<LookalikeSize>('balanced');
  const [checked, setChecked] = useState(false);
  const errors = fieldErrors(create.error);

  const percent = typeof size === 'number' ? size : LOOKALIKE_PRESET_PERCENT[size];
  const population = countries.data?.countries.find((c) => c.country === country)?.population;
  const source = sources.find((a) => a.audience_id === sourceId);
  const local: Record<string, string> = {};
  if (!name.trim()) local.name = 'Give the lookalike a name, e.g. “Buyers lookalike US 1 %”.';
  if (!source) local.source_audience_id = 'Choose the audience to find people like.';
  const error = (field: string) => (checked ? local[field] : undefined) ?? errors[field];
  const shown = ['name', 'source_audience_id', 'country', 'size'];
  const problems = create.error
    ? [
        (create.error as Error).message,
        ...Object.entries(errors)
          .filter(([f]) => !shown.includes(f))
          .map(([f, m]) => `${f}: ${m}`),
      ]
    : [];

  const submit = () => {
    setChecked(true);
    if (Object.keys(local).length > 0) return;
    create.mutate(
      {
        name: name.trim(),
        source_audience_id: sourceId,
        country,
        size,
        retention_days: MAX_RETENTION_DAYS,
      },
      { onSuccess: onCreated },
    );
  };

  return (
    <AudienceFormShell
      title="New lookalike audience"
      subtitle="People who resemble an audience you have, in one country."
      onClose={onClose}
      onSubmit={submit}
      submitLabel="Create lookalike"
      pending={create.isPending}
      problems={problems}
      testId="lookalike-form"
    >
      <AudienceNameField value={name} onChange={setName} error={error('name')} />
      <Field
        label="Source audience"
        name="source_audience_id"
        error={error('source_audience_id')}
        hint={`A customer file or website audience with at least ${count(MIN_LOOKALIKE_SOURCE_SIZE)} matched people.`}
      >
        {(fid, described) => (
          <select
            id={fid}
            value={sourceId}
            onChange={(e) => setSourceId(e.target.value)}
            aria-describedby={described}
            aria-invalid={error('source_audience_id') ? true : undefined}
            data-testid="lookalike-source"
          >
            <option value="">Choose an audience…</option>
            {sources.map((a) => {
              const usable = (a.matched_size ?? 0) >= MIN_LOOKALIKE_SOURCE_SIZE;
              return (
                <option key={a.audience_id} value={a.audience_id} disabled={!usable}>
                  {a.name} · {a.matched_size === null ? 'size unknown' : count(a.matched_size)}
                  {usable ? '' : ` (under ${MIN_LOOKALIKE_SOURCE_SIZE})`}
                </option>
              );
            })}
          </select>
        )}
      </Field>
      <Field label="Country" name="country" error={error('country')}>
        {(fid, described) => (
          <select
            id={fid}
            value={country}
            onChange={(e) => setCountry(e.target.value)}
            aria-describedby={described}
            data-testid="lookalike-country"
          >
            {!countries.data && <option value={country}>{country}</option>}
            {countries.data?.countries.map((c) => (
              <option key={c.country} value={c.country}>
                {c.country} · {formatPeople(c.population)} people
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field
        label="Size"
        name="size"
        error={error('size')}
        group
        hint="Narrower is closer to the source; broader reaches more people who resemble it less."
      >
        {() => (
          <div className="au-sizes" role="radiogroup" aria-label="Lookalike size">
            {PRESETS.map((p: LookalikePreset) => (
              <label key={p} className={`pill-check ${size === p ? 'pill-on' : ''}`}>
                <input type="radio" name="lookalike-size" checked={size === p} onChange={() => setSize(p)} />
                {LOOKALIKE_SIZE_LABEL[p]} · {LOOKALIKE_PRESET_PERCENT[p]} %
              </label>
            ))}
            <label className={`pill-check ${typeof size === 'number' ? 'pill-on' : ''}`}>
              <input
                type="radio"
                name="lookalike-size"
                checked={typeof size === 'number'}
                onChange={() => setSize(percent)}
              />
              Custom
            </label>
            {typeof size === 'number' && (
              <select
                aria-label="Percent of the country"
                value={size}
                onChange={(e) => setSize(Number(e.target.value))}
                data-testid="lookalike-percent"
              >
                {PERCENTS.map((p) => (
                  <option key={p} value={p}>
                    {p} %
                  </option>
                ))}
              </select>
            )}
          </div>
        )}
      </Field>
      <section className="audience-card au-rule-size" aria-live="polite" data-testid="lookalike-size">
        <div className="audience-title">Lookalike size</div>
        <div className="audience-size">
          {population === undefined ? '…' : count(Math.round((population * percent) / 100))}
          <span className="au-size-note">
            {percent} % of {country}
            {population !== undefined && ` (${formatPeople(population)} people)`}
          </span>
        </div>
        {source && (
          <p className="cr-note">
            Built from “{source.name}” (
            {source.matched_size === null ? 'size unknown' : count(source.matched_size)} matched).
          </p>
        )}
      </section>
    </AudienceFormShell>
  );
}

function formatPeople(n: number): string {
  return new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 }).format(n);
}

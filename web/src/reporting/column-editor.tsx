// Creating or changing a custom column: name, formula (checked by the server as you type, problems
// underlined where they are), format and description. Saved columns belong to the advertiser's team and
// show up in every metric list.
import { useEffect, useId, useState, type FormEvent } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { MetricInfo } from '../../../src/shared/api.ts';
import {
  CustomColumn,
  type CustomColumnFormat,
  type FormulaCheckResponse,
} from '../../../src/shared/custom-columns-api.ts';
import { ApiError, apiPath, fieldErrors, getJson } from '../api/client.ts';
import { checkFormula, useSaveCustomColumn } from '../api/reports.ts';
import { ErrorBanner, Skeleton } from '../components/feedback.tsx';
import { TextField } from '../components/form.tsx';
import { FormulaInput } from './formula-input.tsx';
import { Modal } from './modal.tsx';

const CHECK_DELAY_MS = 250;

const FORMAT_LABEL: Record<CustomColumnFormat, string> = {
  money: 'Money (the advertiser’s currency)',
  percent: 'Percent',
  number: 'Number',
};

interface Props {
  advertiserId: string;
  /** The column to change; undefined to create one. */
  columnId: string | undefined;
  metrics: readonly MetricInfo[];
  onClose: () => void;
  onSaved: (column: CustomColumn, created: boolean) => void;
}

export function ColumnEditor(props: Props) {
  const { advertiserId, columnId, onClose } = props;
  const existing = useQuery({
    queryKey: ['custom-column', advertiserId, columnId],
    queryFn: ({ signal }) =>
      getJson(
        apiPath(
          `/advertisers/${encodeURIComponent(advertiserId)}/custom-columns/${encodeURIComponent(columnId!)}`,
        ),
        CustomColumn,
        signal,
      ),
    enabled: !!columnId,
  });
  const title = columnId ? 'Edit custom column' : 'New custom column';
  return (
    <Modal title={title} onClose={onClose} testId="column-editor" wide>
      {columnId && existing.error ? (
        <div className="rp-modal-body">
          <ErrorBanner
            title="The column could not be loaded."
            error={existing.error}
            onRetry={() => void existing.refetch()}
          />
        </div>
      ) : columnId && !existing.data ? (
        <div className="rp-modal-body">
          <Skeleton width="100%" height={220} />
        </div>
      ) : (
        <ColumnForm {...props} column={existing.data} />
      )}
    </Modal>
  );
}

/** The server's answer for the formula as it is now; stale answers (an older text) are dropped. */
function useFormulaCheck(advertiserId: string, formula: string, columnId: string | undefined) {
  const [result, setResult] = useState<{ formula: string; check: FormulaCheckResponse } | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    if (!formula.trim()) return;
    let current = true;
    const timer = window.setTimeout(() => {
      checkFormula(advertiserId, formula, columnId).then(
        (check) => {
          if (!current) return;
          setResult({ formula, check });
          setError(null);
        },
        (failure: unknown) => current && setError(failure),
      );
    }, CHECK_DELAY_MS);
    return () => {
      current = false;
      window.clearTimeout(timer);
    };
  }, [advertiserId, formula, columnId]);
  const fresh = result && result.formula === formula ? result.check : null;
  return { check: formula.trim() ? fresh : null, checking: !!formula.trim() && !fresh && !error, error };
}

function ColumnForm({
  advertiserId,
  columnId,
  metrics,
  onClose,
  onSaved,
  column,
}: Props & { column: CustomColumn | undefined }) {
  const formId = useId();
  const [name, setName] = useState(column?.name ?? '');
  const [formula, setFormula] = useState(column?.formula ?? '');
  const [format, setFormat] = useState<CustomColumnFormat | 'auto'>(column?.format ?? 'auto');
  const [description, setDescription] = useState(column?.description ?? '');
  const [nameError, setNameError] = useState<string | undefined>();
  const save = useSaveCustomColumn(advertiserId);
  const { check, checking, error: checkError } = useFormulaCheck(advertiserId, formula, columnId);
  const problems = check && !check.ok ? check.errors : [];
  // A column cannot use itself: leave it out of the completions.
  const choices = metrics.filter((m) => m.id !== columnId);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim()) return setNameError('Give the column a name.');
    if (!check?.ok) return;
    save.mutate(
      {
        id: columnId,
        body: {
          name: name.trim(),
          formula,
          ...(format === 'auto' ? {} : { format }),
          description: description.trim(),
        },
      },
      {
        onSuccess: (saved) => onSaved(saved, !columnId),
        onError: (failure) => setNameError(fieldErrors(failure).name),
      },
    );
  };

  const problemsId = `${formId}-problems`;
  const suggested = check?.ok ? check.format : undefined;
  return (
    <form className="rp-modal-body rp-column-form" onSubmit={submit} noValidate data-testid="column-form">
      <TextField
        label="Name"
        name="name"
        value={name}
        onValue={(v) => {
          setName(v);
          setNameError(undefined);
        }}
        error={nameError}
        hint="Shown as the column’s header; its id is made from it."
        maxLength={100}
        autoComplete="off"
      />
      <div className="form-field">
        <label htmlFor={`${formId}-formula`}>Formula</label>
        <FormulaInput
          id={`${formId}-formula`}
          value={formula}
          onChange={setFormula}
          problems={problems}
          metrics={choices}
          describedBy={problemsId}
        />
        <div id={problemsId} className="fx-status" data-testid="formula-status" aria-live="polite">
          {!formula.trim() ? (
            <span className="form-note">
              Metrics by id, numbers, + − × ÷, comparisons, IF, MIN, MAX, ABS, ROUND, AND, OR, NOT. Type to
              see completions.
            </span>
          ) : checkError ? (
            <span className="form-note form-note-error">
              {checkError instanceof ApiError ? checkError.message : 'The formula could not be checked.'}
            </span>
          ) : problems.length > 0 ? (
            <ul className="fx-problems" data-testid="formula-problems">
              {problems.map((p, i) => (
                <li key={i} data-position={p.position} data-length={p.length}>
                  <span className="fx-problem-at">at {p.position + 1}</span> {p.message}
                </li>
              ))}
            </ul>
          ) : check?.ok ? (
            <span className="fx-ok" data-testid="formula-ok">
              ✓ Valid · {check.act} · computed from {check.base_metrics.join(', ')}
            </span>
          ) : (
            <span className="form-note">{checking ? 'Checking…' : ''}</span>
          )}
        </div>
      </div>
      <div className="form-field">
        <label htmlFor={`${formId}-format`}>Format</label>
        <select
          id={`${formId}-format`}
          name="format"
          value={format}
          onChange={(e) => setFormat(e.target.value as CustomColumnFormat | 'auto')}
        >
          <option value="auto">
            Suggested by the formula{suggested ? ` (${FORMAT_LABEL[suggested].toLowerCase()})` : ''}
          </option>
          {(Object.keys(FORMAT_LABEL) as CustomColumnFormat[]).map((f) => (
            <option key={f} value={f}>
              {FORMAT_LABEL[f]}
            </option>
          ))}
        </select>
      </div>
      <div className="form-field">
        <label htmlFor={`${formId}-description`}>Description</label>
        <textarea
          id={`${formId}-description`}
          name="description"
          rows={2}
          maxLength={1000}
          value={description}
          placeholder="What it measures and why it matters, for the team’s glossary."
          onChange={(e) => setDescription(e.target.value)}
        />
      </div>
      {save.error && !fieldErrors(save.error).name ? (
        <ErrorBanner title="The column was not saved." error={save.error} />
      ) : null}
      <div className="rp-modal-actions">
        <span className="rp-shared-note">Shared with everyone who sees this advertiser.</span>
        <button type="button" className="button" onClick={onClose}>
          Cancel
        </button>
        <button
          type="submit"
          className="button button-primary"
          data-testid="column-save"
          disabled={!check?.ok || save.isPending}
        >
          {save.isPending ? 'Saving…' : columnId ? 'Save column' : 'Create column'}
        </button>
      </div>
    </form>
  );
}

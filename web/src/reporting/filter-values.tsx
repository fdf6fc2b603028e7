// The values a dimension filter chooses from: what was delivered in the report's dates (names for
// campaigns, ad groups and ads, words for TikTok's enums), so nobody has to know ids or AGE_25_34.
import { useMemo, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import {
  ReportQueryResponse,
  type ReportDimension,
  type ReportQueryRequest,
} from '../../../src/shared/reports-api.ts';
import { apiPath, postJson } from '../api/client.ts';
import { VALUES_LIMIT } from './report-requests.ts';
import { dimensionText } from './table-model.ts';

export interface DimensionValue {
  value: string;
  text: string;
}

export function useDimensionValues(request: ReportQueryRequest | undefined) {
  // Its own observer without placeholder data: another dimension's values must never show for a moment.
  const query = useQuery({
    queryKey: ['report-query', request?.advertiser_id, request ? JSON.stringify(request) : null],
    queryFn: () => postJson(apiPath('/reports/query'), request, ReportQueryResponse),
    enabled: !!request,
    staleTime: 5 * 60_000,
  });
  const dimension = request?.dimensions[0];
  const values = useMemo<DimensionValue[] | undefined>(
    () =>
      dimension
        ? query.data?.rows
            .filter((row) => row[dimension] !== null && row[dimension] !== undefined)
            .map((row) => ({ value: String(row[dimension]), text: dimensionText(row, dimension).text }))
        : undefined,
    [query.data, dimension],
  );
  return { values, error: query.error, truncated: query.data?.truncated ?? false };
}

interface PickerProps {
  dimension: ReportDimension;
  request: ReportQueryRequest;
  picked: readonly string[];
  onPicked: (values: string[]) => void;
}

/** Checkboxes over the delivered values, with a search box once the list is long. */
export function ValuesPicker({ dimension, request, picked, onPicked }: PickerProps) {
  const { values, error, truncated } = useDimensionValues(request);
  const [search, setSearch] = useState('');
  if (error) return <p className="field-error">The values could not be loaded; type them instead.</p>;
  if (!values) return <p className="rp-values-note">Loading values…</p>;
  if (values.length === 0) return <p className="rp-values-note">Nothing was delivered in these dates.</p>;
  const query = search.trim().toLowerCase();
  const shown = values.filter(
    (v) => !query || v.text.toLowerCase().includes(query) || v.value.includes(query),
  );
  // Values picked earlier but not delivered in these dates stay listed, so they can be unticked.
  const missing = picked.filter((p) => !values.some((v) => v.value === p));
  return (
    <div className="rp-values" data-testid="filter-values" data-dimension={dimension}>
      {values.length > 8 && (
        <input
          type="search"
          className="rp-values-search"
          placeholder="Search values"
          aria-label="Search values"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
        />
      )}
      <div className="rp-values-list">
        {[...missing.map((value) => ({ value, text: value })), ...shown].map((v) => (
          <label
            key={v.value}
            className="rp-field"
            title={v.text === v.value ? v.text : `${v.text} (${v.value})`}
          >
            <input
              type="checkbox"
              value={v.value}
              checked={picked.includes(v.value)}
              onChange={(e) =>
                onPicked(e.target.checked ? [...picked, v.value] : picked.filter((p) => p !== v.value))
              }
            />
            <span className="ellipsis">{v.text}</span>
          </label>
        ))}
      </div>
      <p className="rp-values-note">
        {picked.length} picked{truncated ? ` · the ${VALUES_LIMIT} largest by cost are listed` : ''}
      </p>
    </div>
  );
}

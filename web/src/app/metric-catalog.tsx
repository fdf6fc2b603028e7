// The metric catalog from the API, shared with every component that shows a metric.
import { createContext, useContext, useMemo, type ReactNode } from 'react';
import type { MetricInfo } from '../../../src/shared/api.ts';
import type { MetricLookup } from '../lib/glossary.ts';

export interface Catalog {
  list: readonly MetricInfo[];
  byId: MetricLookup;
  ids: ReadonlySet<string>;
}

const empty: Catalog = { list: [], byId: new Map(), ids: new Set() };
const CatalogContext = createContext<Catalog>(empty);

export function useCatalogValue(list: readonly MetricInfo[] | undefined): Catalog {
  return useMemo(() => {
    if (!list) return empty;
    return { list, byId: new Map(list.map((m) => [m.id, m])), ids: new Set(list.map((m) => m.id)) };
  }, [list]);
}

export function MetricCatalogProvider({ value, children }: { value: Catalog; children: ReactNode }) {
  return <CatalogContext.Provider value={value}>{children}</CatalogContext.Provider>;
}

export function useMetricCatalog(): Catalog {
  return useContext(CatalogContext);
}

/** The metric's definition, or a stand-in when the catalog lacks it (keeps the screen up on a typo). */
export function useMetric(id: string): MetricInfo {
  const { byId } = useMetricCatalog();
  return (
    byId.get(id) ?? {
      id,
      label: id,
      format: 'count',
      act: 'awareness',
      better: 'neutral',
      kind: 'base',
      description: 'This metric is not in the catalog.',
      formula: null,
    }
  );
}

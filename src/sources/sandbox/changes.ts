// A scenario's changes to settings (budgets, statuses, bids) land in the catalog on their day, as if the
// marketer had made them then; creative changes are truth and are read through truthOn.
import { SANDBOX_ACTOR } from '../../access/audit.ts';
import type { CatalogDb } from '../../catalog/db.ts';
import { updateEntity } from '../../catalog/structure.ts';
import { toMicros } from '../../core/money.ts';
import type { SandboxRun } from './sandbox-run.ts';

const MONEY_FIELDS: Record<string, string> = {
  budget: 'budget_micros',
  bid_price: 'bid_price_micros',
  conversion_bid_price: 'conversion_bid_price_micros',
};

export async function applyChangesForDay(
  catalog: CatalogDb,
  run: SandboxRun,
  dayIndex: number,
): Promise<void> {
  for (const change of run.scenario.changes) {
    if (change.day !== dayIndex || 'pixel' in change.target) continue;
    const patch: Record<string, string | bigint> = {};
    for (const [field, value] of Object.entries(change.set)) {
      if (field.startsWith('creative.')) continue;
      if (MONEY_FIELDS[field] && typeof value === 'number') patch[MONEY_FIELDS[field]] = toMicros(value);
      else if (field === 'operation_status' && typeof value === 'string') patch.operation_status = value;
    }
    if (Object.keys(patch).length === 0) continue;
    const [kind, name] = Object.entries(change.target)[0] as ['campaign' | 'adgroup' | 'ad', string];
    const ids =
      kind === 'ad' ? (run.names.ad[name] ?? []) : [run.names[kind][name]].filter((x): x is string => !!x);
    for (const id of ids) await updateEntity(catalog, kind, id, patch, SANDBOX_ACTOR);
  }
}

// Custom columns as a team resource: every write checks the formula against the catalog and the
// advertiser's other columns (so a stored column always computes), runs in one transaction with its
// audit row, and a column other columns use cannot be deleted from under them.
import { type Actor, audit } from '../access/audit.ts';
import {
  type CustomColumn,
  type CustomColumnFormat,
  type CustomColumnInput,
  deleteCustomColumn,
  getCustomColumn,
  insertCustomColumn,
  listCustomColumns,
  updateCustomColumn,
} from '../catalog/custom-columns.ts';
import type { CatalogDb, Queryable } from '../catalog/db.ts';
import { AppError, notFound } from '../core/errors.ts';
import { templatesUsing } from './templates.ts';
import type { MetricInfo } from '../shared/api.ts';
import {
  type CustomColumnDef,
  type FormulaCheck,
  checkFormula,
  formulaError,
  isCustomColumnId,
} from '../metrics/formula.ts';

const defs = (columns: readonly CustomColumn[]): CustomColumnDef[] =>
  columns.map((c) => ({ id: c.column_id, name: c.name, formula: c.formula, format: c.format }));

/** Checks a formula as it would be saved: for a new column, or (with `columnId`) as that column's new formula. */
export async function checkCustomFormula(
  db: Queryable,
  advertiserId: string,
  formula: string,
  columnId?: string,
): Promise<FormulaCheck> {
  const columns = defs(await listCustomColumns(db, advertiserId)).map((c) =>
    c.id === columnId ? { ...c, formula } : c,
  );
  return checkFormula(formula, { columns, ...(columnId ? { self: columnId } : {}) });
}

export async function createCustomColumn(
  db: CatalogDb,
  advertiserId: string,
  input: Omit<CustomColumnInput, 'format'> & { format?: CustomColumnFormat },
  actor: Actor,
): Promise<CustomColumn> {
  return db.transaction(async (tx) => {
    const check = await checkCustomFormula(tx, advertiserId, input.formula);
    if (!check.ok) throw formulaError(check.errors, 'body.formula');
    const column = await insertCustomColumn(
      tx,
      advertiserId,
      { ...input, format: input.format ?? check.format },
      actor.label,
    );
    await audit(tx, actor, {
      action: 'custom_column.create',
      targetType: 'custom_column',
      targetId: column.column_id,
      advertiserId,
      after: stored(column),
    });
    return column;
  });
}

export async function changeCustomColumn(
  db: CatalogDb,
  advertiserId: string,
  columnId: string,
  patch: Partial<CustomColumnInput>,
  actor: Actor,
): Promise<CustomColumn> {
  return db.transaction(async (tx) => {
    const before = await getCustomColumn(tx, advertiserId, columnId);
    if (!before) throw notFound('Custom column', columnId);
    if (patch.formula !== undefined && patch.formula !== before.formula) {
      const check = await checkCustomFormula(tx, advertiserId, patch.formula, columnId);
      if (!check.ok) throw formulaError(check.errors, 'body.formula');
      await refuseBreakingOthers(tx, advertiserId, columnId, patch.formula);
    }
    const after = (await updateCustomColumn(tx, advertiserId, columnId, patch, actor.label))!;
    await audit(tx, actor, {
      action: 'custom_column.update',
      targetType: 'custom_column',
      targetId: columnId,
      advertiserId,
      before: stored(before),
      after: stored(after),
    });
    return after;
  });
}

/** A new formula may make a column that uses this one too large to compute; such a change is refused. */
async function refuseBreakingOthers(
  db: Queryable,
  advertiserId: string,
  columnId: string,
  formula: string,
): Promise<void> {
  const columns = defs(await listCustomColumns(db, advertiserId)).map((c) =>
    c.id === columnId ? { ...c, formula } : c,
  );
  for (const other of columns) {
    if (other.id === columnId) continue;
    const check = checkFormula(other.formula, { columns, self: other.id });
    if (!check.ok) {
      throw new AppError(
        'conflict',
        `With this formula the custom column ${other.name} (${other.id}), which uses it, would no longer compute: ${check.errors[0]!.message}.`,
        [{ field: 'body.formula', message: `breaks ${other.id}` }],
      );
    }
  }
}

export async function removeCustomColumn(
  db: CatalogDb,
  advertiserId: string,
  columnId: string,
  actor: Actor,
): Promise<void> {
  await db.transaction(async (tx) => {
    const columns = await listCustomColumns(tx, advertiserId);
    const column = columns.find((c) => c.column_id === columnId);
    if (!column) throw notFound('Custom column', columnId);
    const users = columns.filter((c) => c.column_id !== columnId && mentions(c.formula, columnId));
    if (users.length > 0) {
      throw new AppError(
        'conflict',
        `${users.map((u) => `${u.name} (${u.column_id})`).join(', ')} ${users.length === 1 ? 'uses' : 'use'} this column; change or delete ${users.length === 1 ? 'it' : 'them'} first.`,
        users.map((u) => ({ field: u.column_id, message: 'uses this column' })),
      );
    }
    // A template that names the column would stop running; the team decides what replaces it there.
    const templates = await templatesUsing(tx, advertiserId, columnId);
    if (templates.length > 0) {
      throw new AppError(
        'conflict',
        `The report template${templates.length === 1 ? '' : 's'} ${templates.map((t) => `"${t.name}"`).join(', ')} ${templates.length === 1 ? 'uses' : 'use'} this column; remove it from ${templates.length === 1 ? 'that template' : 'them'} or delete ${templates.length === 1 ? 'it' : 'them'} first.`,
        templates.map((t) => ({ field: t.template_id, message: 'uses this column' })),
      );
    }
    await deleteCustomColumn(tx, advertiserId, columnId);
    await audit(tx, actor, {
      action: 'custom_column.delete',
      targetType: 'custom_column',
      targetId: columnId,
      advertiserId,
      before: stored(column),
    });
  });
}

/** Whether a formula names the id (ids are letters, digits and underscores; formulas have no strings). */
const mentions = (formula: string, id: string): boolean =>
  new RegExp(`(?<![A-Za-z0-9_])${id}(?![A-Za-z0-9_])`).test(formula);

const stored = (c: CustomColumn) => ({
  name: c.name,
  formula: c.formula,
  format: c.format,
  description: c.description,
});

/**
 * The advertiser's columns in the form the planner reads, when any of `names` (metric ids, or texts such
 * as "cc_x>2" that start with one) may name a custom column; none otherwise, without asking the catalog.
 */
export async function customColumnsFor(
  db: Queryable,
  advertiserId: string,
  names: readonly string[],
): Promise<CustomColumnDef[]> {
  if (!names.some((name) => isCustomColumnId(name.trim()))) return [];
  return defs(await listCustomColumns(db, advertiserId));
}

/** The advertiser's custom columns as entries of the metric list (GET /api/v1/metrics?advertiser_id=…). */
export async function customColumnMetricInfos(db: Queryable, advertiserId: string): Promise<MetricInfo[]> {
  const columns = await listCustomColumns(db, advertiserId);
  return columns.map((c) => {
    const check = checkFormula(c.formula, { columns: defs(columns), self: c.column_id });
    return {
      id: c.column_id,
      label: c.name,
      format: c.format === 'number' ? 'decimal' : c.format,
      act: check.ok ? check.act : 'conversion',
      better: 'neutral',
      kind: 'custom',
      description: c.description || `Custom column: ${c.formula}`,
      formula: c.formula,
    };
  });
}

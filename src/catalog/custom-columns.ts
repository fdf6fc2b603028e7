// Custom columns in the catalog: an advertiser's own formulas, shared by its team. This module stores
// them; checking a formula is the formula language's job (src/metrics/formula.ts).
import { AppError } from '../core/errors.ts';
import type { Queryable } from './db.ts';

export type CustomColumnFormat = 'money' | 'percent' | 'number';

export interface CustomColumn {
  column_id: string;
  advertiser_id: string;
  name: string;
  formula: string;
  format: CustomColumnFormat;
  description: string;
  created_by: string;
  created_at: string;
  modified_by: string;
  modified_at: string;
}

export interface CustomColumnInput {
  name: string;
  formula: string;
  format: CustomColumnFormat;
  description: string;
}

type Row = Omit<CustomColumn, 'created_at' | 'modified_at'> & { created_at: Date; modified_at: Date };

const toColumn = (row: Row): CustomColumn => ({
  ...row,
  created_at: row.created_at.toISOString(),
  modified_at: row.modified_at.toISOString(),
});

const ID_SLUG_LENGTH = 40;

/** "cc_" and the name in lower-case letters, digits and underscores ("Cost per ATC" → cc_cost_per_atc). */
export function customColumnId(name: string, taken: ReadonlySet<string>): string {
  const slug =
    name
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '_')
      .slice(0, ID_SLUG_LENGTH)
      .replace(/^_+|_+$/g, '') || 'column';
  let id = `cc_${slug}`;
  for (let n = 2; taken.has(id); n++) id = `cc_${slug}_${n}`;
  return id;
}

export async function listCustomColumns(db: Queryable, advertiserId: string): Promise<CustomColumn[]> {
  const rows = await db.query<Row>(
    'select * from custom_columns where advertiser_id = $1 order by lower(name), column_id',
    [advertiserId],
  );
  return rows.map(toColumn);
}

export async function getCustomColumn(
  db: Queryable,
  advertiserId: string,
  columnId: string,
): Promise<CustomColumn | null> {
  const [row] = await db.query<Row>(
    'select * from custom_columns where advertiser_id = $1 and column_id = $2',
    [advertiserId, columnId],
  );
  return row ? toColumn(row) : null;
}

async function refuseTakenName(db: Queryable, advertiserId: string, name: string, except?: string) {
  const [clash] = await db.query<{ column_id: string }>(
    'select column_id from custom_columns where advertiser_id = $1 and lower(name) = lower($2) and column_id <> $3',
    [advertiserId, name, except ?? ''],
  );
  if (clash) {
    throw new AppError(
      'conflict',
      `This advertiser already has a custom column named "${name}" (${clash.column_id}); choose another name.`,
      [{ field: 'body.name', message: 'is taken' }],
    );
  }
}

/** Stores a new column under an id made from its name; returns it. */
export async function insertCustomColumn(
  db: Queryable,
  advertiserId: string,
  input: CustomColumnInput,
  by: string,
): Promise<CustomColumn> {
  await refuseTakenName(db, advertiserId, input.name);
  const taken = await db.query<{ column_id: string }>(
    'select column_id from custom_columns where advertiser_id = $1',
    [advertiserId],
  );
  const id = customColumnId(input.name, new Set(taken.map((r) => r.column_id)));
  try {
    const [row] = await db.query<Row>(
      `insert into custom_columns (advertiser_id, column_id, name, formula, format, description, created_by, modified_by)
       values ($1, $2, $3, $4, $5, $6, $7, $7) returning *`,
      [advertiserId, id, input.name, input.formula, input.format, input.description, by],
    );
    return toColumn(row!);
  } catch (error) {
    // Someone created a column with this name or id at the same moment.
    if ((error as { code?: string }).code === '23505')
      throw new AppError(
        'conflict',
        `A custom column named "${input.name}" was just created; reload and retry.`,
      );
    throw error;
  }
}

/** Changes the given fields; returns the column as it is now, or null when there is no such column. */
export async function updateCustomColumn(
  db: Queryable,
  advertiserId: string,
  columnId: string,
  patch: Partial<CustomColumnInput>,
  by: string,
): Promise<CustomColumn | null> {
  if (patch.name !== undefined) await refuseTakenName(db, advertiserId, patch.name, columnId);
  const [row] = await db.query<Row>(
    `update custom_columns set
       name = coalesce($3, name), formula = coalesce($4, formula), format = coalesce($5, format),
       description = coalesce($6, description), modified_by = $7, modified_at = now()
     where advertiser_id = $1 and column_id = $2 returning *`,
    [
      advertiserId,
      columnId,
      patch.name ?? null,
      patch.formula ?? null,
      patch.format ?? null,
      patch.description ?? null,
      by,
    ],
  );
  return row ? toColumn(row) : null;
}

export async function deleteCustomColumn(
  db: Queryable,
  advertiserId: string,
  columnId: string,
): Promise<boolean> {
  const rows = await db.query(
    'delete from custom_columns where advertiser_id = $1 and column_id = $2 returning column_id',
    [advertiserId, columnId],
  );
  return rows.length > 0;
}

/** The columns of these advertisers, to carry over to the one replacing them (a re-seeded sandbox). */
export async function customColumnsOf(db: Queryable, advertiserIds: string[]): Promise<CustomColumn[]> {
  const rows = await db.query<Row>('select * from custom_columns where advertiser_id = any($1)', [
    advertiserIds,
  ]);
  return rows.map(toColumn);
}

/** Stores columns read by customColumnsOf under `advertiserId`, as they were; an id or name taken is skipped. */
export async function restoreCustomColumns(
  db: Queryable,
  advertiserId: string,
  columns: CustomColumn[],
): Promise<void> {
  for (const c of columns) {
    await db.query(
      `insert into custom_columns (advertiser_id, column_id, name, formula, format, description, created_by,
         created_at, modified_by, modified_at) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) on conflict do nothing`,
      [
        advertiserId,
        c.column_id,
        c.name,
        c.formula,
        c.format,
        c.description,
        c.created_by,
        c.created_at,
        c.modified_by,
        c.modified_at,
      ],
    );
  }
}

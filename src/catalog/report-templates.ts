// Report templates in the catalog: saved report definitions shared by an advertiser's team. This module
// stores them; checking a definition against the metrics and custom columns is src/reports/templates.ts'.
import { randomBytes } from 'node:crypto';
import { AppError } from '../core/errors.ts';
import { ReportDefinition, type ReportTemplate } from '../shared/reports-api.ts';
import type { Queryable } from './db.ts';

export type { ReportTemplate };

interface Row {
  template_id: string;
  advertiser_id: string;
  name: string;
  builtin: boolean;
  definition: unknown;
  created_by: string;
  created_at: Date;
  modified_by: string;
  modified_at: Date;
}

export interface TemplateInput {
  name: string;
  definition: ReportDefinition;
  builtin?: boolean;
}

// Stored definitions are read through the schema, so fields added later get their defaults.
const toTemplate = (row: Row): ReportTemplate => ({
  ...row,
  definition: ReportDefinition.parse(
    typeof row.definition === 'string' ? JSON.parse(row.definition) : row.definition,
  ),
  created_at: row.created_at.toISOString(),
  modified_at: row.modified_at.toISOString(),
});

/** Random rather than from the name: a template keeps its id, and links to it, when renamed. */
export const newTemplateId = (): string => `rt_${randomBytes(8).toString('hex')}`;

export async function listReportTemplates(db: Queryable, advertiserId: string): Promise<ReportTemplate[]> {
  const rows = await db.query<Row>(
    'select * from report_templates where advertiser_id = $1 order by lower(name), template_id',
    [advertiserId],
  );
  return rows.map(toTemplate);
}

export async function getReportTemplate(
  db: Queryable,
  advertiserId: string,
  templateId: string,
): Promise<ReportTemplate | null> {
  const [row] = await db.query<Row>(
    'select * from report_templates where advertiser_id = $1 and template_id = $2',
    [advertiserId, templateId],
  );
  return row ? toTemplate(row) : null;
}

/** The template named `name` (case-insensitive), or null. */
export async function findReportTemplateByName(
  db: Queryable,
  advertiserId: string,
  name: string,
): Promise<ReportTemplate | null> {
  const [row] = await db.query<Row>(
    'select * from report_templates where advertiser_id = $1 and lower(name) = lower($2)',
    [advertiserId, name.trim()],
  );
  return row ? toTemplate(row) : null;
}

export async function refuseTakenTemplateName(
  db: Queryable,
  advertiserId: string,
  name: string,
  field: string,
  except = '',
): Promise<void> {
  const clash = await findReportTemplateByName(db, advertiserId, name);
  if (clash && clash.template_id !== except) {
    throw new AppError(
      'conflict',
      `This advertiser already has a report template named "${clash.name}" (${clash.template_id}); choose another name, or rename or delete that one.`,
      [{ field, message: 'is taken' }],
    );
  }
}

export async function insertReportTemplate(
  db: Queryable,
  advertiserId: string,
  input: TemplateInput,
  by: string,
  field = 'body.name',
): Promise<ReportTemplate> {
  await refuseTakenTemplateName(db, advertiserId, input.name, field);
  try {
    const [row] = await db.query<Row>(
      `insert into report_templates (template_id, advertiser_id, name, builtin, definition, created_by, modified_by)
       values ($1, $2, $3, $4, $5, $6, $6) returning *`,
      [
        newTemplateId(),
        advertiserId,
        input.name,
        input.builtin ?? false,
        JSON.stringify(input.definition),
        by,
      ],
    );
    return toTemplate(row!);
  } catch (error) {
    // Someone saved a template with this name at the same moment.
    if ((error as { code?: string }).code === '23505')
      throw new AppError(
        'conflict',
        `A report template named "${input.name}" was just created; reload and choose another name.`,
        [{ field, message: 'is taken' }],
      );
    throw error;
  }
}

/** Changes the name and/or the definition; returns the template as it is now, or null if there is none. */
export async function updateReportTemplate(
  db: Queryable,
  advertiserId: string,
  templateId: string,
  patch: { name?: string; definition?: ReportDefinition },
  by: string,
): Promise<ReportTemplate | null> {
  if (patch.name !== undefined)
    await refuseTakenTemplateName(db, advertiserId, patch.name, 'body.name', templateId);
  const [row] = await db.query<Row>(
    `update report_templates set
       name = coalesce($3, name), definition = coalesce($4::jsonb, definition),
       modified_by = $5, modified_at = now()
     where advertiser_id = $1 and template_id = $2 returning *`,
    [
      advertiserId,
      templateId,
      patch.name ?? null,
      patch.definition ? JSON.stringify(patch.definition) : null,
      by,
    ],
  );
  return row ? toTemplate(row) : null;
}

export async function deleteReportTemplate(
  db: Queryable,
  advertiserId: string,
  templateId: string,
): Promise<boolean> {
  const rows = await db.query(
    'delete from report_templates where advertiser_id = $1 and template_id = $2 returning template_id',
    [advertiserId, templateId],
  );
  return rows.length > 0;
}

/** The keys of the built-in templates this advertiser has been given (whether it still has them or not). */
export async function seededBuiltins(db: Queryable, advertiserId: string): Promise<Set<string>> {
  const rows = await db.query<{ builtin_key: string }>(
    'select builtin_key from builtin_template_seeds where advertiser_id = $1',
    [advertiserId],
  );
  return new Set(rows.map((r) => r.builtin_key));
}

export async function markBuiltinSeeded(db: Queryable, advertiserId: string, key: string): Promise<void> {
  await db.query(
    'insert into builtin_template_seeds (advertiser_id, builtin_key) values ($1, $2) on conflict do nothing',
    [advertiserId, key],
  );
}

export interface StoredTemplates {
  templates: ReportTemplate[];
  seeds: { advertiser_id: string; builtin_key: string }[];
}

/** The templates of these advertisers, to carry over to the one replacing them (a re-seeded sandbox). */
export async function reportTemplatesOf(db: Queryable, advertiserIds: string[]): Promise<StoredTemplates> {
  const rows = await db.query<Row>('select * from report_templates where advertiser_id = any($1)', [
    advertiserIds,
  ]);
  const seeds = await db.query<{ advertiser_id: string; builtin_key: string }>(
    'select advertiser_id, builtin_key from builtin_template_seeds where advertiser_id = any($1)',
    [advertiserIds],
  );
  return { templates: rows.map(toTemplate), seeds };
}

/** Stores what reportTemplatesOf read under `advertiserId`, as it was; a name taken is skipped. */
export async function restoreReportTemplates(
  db: Queryable,
  advertiserId: string,
  stored: StoredTemplates,
): Promise<void> {
  for (const t of stored.templates) {
    await db.query(
      `insert into report_templates (template_id, advertiser_id, name, builtin, definition, created_by, created_at,
         modified_by, modified_at) values ($1, $2, $3, $4, $5, $6, $7, $8, $9) on conflict do nothing`,
      [
        t.template_id,
        advertiserId,
        t.name,
        t.builtin,
        JSON.stringify(t.definition),
        t.created_by,
        t.created_at,
        t.modified_by,
        t.modified_at,
      ],
    );
  }
  for (const seed of stored.seeds) await markBuiltinSeeded(db, advertiserId, seed.builtin_key);
}

// Templates as files (F4.3): exported with every custom column they use, so they can live in version
// control and move between installations; imported whole or not at all. Built-in templates are seeded
// through the same path, except that they never refuse: a column id the team already uses for another
// formula gets a suffixed id instead.
import { type Actor, SYSTEM_ACTOR, audit } from '../access/audit.ts';
import { type CustomColumn, listCustomColumns, restoreCustomColumns } from '../catalog/custom-columns.ts';
import type { CatalogDb, Queryable } from '../catalog/db.ts';
import {
  type ReportTemplate,
  findReportTemplateByName,
  getReportTemplate,
  seededBuiltins,
} from '../catalog/report-templates.ts';
import { AppError, type ErrorDetail, notFound } from '../core/errors.ts';
import { checkFormula, type CustomColumnDef } from '../metrics/formula.ts';
import type { ReportDefinition, TemplateFile } from '../shared/reports-api.ts';
import { BUILTIN_TEMPLATES, type BuiltinTemplate } from './builtin-templates.ts';
import { definitionProblems, insertCheckedTemplate } from './templates.ts';

type FileColumn = TemplateFile['custom_columns'][number];

const COLUMN_ID = /^cc_[a-z0-9_]+$/;
const ID_TOKEN = /(?<![A-Za-z0-9_])cc_[a-z0-9_]+(?![A-Za-z0-9_])/g;

/** Custom column ids a formula names (formulas have no strings, so every such token is a reference). */
const referencedIds = (formula: string): string[] => formula.match(ID_TOKEN) ?? [];

/** Spacing does not change what a formula computes; anything else does. */
const sameFormula = (a: string, b: string): boolean => a.replace(/\s+/g, '') === b.replace(/\s+/g, '');

const defs = (columns: readonly (CustomColumn | (FileColumn & { column_id: string }))[]): CustomColumnDef[] =>
  columns.map((c) => ({ id: c.column_id, name: c.name, formula: c.formula, format: c.format }));

/** Custom column ids the definition uses itself (metrics and metric filters). */
function definitionColumnIds(definition: ReportDefinition): string[] {
  const ids = [
    ...definition.metrics,
    ...definition.filters.flatMap((f) => ('metric' in f ? [f.metric] : [])),
  ];
  return ids.filter((id) => COLUMN_ID.test(id));
}

/** A template as a file, with the custom columns it uses and those they use, dependencies first. */
export async function exportTemplateFile(
  db: Queryable,
  advertiserId: string,
  templateId: string,
): Promise<TemplateFile> {
  const template = await getReportTemplate(db, advertiserId, templateId);
  if (!template) throw notFound('Report template', templateId);
  return templateToFile(template, await listCustomColumns(db, advertiserId));
}

export function templateToFile(template: ReportTemplate, columns: readonly CustomColumn[]): TemplateFile {
  const byId = new Map(columns.map((c) => [c.column_id, c]));
  const ordered: CustomColumn[] = [];
  const visited = new Set<string>();
  const visit = (id: string): void => {
    const column = byId.get(id);
    if (!column || visited.has(id)) return;
    visited.add(id);
    for (const ref of referencedIds(column.formula)) visit(ref);
    ordered.push(column);
  };
  definitionColumnIds(template.definition).forEach(visit);
  return {
    format: 'adcockpit.report-template',
    version: 1,
    name: template.name,
    definition: template.definition,
    custom_columns: ordered.map((c) => ({
      id: c.column_id,
      name: c.name,
      formula: c.formula,
      format: c.format,
      description: c.description,
    })),
  };
}

export interface ImportPlan {
  /** Columns of the file the advertiser lacks, to create. */
  create: FileColumn[];
  /** Ids of the file's columns the advertiser already has with the same formula. */
  reuse: string[];
}

/**
 * Checks a whole file against the advertiser before anything is written. Every problem is collected, each
 * at its field under `prefix` (formulas with position and length); none means the import can proceed.
 */
export async function planTemplateImport(
  db: Queryable,
  advertiserId: string,
  file: TemplateFile,
  prefix: string,
): Promise<{ plan: ImportPlan; problems: ErrorDetail[]; conflicts: ErrorDetail[] }> {
  const field = (path: string) => (prefix ? `${prefix}.${path}` : path);
  const existing = await listCustomColumns(db, advertiserId);
  const byId = new Map(existing.map((c) => [c.column_id, c]));
  const problems: ErrorDetail[] = [];
  const conflicts: ErrorDetail[] = [];
  const plan: ImportPlan = { create: [], reuse: [] };
  const fileIds = new Set<string>();

  file.custom_columns.forEach((column, i) => {
    const at = `custom_columns[${i}]`;
    if (!COLUMN_ID.test(column.id)) {
      problems.push({
        field: field(`${at}.id`),
        message: `"${column.id}" is not a custom column id: "cc_" and lower-case letters, digits or underscores`,
      });
      return;
    }
    if (fileIds.has(column.id)) {
      problems.push({ field: field(`${at}.id`), message: `"${column.id}" is listed twice` });
      return;
    }
    fileIds.add(column.id);
    const mine = byId.get(column.id);
    if (mine) {
      if (sameFormula(mine.formula, column.formula)) plan.reuse.push(column.id);
      else
        conflicts.push({
          field: field(`${at}.formula`),
          message: `this advertiser's ${column.id} ("${mine.name}") computes ${mine.formula}, not ${column.formula}; give the file's column another id (and use that id in the template), or change the existing column`,
        });
      return;
    }
    const sameName = existing.find((c) => c.name.toLowerCase() === column.name.trim().toLowerCase());
    if (sameName) {
      conflicts.push({
        field: field(`${at}.name`),
        message: `this advertiser already has a custom column named "${sameName.name}" (${sameName.column_id}); rename the file's column`,
      });
    }
    if (column.name.trim().length === 0 || column.name.length > 100)
      problems.push({ field: field(`${at}.name`), message: 'must be 1 to 100 characters' });
    plan.create.push(column);
  });

  // New columns are checked together with the advertiser's, as they will be stored.
  const all = defs([
    ...existing,
    ...plan.create.filter((c) => COLUMN_ID.test(c.id)).map((c) => ({ ...c, column_id: c.id })),
  ]);
  file.custom_columns.forEach((column, i) => {
    if (!plan.create.includes(column)) return;
    const check = checkFormula(column.formula, { columns: all, self: column.id });
    if (!check.ok) {
      for (const e of check.errors)
        problems.push({
          field: field(`custom_columns[${i}].formula`),
          message: e.message,
          position: e.position,
          length: e.length,
        });
    }
  });

  const known = new Set([...byId.keys(), ...fileIds]);
  problems.push(...definitionProblems(file.definition, known, field('definition')));
  const taken = await findReportTemplateByName(db, advertiserId, file.name);
  if (taken) {
    conflicts.push({
      field: field('name'),
      message: `this advertiser already has a report template named "${taken.name}" (${taken.template_id}); change "name" in the file, or rename or delete that template`,
    });
  }
  return { plan, problems, conflicts };
}

function importError(problems: ErrorDetail[], conflicts: ErrorDetail[]): AppError {
  const all = [...problems, ...conflicts];
  const list = all.map((p) => `${p.field}: ${p.message}`).join('; ');
  if (problems.length > 0) {
    const formula = problems.every((p) => p.position !== undefined);
    return new AppError(
      formula ? 'invalid_formula' : 'validation_failed',
      `The template file was not imported; nothing was written. ${list}.`,
      all,
    );
  }
  return new AppError('conflict', `The template file was not imported; nothing was written. ${list}.`, all);
}

/** Stores file columns under their own ids, with an audit row each. */
async function createColumns(
  tx: Queryable,
  advertiserId: string,
  columns: FileColumn[],
  actor: Actor,
): Promise<void> {
  const now = new Date().toISOString();
  await restoreCustomColumns(
    tx,
    advertiserId,
    columns.map((c) => ({
      column_id: c.id,
      advertiser_id: advertiserId,
      name: c.name.trim(),
      formula: c.formula,
      format: c.format,
      description: c.description,
      created_by: actor.label,
      created_at: now,
      modified_by: actor.label,
      modified_at: now,
    })),
  );
  for (const c of columns) {
    await audit(tx, actor, {
      action: 'custom_column.create',
      targetType: 'custom_column',
      targetId: c.id,
      advertiserId,
      after: { name: c.name.trim(), formula: c.formula, format: c.format, description: c.description },
    });
  }
}

export interface ImportResult {
  template: ReportTemplate;
  created_columns: string[];
  reused_columns: string[];
}

/**
 * Imports a template file: checks all of it first, then in one transaction creates the custom columns
 * the advertiser lacks and the template. Refused, with nothing written, when a column id is taken by a
 * different formula or the template's name is taken.
 */
export async function importTemplateFile(
  db: CatalogDb,
  advertiserId: string,
  file: TemplateFile,
  actor: Actor,
  prefix = '',
): Promise<ImportResult> {
  return db.transaction(async (tx) => {
    const { plan, problems, conflicts } = await planTemplateImport(tx, advertiserId, file, prefix);
    if (problems.length > 0 || conflicts.length > 0) throw importError(problems, conflicts);
    await createColumns(tx, advertiserId, plan.create, actor);
    const field = (path: string) => (prefix ? `${prefix}.${path}` : path);
    const template = await insertCheckedTemplate(
      tx,
      advertiserId,
      { name: file.name, definition: file.definition },
      actor,
      { name: field('name'), definition: field('definition') },
      { imported: true },
    );
    return {
      template,
      created_columns: plan.create.map((c) => c.id),
      reused_columns: plan.reuse,
    };
  });
}

const replaceIds = (text: string, ids: ReadonlyMap<string, string>): string =>
  text.replace(ID_TOKEN, (id) => ids.get(id) ?? id);

function renameInDefinition(d: ReportDefinition, ids: ReadonlyMap<string, string>): ReportDefinition {
  const rename = (id: string) => ids.get(id) ?? id;
  return {
    ...d,
    metrics: d.metrics.map(rename),
    filters: d.filters.map((f) => ('metric' in f ? { ...f, metric: rename(f.metric) } : f)),
    ...(d.sort ? { sort: { ...d.sort, by: rename(d.sort.by) } } : {}),
    chart: d.chart.metric ? { ...d.chart, metric: rename(d.chart.metric) } : d.chart,
  };
}

/**
 * A built-in's columns fitted to the advertiser's: an identical column (by id, or by name) is reused; an id
 * or a name the team uses for something else gets a suffix, so the team's column is never touched.
 */
function fitBuiltin(builtin: BuiltinTemplate, existing: readonly CustomColumn[]) {
  const ids = new Set(existing.map((c) => c.column_id));
  const names = new Set(existing.map((c) => c.name.toLowerCase()));
  const renamed = new Map<string, string>();
  const create: FileColumn[] = [];
  for (const column of builtin.file.custom_columns) {
    const formula = replaceIds(column.formula, renamed);
    const same =
      existing.find((c) => c.column_id === column.id && sameFormula(c.formula, formula)) ??
      existing.find(
        (c) => c.name.toLowerCase() === column.name.toLowerCase() && sameFormula(c.formula, formula),
      );
    if (same) {
      if (same.column_id !== column.id) renamed.set(column.id, same.column_id);
      continue;
    }
    let id = column.id;
    for (let n = 2; ids.has(id); n++) id = `${column.id}_${n}`;
    let name = column.name;
    for (let n = 2; names.has(name.toLowerCase()); n++) name = `${column.name} (${n})`;
    if (id !== column.id) renamed.set(column.id, id);
    ids.add(id);
    names.add(name.toLowerCase());
    create.push({ ...column, id, name, formula });
  }
  return { create, definition: renameInDefinition(builtin.file.definition, renamed) };
}

/**
 * Gives the advertiser the built-in templates it has not been given yet, with the custom columns they
 * need. Each is given once: one the team deleted or renamed is not given again. A name the team already
 * uses for a template of its own is left to it. Runs in the caller's transaction.
 */
export async function ensureBuiltinTemplates(
  tx: Queryable,
  advertiserId: string,
  actor: Actor = SYSTEM_ACTOR,
): Promise<ReportTemplate[]> {
  const given = await seededBuiltins(tx, advertiserId);
  const created: ReportTemplate[] = [];
  for (const builtin of BUILTIN_TEMPLATES) {
    if (given.has(builtin.key)) continue;
    // The claim comes first: a second process seeding at the same moment waits here, then skips it.
    const [claimed] = await tx.query(
      `insert into builtin_template_seeds (advertiser_id, builtin_key) values ($1, $2)
       on conflict do nothing returning builtin_key`,
      [advertiserId, builtin.key],
    );
    if (!claimed) continue;
    if (await findReportTemplateByName(tx, advertiserId, builtin.file.name)) continue;
    const { create, definition } = fitBuiltin(builtin, await listCustomColumns(tx, advertiserId));
    await createColumns(tx, advertiserId, create, actor);
    created.push(
      await insertCheckedTemplate(
        tx,
        advertiserId,
        { name: builtin.file.name, definition, builtin: true },
        actor,
        { name: 'name', definition: `builtin.${builtin.key}` },
      ),
    );
  }
  return created;
}

/** At start-up: every advertiser gets the built-ins it lacks (data directories older than templates). */
export async function ensureBuiltinTemplatesForAll(db: CatalogDb): Promise<void> {
  // One query finds who lacks any, so an up-to-date catalog costs a single round trip.
  const lacking = await db.query<{ advertiser_id: string }>(
    `select a.advertiser_id from advertisers a where exists (
       select 1 from unnest($1::text[]) as k(key) where not exists (
         select 1 from builtin_template_seeds s where s.advertiser_id = a.advertiser_id and s.builtin_key = k.key))`,
    [BUILTIN_TEMPLATES.map((b) => b.key)],
  );
  for (const { advertiser_id } of lacking)
    await db.transaction((tx) => ensureBuiltinTemplates(tx, advertiser_id));
}

// Report templates as a team resource: every write checks the definition against the metric catalog and
// the advertiser's custom columns (so a saved template always runs), runs in one transaction with its
// audit row, and names are unique per advertiser whatever their case.
import { type Actor, audit } from '../access/audit.ts';
import type { CatalogDb, Queryable } from '../catalog/db.ts';
import { listCustomColumns } from '../catalog/custom-columns.ts';
import {
  type ReportTemplate,
  deleteReportTemplate,
  findReportTemplateByName,
  getReportTemplate,
  insertReportTemplate,
  listReportTemplates,
  updateReportTemplate,
} from '../catalog/report-templates.ts';
import { type DateRange, previousPeriod, resolvePreset } from '../core/dates.ts';
import { AppError, type ErrorDetail, notFound } from '../core/errors.ts';
import { findMetric } from '../metrics/catalog.ts';
import type {
  ReportDefinition,
  ReportQueryRequest,
  ReportTemplateCreate,
  ReportTemplateUpdate,
} from '../shared/reports-api.ts';

/**
 * Everything wrong with a definition, each at its field (`prefix` + path): metrics that are neither in the
 * catalog nor among `columnIds`, and sort, chart, pivot or dates that do not fit the rest of it.
 */
export function definitionProblems(
  definition: ReportDefinition,
  columnIds: ReadonlySet<string>,
  prefix: string,
): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  const at = (path: string, message: string) => problems.push({ field: `${prefix}.${path}`, message });
  const known = (id: string) => findMetric(id) !== undefined || columnIds.has(id);
  const unknown = (id: string) =>
    id.startsWith('cc_')
      ? `"${id}" is not a custom column of this advertiser; create it first or import a template file that carries it`
      : `"${id}" is not a metric; see GET /api/v1/metrics`;
  const seen = new Set<string>();
  definition.metrics.forEach((id, i) => {
    if (!known(id)) at(`metrics[${i}]`, unknown(id));
    else if (seen.has(id)) at(`metrics[${i}]`, `"${id}" is listed twice`);
    seen.add(id);
  });
  const dims = new Set<string>();
  definition.dimensions.forEach((d, i) => {
    if (dims.has(d)) at(`dimensions[${i}]`, `"${d}" is listed twice`);
    dims.add(d);
  });
  definition.filters.forEach((filter, i) => {
    if ('metric' in filter && !known(filter.metric)) at(`filters[${i}].metric`, unknown(filter.metric));
  });
  const sortBy = definition.sort?.by;
  if (sortBy !== undefined && !seen.has(sortBy) && !dims.has(sortBy))
    at('sort.by', `"${sortBy}" is neither one of the metrics nor one of the dimensions`);
  const chartMetric = definition.chart.metric;
  if (chartMetric !== undefined && !seen.has(chartMetric))
    at('chart.metric', `"${chartMetric}" is not one of the metrics`);
  if (definition.pivot !== null && !dims.has(definition.pivot))
    at('pivot', `"${definition.pivot}" is not one of the dimensions`);
  if ('from' in definition.dates && definition.dates.from > definition.dates.to)
    at('dates.from', `starts (${definition.dates.from}) after it ends (${definition.dates.to})`);
  return problems;
}

export function definitionError(problems: ErrorDetail[], what = 'The report definition'): AppError {
  const code = problems.every((p) => p.message.includes('is not a')) ? 'unknown_metric' : 'validation_failed';
  return new AppError(
    code,
    `${what} has ${problems.length === 1 ? 'a problem' : `${problems.length} problems`}: ${problems
      .map((p) => `${p.field} ${p.message}`)
      .join('; ')}.`,
    problems,
  );
}

async function checkDefinition(
  db: Queryable,
  advertiserId: string,
  definition: ReportDefinition,
  prefix: string,
): Promise<void> {
  const columns = await listCustomColumns(db, advertiserId);
  const problems = definitionProblems(definition, new Set(columns.map((c) => c.column_id)), prefix);
  if (problems.length > 0) throw definitionError(problems);
}

const stored = (t: ReportTemplate) => ({ name: t.name, builtin: t.builtin, definition: t.definition });

/** Stores a checked template with its audit row; the caller holds the transaction. */
export async function insertCheckedTemplate(
  tx: Queryable,
  advertiserId: string,
  input: { name: string; definition: ReportDefinition; builtin?: boolean },
  actor: Actor,
  fields: { name: string; definition: string } = { name: 'body.name', definition: 'body.definition' },
  auditExtra: Record<string, unknown> = {},
): Promise<ReportTemplate> {
  await checkDefinition(tx, advertiserId, input.definition, fields.definition);
  const template = await insertReportTemplate(tx, advertiserId, input, actor.label, fields.name);
  await audit(tx, actor, {
    action: 'report_template.create',
    targetType: 'report_template',
    targetId: template.template_id,
    advertiserId,
    after: { ...stored(template), ...auditExtra },
  });
  return template;
}

export async function createReportTemplate(
  db: CatalogDb,
  advertiserId: string,
  input: ReportTemplateCreate,
  actor: Actor,
): Promise<ReportTemplate> {
  return db.transaction((tx) => insertCheckedTemplate(tx, advertiserId, input, actor));
}

export async function changeReportTemplate(
  db: CatalogDb,
  advertiserId: string,
  templateId: string,
  patch: ReportTemplateUpdate,
  actor: Actor,
): Promise<ReportTemplate> {
  return db.transaction(async (tx) => {
    const before = await getReportTemplate(tx, advertiserId, templateId);
    if (!before) throw notFound('Report template', templateId);
    if (patch.definition) await checkDefinition(tx, advertiserId, patch.definition, 'body.definition');
    const after = (await updateReportTemplate(tx, advertiserId, templateId, patch, actor.label))!;
    await audit(tx, actor, {
      action: 'report_template.update',
      targetType: 'report_template',
      targetId: templateId,
      advertiserId,
      before: stored(before),
      after: stored(after),
    });
    return after;
  });
}

export async function removeReportTemplate(
  db: CatalogDb,
  advertiserId: string,
  templateId: string,
  actor: Actor,
): Promise<void> {
  await db.transaction(async (tx) => {
    const template = await getReportTemplate(tx, advertiserId, templateId);
    if (!template) throw notFound('Report template', templateId);
    await deleteReportTemplate(tx, advertiserId, templateId);
    await audit(tx, actor, {
      action: 'report_template.delete',
      targetType: 'report_template',
      targetId: templateId,
      advertiserId,
      before: stored(template),
    });
  });
}

/** "Name (copy)", or "Name (copy 2)", … : the first not taken. */
async function copyName(db: Queryable, advertiserId: string, name: string): Promise<string> {
  const taken = new Set((await listReportTemplates(db, advertiserId)).map((t) => t.name.toLowerCase()));
  const base = name.replace(/ \(copy(?: \d+)?\)$/, '').slice(0, 100 - ' (copy 999)'.length);
  for (let n = 1; ; n++) {
    const candidate = `${base} (copy${n === 1 ? '' : ` ${n}`})`;
    if (!taken.has(candidate.toLowerCase())) return candidate;
  }
}

/** A copy the team can change freely (never built in); named "<name> (copy)" unless a name is given. */
export async function duplicateReportTemplate(
  db: CatalogDb,
  advertiserId: string,
  templateId: string,
  name: string | undefined,
  actor: Actor,
): Promise<ReportTemplate> {
  return db.transaction(async (tx) => {
    const source = await getReportTemplate(tx, advertiserId, templateId);
    if (!source) throw notFound('Report template', templateId);
    return insertCheckedTemplate(
      tx,
      advertiserId,
      { name: name ?? (await copyName(tx, advertiserId, source.name)), definition: source.definition },
      actor,
      undefined,
      { duplicated_from: templateId },
    );
  });
}

/** The advertiser's templates whose metrics or metric filters name the custom column. */
export async function templatesUsing(
  db: Queryable,
  advertiserId: string,
  columnId: string,
): Promise<ReportTemplate[]> {
  return (await listReportTemplates(db, advertiserId)).filter(
    ({ definition: d }) =>
      d.metrics.includes(columnId) || d.filters.some((f) => 'metric' in f && f.metric === columnId),
  );
}

/** The template with this id, or else this name (case-insensitive), as the CLI lets people say either. */
export async function findTemplate(
  db: Queryable,
  advertiserId: string,
  idOrName: string,
): Promise<ReportTemplate> {
  const template =
    (await getReportTemplate(db, advertiserId, idOrName)) ??
    (await findReportTemplateByName(db, advertiserId, idOrName));
  if (!template) {
    const names = (await listReportTemplates(db, advertiserId)).map((t) => `"${t.name}"`);
    throw new AppError(
      'not_found',
      `This advertiser has no report template "${idOrName}"${names.length ? `; it has ${names.join(', ')}` : ''}.`,
      [{ field: 'template', message: 'unknown template' }],
    );
  }
  return template;
}

/** A template's dates on the advertiser's `today`: its preset resolved, or its fixed dates. */
export function templateRange(definition: ReportDefinition, today: string): DateRange {
  const dates = definition.dates;
  return 'preset' in dates ? resolvePreset(dates.preset, today) : { from: dates.from, to: dates.to };
}

/** The query a template runs: its shape, its dates (or `range`), and the previous period if it compares. */
export function templateQuery(
  template: Pick<ReportTemplate, 'advertiser_id' | 'definition'>,
  today: string,
  range?: DateRange,
): ReportQueryRequest {
  const d = template.definition;
  const dates = range ?? templateRange(d, today);
  return {
    advertiser_id: template.advertiser_id,
    dimensions: d.dimensions,
    metrics: d.metrics,
    filters: d.filters,
    ...(d.sort ? { sort: d.sort } : {}),
    ...(d.limit !== undefined ? { limit: d.limit } : {}),
    from: dates.from,
    to: dates.to,
    ...(d.compare === 'previous_period' ? { compare: previousPeriod(dates) } : {}),
  };
}

// The JSON shapes of the Reporting tab (F4.1, F4.3, F4.5): the report query of the semantic layer, report
// templates (saved queries shared by an advertiser's team, also movable as files), and exports. Declared
// once, used by the server (validation, OpenAPI), the CLI and the web app.
import { z } from 'zod';
import { Dimension } from './api.ts';
import { CustomColumnFormat } from './custom-columns-api.ts';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD');
export const DateRange = z.object({ from: isoDate, to: isoDate });

/** Dimensions a report can break down by: the dashboard's, plus objective and creative name. */
export const ReportDimension = z.enum([...Dimension.options, 'objective', 'creative_name']);
export type ReportDimension = z.infer<typeof ReportDimension>;

/**
 * Keeps or drops rows by a dimension. For campaign, ad group and ad, `in`/`not_in` compare ids and
 * `contains` searches the name (case-insensitive); for the others they compare the value shown.
 */
export const DimensionFilter = z.object({
  dimension: ReportDimension,
  operator: z.enum(['in', 'not_in', 'contains']),
  values: z.array(z.string().max(200)).min(1).max(1000),
});
export type DimensionFilter = z.infer<typeof DimensionFilter>;

/** Keeps the rows whose metric (at the row's grain) passes; a null value never passes. */
export const MetricFilter = z.object({
  metric: z.string(),
  operator: z.enum(['gt', 'gte', 'lt', 'lte', 'eq', 'neq']),
  value: z.number().finite(),
});
export type MetricFilter = z.infer<typeof MetricFilter>;

export const ReportFilter = z.union([DimensionFilter, MetricFilter]);
export type ReportFilter = z.infer<typeof ReportFilter>;

export const ReportSort = z.object({
  /** A requested metric id or dimension. */
  by: z.string(),
  direction: z.enum(['asc', 'desc']).default('desc'),
});

/** What a report asks, without its dates: the part a template saves. */
export const ReportShape = z.object({
  dimensions: z.array(ReportDimension).max(4).default([]),
  /** Catalog metric ids and the advertiser's custom column ids (cc_…), in column order. */
  metrics: z.array(z.string()).min(1).max(60),
  filters: z.array(ReportFilter).max(20).default([]),
  sort: ReportSort.optional(),
  limit: z.number().int().min(1).max(100_000).optional(),
});
export type ReportShape = z.infer<typeof ReportShape>;

export const ReportQueryRequest = ReportShape.extend({
  advertiser_id: z.string(),
  from: isoDate,
  to: isoDate,
  /** A second range to compare with; each row gets the same row's values in that range. */
  compare: DateRange.optional(),
});
export type ReportQueryRequest = z.infer<typeof ReportQueryRequest>;

export const ColumnFormat = z.enum([
  'text',
  'date',
  'money',
  'percent',
  'count',
  'decimal',
  'seconds',
  'number',
]);
export type ColumnFormat = z.infer<typeof ColumnFormat>;

export const ReportColumn = z.object({
  /** The key in each row: a dimension, `<dimension>_name` for campaign/adgroup/ad, or a metric id. */
  id: z.string(),
  kind: z.enum(['dimension', 'metric']),
  label: z.string(),
  format: ColumnFormat,
});
export type ReportColumn = z.infer<typeof ReportColumn>;

const Cell = z.union([z.string(), z.number(), z.null()]);
const MetricValues = z.record(z.string(), z.number().nullable());

export const ReportQueryResponse = z.object({
  range: DateRange,
  currency: z.string(),
  columns: z.array(ReportColumn),
  rows: z.array(z.record(z.string(), Cell)),
  /** Of the rows that pass every filter, computed from the facts (never summed from rows). */
  totals: MetricValues,
  /** True when `limit` cut rows off; totals still cover all of them. */
  truncated: z.boolean(),
  /**
   * With `compare`: `rows[i]` is rows[i]'s metrics in the compare range (null: no such row there). Rows
   * match on their non-time dimensions; time buckets match by position (the n-th day, week or month of
   * each range; hours by their offset from the range start).
   */
  compare: z
    .object({ range: DateRange, rows: z.array(MetricValues.nullable()), totals: MetricValues })
    .optional(),
});
export type ReportQueryResponse = z.infer<typeof ReportQueryResponse>;

/** Date presets a template can keep (resolved on the advertiser's clock when it runs), or fixed dates. */
export const DatePreset = z.enum([
  'today',
  'yesterday',
  'last_7_days',
  'last_14_days',
  'last_30_days',
  'this_month',
  'last_month',
]);
export type DatePreset = z.infer<typeof DatePreset>;

export const TemplateDates = z.union([z.object({ preset: DatePreset }), DateRange]);
export type TemplateDates = z.infer<typeof TemplateDates>;

/** Everything a saved report remembers. */
export const ReportDefinition = ReportShape.extend({
  dates: TemplateDates.default({ preset: 'last_7_days' }),
  compare: z.enum(['none', 'previous_period']).default('none'),
  chart: z
    .object({ type: z.enum(['line', 'bar', 'none']), metric: z.string().optional() })
    .default({ type: 'none' }),
  /** One dimension shown as columns instead of rows. */
  pivot: ReportDimension.nullable().default(null),
});
export type ReportDefinition = z.infer<typeof ReportDefinition>;

const TemplateName = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .regex(/^[^\p{Cc}]*$/u, 'must not contain control characters');

export const ReportTemplate = z.object({
  template_id: z.string(),
  advertiser_id: z.string(),
  name: z.string(),
  /** Shipped with Adcockpit (Creative Performance, Funnel Analysis); the team may still edit or delete it. */
  builtin: z.boolean(),
  definition: ReportDefinition,
  created_by: z.string(),
  created_at: z.string(),
  modified_by: z.string(),
  modified_at: z.string(),
});
export type ReportTemplate = z.infer<typeof ReportTemplate>;

export const ReportTemplateList = z.object({ templates: z.array(ReportTemplate) });

export const ReportTemplateCreate = z.object({ name: TemplateName, definition: ReportDefinition });
export type ReportTemplateCreate = z.infer<typeof ReportTemplateCreate>;

export const ReportTemplateUpdate = z
  .object({ name: TemplateName.optional(), definition: ReportDefinition.optional() })
  .refine(
    (patch) => patch.name !== undefined || patch.definition !== undefined,
    'change the name or the definition',
  );
export type ReportTemplateUpdate = z.infer<typeof ReportTemplateUpdate>;

/**
 * A template as a file, for version control and other installations: it carries the custom columns its
 * metrics use (and those they refer to), so it runs wherever it is imported.
 */
export const TemplateFile = z.object({
  format: z.literal('adcockpit.report-template'),
  version: z.literal(1),
  name: TemplateName,
  definition: ReportDefinition,
  custom_columns: z
    .array(
      z.object({
        id: z.string(),
        name: z.string(),
        formula: z.string(),
        format: CustomColumnFormat,
        description: z.string().default(''),
      }),
    )
    .default([]),
});
export type TemplateFile = z.infer<typeof TemplateFile>;

export const ExportFormat = z.enum(['csv', 'xlsx']);
export type ExportFormat = z.infer<typeof ExportFormat>;

export const ReportExportRequest = z.object({ query: ReportQueryRequest, format: ExportFormat });
export type ReportExportRequest = z.infer<typeof ReportExportRequest>;

// Report templates on a real PGlite catalog: writes checked and audited, built-ins seeded once and never
// over a team's column, files exported with their columns and imported whole or not at all.
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, test } from 'vitest';
import type { Actor } from '../access/audit.ts';
import { insertAdvertiser } from '../catalog/advertisers.ts';
import { insertCustomColumn, listCustomColumns } from '../catalog/custom-columns.ts';
import { type CatalogDb, openPglite, openPostgres } from '../catalog/db.ts';
import { migrate } from '../catalog/migrate.ts';
import { listReportTemplates } from '../catalog/report-templates.ts';
import { AppError } from '../core/errors.ts';
import { checkFormula } from '../metrics/formula.ts';
import { ReportDefinition, TemplateFile } from '../shared/reports-api.ts';
import { BUILTIN_TEMPLATES } from './builtin-templates.ts';
import { removeCustomColumn } from './custom-columns.ts';
import {
  changeReportTemplate,
  createReportTemplate,
  duplicateReportTemplate,
  findTemplate,
  removeReportTemplate,
  templateQuery,
} from './templates.ts';
import {
  ensureBuiltinTemplates,
  ensureBuiltinTemplatesForAll,
  exportTemplateFile,
  importTemplateFile,
} from './templates-file.ts';

let db: CatalogDb;
const ana: Actor = { label: 'ana@example.com', userId: null, ip: null };
let n = 0;
let advertiserId = '';

async function newAdvertiser(): Promise<string> {
  const id = `adv_${++n}`;
  await insertAdvertiser(db, {
    advertiser_id: id,
    name: `Shop ${n}`,
    currency: 'EUR',
    timezone: 'Europe/Amsterdam',
    source: 'sandbox',
    product_value: null,
    margin: null,
  });
  return id;
}

const definition = (shape: Partial<ReportDefinition> & { metrics: string[] }) =>
  ReportDefinition.parse(shape);

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

const auditActions = async (id: string) =>
  (
    await db.query<{ action: string; target_id: string }>(
      'select action, target_id from audit_log where advertiser_id = $1 order by audit_id',
      [id],
    )
  ).map((r) => `${r.action} ${r.target_id}`);

/** The same cases on PGlite and on the throw-away PostgreSQL server, each in a schema of its own. */
const ENGINES: [string, () => Promise<CatalogDb>][] = [
  ['PGlite', () => openPglite(null)],
  ['PostgreSQL', freshPostgres],
];

let schema = '';
async function freshPostgres(): Promise<CatalogDb> {
  const url = inject('postgresUrl');
  if (!schema) {
    schema = `templates_${process.pid}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`create schema ${schema}`);
    await admin.end();
  }
  const withPath = new URL(url);
  withPath.searchParams.set('options', `-c search_path=${schema}`);
  return openPostgres(withPath.toString());
}

describe.each(ENGINES)('on %s', (engine, open) => {
  beforeAll(async () => {
    db = await open();
    await migrate(db);
  });
  afterAll(async () => db.close());
  beforeEach(async () => {
    advertiserId = await newAdvertiser();
  });

  describe('templates', () => {
    test('create, rename, redefine, duplicate and delete, each audited; names unique whatever their case', async () => {
      const t = await createReportTemplate(
        db,
        advertiserId,
        { name: 'Weekly', definition: definition({ dimensions: ['campaign'], metrics: ['spend', 'ctr'] }) },
        ana,
      );
      expect(t).toMatchObject({ name: 'Weekly', builtin: false, created_by: 'ana@example.com' });
      expect(t.template_id).toMatch(/^rt_[0-9a-f]{16}$/);
      expect(t.definition).toMatchObject({ dates: { preset: 'last_7_days' }, compare: 'none', pivot: null });

      const clash = await refusal(
        createReportTemplate(db, advertiserId, { name: 'WEEKLY', definition: t.definition }, ana),
      );
      expect(clash.code).toBe('conflict');
      expect(clash.details).toEqual([{ field: 'body.name', message: 'is taken' }]);

      const renamed = await changeReportTemplate(db, advertiserId, t.template_id, { name: 'Monday' }, ana);
      expect(renamed.name).toBe('Monday');
      expect(renamed.definition).toEqual(t.definition);
      const redefined = await changeReportTemplate(
        db,
        advertiserId,
        t.template_id,
        { definition: definition({ metrics: ['cpc'], dates: { from: '2026-03-01', to: '2026-03-31' } }) },
        ana,
      );
      expect(redefined).toMatchObject({ name: 'Monday', definition: { metrics: ['cpc'] } });

      const copy = await duplicateReportTemplate(db, advertiserId, t.template_id, undefined, ana);
      const copy2 = await duplicateReportTemplate(db, advertiserId, copy.template_id, undefined, ana);
      expect([copy.name, copy2.name]).toEqual(['Monday (copy)', 'Monday (copy 2)']);
      expect(copy.definition).toEqual(redefined.definition);
      const named = await duplicateReportTemplate(db, advertiserId, t.template_id, 'Mine', ana);
      expect(named.name).toBe('Mine');

      await removeReportTemplate(db, advertiserId, t.template_id, ana);
      expect((await listReportTemplates(db, advertiserId)).map((x) => x.name).sort()).toEqual([
        'Mine',
        'Monday (copy 2)',
        'Monday (copy)',
      ]);
      expect((await refusal(removeReportTemplate(db, advertiserId, t.template_id, ana))).code).toBe(
        'not_found',
      );
      expect(await auditActions(advertiserId)).toEqual([
        `report_template.create ${t.template_id}`,
        `report_template.update ${t.template_id}`,
        `report_template.update ${t.template_id}`,
        `report_template.create ${copy.template_id}`,
        `report_template.create ${copy2.template_id}`,
        `report_template.create ${named.template_id}`,
        `report_template.delete ${t.template_id}`,
      ]);
    });

    test('a definition is checked against the catalog and the advertiser’s columns, every problem at its field', async () => {
      const error = await refusal(
        createReportTemplate(
          db,
          advertiserId,
          {
            name: 'Broken',
            definition: definition({
              dimensions: ['ad'],
              metrics: ['spend', 'cpx', 'cc_nope', 'spend'],
              sort: { by: 'campaign', direction: 'asc' },
              chart: { type: 'line', metric: 'ctr' },
              pivot: 'day',
              dates: { from: '2026-03-10', to: '2026-03-01' },
            }),
          },
          ana,
        ),
      );
      expect(error.code).toBe('validation_failed');
      expect(error.details.map((d) => d.field)).toEqual([
        'body.definition.metrics[1]',
        'body.definition.metrics[2]',
        'body.definition.metrics[3]',
        'body.definition.sort.by',
        'body.definition.chart.metric',
        'body.definition.pivot',
        'body.definition.dates.from',
      ]);
      expect(error.details[1]!.message).toContain('not a custom column of this advertiser');
      expect(await listReportTemplates(db, advertiserId)).toEqual([]);
      expect(await auditActions(advertiserId)).toEqual([]);
    });

    test('a custom column a template uses cannot be deleted until the template no longer does', async () => {
      await insertCustomColumn(
        db,
        advertiserId,
        { name: 'Mine', formula: 'clicks * 2', format: 'number', description: '' },
        'ana@example.com',
      );
      const t = await createReportTemplate(
        db,
        advertiserId,
        {
          name: 'Uses it',
          definition: definition({
            metrics: ['spend'],
            filters: [{ metric: 'cc_mine', operator: 'gt', value: 1 }],
          }),
        },
        ana,
      );
      const error = await refusal(removeCustomColumn(db, advertiserId, 'cc_mine', ana));
      expect(error.code).toBe('conflict');
      expect(error.message).toContain('The report template "Uses it" uses this column');
      await changeReportTemplate(
        db,
        advertiserId,
        t.template_id,
        { definition: definition({ metrics: ['spend'] }) },
        ana,
      );
      await removeCustomColumn(db, advertiserId, 'cc_mine', ana);
      expect(await listCustomColumns(db, advertiserId)).toEqual([]);
    });

    test('a template runs on its preset resolved on the given today, and compares with the previous period', async () => {
      const t = await createReportTemplate(
        db,
        advertiserId,
        {
          name: 'Month',
          definition: definition({
            metrics: ['spend'],
            dates: { preset: 'last_month' },
            compare: 'previous_period',
            limit: 10,
          }),
        },
        ana,
      );
      expect(templateQuery(t, '2026-03-15')).toEqual({
        advertiser_id: advertiserId,
        dimensions: [],
        metrics: ['spend'],
        filters: [],
        limit: 10,
        from: '2026-02-01',
        to: '2026-02-28',
        compare: { from: '2026-01-04', to: '2026-01-31' },
      });
      expect(templateQuery(t, '2026-03-15', { from: '2026-01-01', to: '2026-01-02' })).toMatchObject({
        from: '2026-01-01',
        to: '2026-01-02',
        compare: { from: '2025-12-30', to: '2025-12-31' },
      });
      expect((await findTemplate(db, advertiserId, 'month')).template_id).toBe(t.template_id);
      const missing = await refusal(findTemplate(db, advertiserId, 'Weekly'));
      expect(missing.message).toContain('it has "Month"');
    });
  });

  describe('built-in templates', () => {
    test('their custom columns are formulas the checker accepts, with the format they declare', () => {
      for (const builtin of BUILTIN_TEMPLATES) {
        const columns = builtin.file.custom_columns.map((c) => ({ ...c }));
        for (const column of builtin.file.custom_columns) {
          const check = checkFormula(column.formula, { columns, self: column.id });
          expect(check.ok && check.format, column.id).toBe(column.format);
        }
      }
    });

    test('each advertiser is given both once, with their columns; a deleted one stays deleted', async () => {
      await db.transaction((tx) => ensureBuiltinTemplates(tx, advertiserId));
      const templates = await listReportTemplates(db, advertiserId);
      expect(templates.map((t) => [t.name, t.builtin, t.created_by])).toEqual([
        ['Creative Performance', true, 'system'],
        ['Funnel Analysis', true, 'system'],
      ]);
      expect(templates[0]!.definition).toMatchObject({
        dimensions: ['ad'],
        metrics: expect.arrayContaining(['ctr', 'hook_rate', 'video_completion_rate', 'cpc', 'spend']),
      });
      expect(templates[1]!.definition).toMatchObject({
        dimensions: ['campaign'],
        metrics: expect.arrayContaining([
          'cost_per_landing_page_view',
          'cost_per_web_event_add_to_cart',
          'complete_payment_roas',
          'conversion_rate',
          'cc_landing_to_cart_rate',
          'cc_cart_to_checkout_rate',
          'cc_checkout_to_purchase_rate',
        ]),
      });
      expect((await listCustomColumns(db, advertiserId)).map((c) => c.column_id).sort()).toEqual([
        'cc_cart_to_checkout_rate',
        'cc_checkout_to_purchase_rate',
        'cc_completion_per_hook',
        'cc_cost_per_6s_view',
        'cc_landing_to_cart_rate',
      ]);

      await removeReportTemplate(db, advertiserId, templates[0]!.template_id, ana);
      await ensureBuiltinTemplatesForAll(db);
      expect((await listReportTemplates(db, advertiserId)).map((t) => t.name)).toEqual(['Funnel Analysis']);
      expect(await listCustomColumns(db, advertiserId)).toHaveLength(5);
    });

    test('a team’s column is never changed: one with the same formula is reused, another formula under the id moves the built-in to a suffixed id', async () => {
      await insertCustomColumn(
        db,
        advertiserId,
        {
          name: 'Checkout Rate',
          formula: 'initiate_checkout/web_event_add_to_cart',
          format: 'percent',
          description: '',
        },
        'ana@example.com',
      );
      await insertCustomColumn(
        db,
        advertiserId,
        {
          name: 'Purchase rate',
          formula: 'complete_payment / clicks',
          format: 'percent',
          description: 'ours',
        },
        'ana@example.com',
      );
      // The team's column holds the id the built-in would use, for another formula.
      await db.query(
        `update custom_columns set column_id = 'cc_checkout_to_purchase_rate' where column_id = 'cc_purchase_rate'`,
      );
      await db.transaction((tx) => ensureBuiltinTemplates(tx, advertiserId));
      const columns = await listCustomColumns(db, advertiserId);
      const byId = Object.fromEntries(columns.map((c) => [c.column_id, c]));
      // Same name, same formula (up to spacing): reused under the team's id.
      expect(byId.cc_checkout_rate).toMatchObject({ created_by: 'ana@example.com' });
      expect(byId.cc_cart_to_checkout_rate).toBeUndefined();
      expect(byId.cc_checkout_to_purchase_rate).toMatchObject({
        formula: 'complete_payment / clicks',
        description: 'ours',
      });
      expect(byId.cc_checkout_to_purchase_rate_2).toMatchObject({
        name: 'Purchase Rate (2)',
        formula: 'complete_payment / initiate_checkout',
        created_by: 'system',
      });
      const funnel = (await listReportTemplates(db, advertiserId)).find((t) => t.name === 'Funnel Analysis')!;
      expect(funnel.definition.metrics.slice(-3)).toEqual([
        'cc_landing_to_cart_rate',
        'cc_checkout_rate',
        'cc_checkout_to_purchase_rate_2',
      ]);
    });

    test('two processes seeding at once give each built-in once', async () => {
      // PGlite has one connection, whose transactions take turns; PostgreSQL gets a second one.
      const other = engine === 'PGlite' ? db : await open();
      try {
        await Promise.all([
          db.transaction((tx) => ensureBuiltinTemplates(tx, advertiserId)),
          other.transaction((tx) => ensureBuiltinTemplates(tx, advertiserId)),
        ]);
      } finally {
        if (other !== db) await other.close();
      }
      expect((await listReportTemplates(db, advertiserId)).map((t) => t.name)).toEqual([
        'Creative Performance',
        'Funnel Analysis',
      ]);
      expect(await listCustomColumns(db, advertiserId)).toHaveLength(5);
    });

    test('start-up gives them to advertisers created before templates existed', async () => {
      const other = await newAdvertiser();
      await ensureBuiltinTemplatesForAll(db);
      expect(await listReportTemplates(db, other)).toHaveLength(2);
      expect(await listReportTemplates(db, advertiserId)).toHaveLength(2);
    });
  });

  describe('template files', () => {
    test('export carries the custom columns used, those they use first; import into another advertiser recreates them', async () => {
      await insertCustomColumn(
        db,
        advertiserId,
        { name: 'ATC cost', formula: 'spend / web_event_add_to_cart', format: 'money', description: 'd' },
        'ana@example.com',
      );
      await insertCustomColumn(
        db,
        advertiserId,
        { name: 'ATC cost x2', formula: 'cc_atc_cost * 2', format: 'money', description: '' },
        'ana@example.com',
      );
      await insertCustomColumn(
        db,
        advertiserId,
        { name: 'Unused', formula: 'clicks', format: 'number', description: '' },
        'ana@example.com',
      );
      const t = await createReportTemplate(
        db,
        advertiserId,
        {
          name: 'ATC',
          definition: definition({
            metrics: ['spend', 'cc_atc_cost_x2'],
            filters: [{ metric: 'cc_atc_cost', operator: 'gt', value: 1 }],
          }),
        },
        ana,
      );
      const file = await exportTemplateFile(db, advertiserId, t.template_id);
      expect(TemplateFile.parse(file)).toEqual(file);
      expect(file.custom_columns.map((c) => c.id)).toEqual(['cc_atc_cost', 'cc_atc_cost_x2']);
      expect(file.custom_columns[0]).toEqual({
        id: 'cc_atc_cost',
        name: 'ATC cost',
        formula: 'spend / web_event_add_to_cart',
        format: 'money',
        description: 'd',
      });

      const other = await newAdvertiser();
      await insertCustomColumn(
        db,
        other,
        { name: 'My ATC cost', formula: 'spend/web_event_add_to_cart', format: 'money', description: '' },
        'bo@example.com',
      );
      // Same id, same formula up to spacing: reused.
      await db.query(`update custom_columns set column_id = 'cc_atc_cost' where advertiser_id = $1`, [other]);
      const result = await importTemplateFile(db, other, file, ana);
      expect(result.created_columns).toEqual(['cc_atc_cost_x2']);
      expect(result.reused_columns).toEqual(['cc_atc_cost']);
      expect(result.template).toMatchObject({ name: 'ATC', builtin: false, definition: t.definition });
      expect((await listCustomColumns(db, other)).map((c) => `${c.column_id}:${c.name}`)).toEqual([
        'cc_atc_cost_x2:ATC cost x2',
        'cc_atc_cost:My ATC cost',
      ]);
      expect(await auditActions(other)).toEqual([
        'custom_column.create cc_atc_cost_x2',
        `report_template.create ${result.template.template_id}`,
      ]);
    });

    test('import refuses, writing nothing, when an id means another formula or the name is taken; it says which', async () => {
      await insertCustomColumn(
        db,
        advertiserId,
        { name: 'Rate', formula: 'clicks / impressions', format: 'percent', description: '' },
        'ana@example.com',
      );
      await createReportTemplate(
        db,
        advertiserId,
        { name: 'Taken', definition: definition({ metrics: ['spend'] }) },
        ana,
      );
      const file = TemplateFile.parse({
        format: 'adcockpit.report-template',
        version: 1,
        name: 'taken',
        definition: { metrics: ['cc_rate', 'cc_new'] },
        custom_columns: [
          { id: 'cc_new', name: 'New', formula: 'spend * 2', format: 'money' },
          { id: 'cc_rate', name: 'Rate', formula: 'conversion / clicks', format: 'percent' },
        ],
      });
      const error = await refusal(importTemplateFile(db, advertiserId, file, ana, 'body'));
      expect(error.code).toBe('conflict');
      expect(error.details.map((d) => d.field)).toEqual(['body.custom_columns[1].formula', 'body.name']);
      expect(error.details[0]!.message).toContain('computes clicks / impressions, not conversion / clicks');
      expect(error.message).toContain('nothing was written');
      expect((await listCustomColumns(db, advertiserId)).map((c) => c.column_id)).toEqual(['cc_rate']);
      expect(await listReportTemplates(db, advertiserId)).toHaveLength(1);
    });

    test('import checks formulas with positions, and the definition against the file’s columns', async () => {
      const file = TemplateFile.parse({
        format: 'adcockpit.report-template',
        version: 1,
        name: 'Bad',
        definition: { metrics: ['cc_a', 'cc_missing'] },
        custom_columns: [
          { id: 'cc_a', name: 'A', formula: 'spend / add_to_cart', format: 'money' },
          { id: 'Bad id', name: 'B', formula: 'spend', format: 'money' },
        ],
      });
      const error = await refusal(importTemplateFile(db, advertiserId, file, ana));
      expect(error.code).toBe('validation_failed');
      expect(error.details).toEqual([
        { field: 'custom_columns[1].id', message: expect.stringContaining('is not a custom column id') },
        {
          field: 'custom_columns[0].formula',
          message: expect.stringContaining('did you mean web_event_add_to_cart?'),
          position: 8,
          length: 11,
        },
        { field: 'definition.metrics[1]', message: expect.stringContaining('"cc_missing"') },
      ]);
      expect(await listCustomColumns(db, advertiserId)).toEqual([]);
    });

    test('every built-in exports back to its own file', async () => {
      await db.transaction((tx) => ensureBuiltinTemplates(tx, advertiserId));
      for (const builtin of BUILTIN_TEMPLATES) {
        const t = (await listReportTemplates(db, advertiserId)).find((x) => x.name === builtin.file.name)!;
        const file = await exportTemplateFile(db, advertiserId, t.template_id);
        expect({
          ...file,
          custom_columns: [...file.custom_columns].sort((a, b) => a.id.localeCompare(b.id)),
        }).toEqual({
          ...builtin.file,
          custom_columns: [...builtin.file.custom_columns].sort((a, b) => a.id.localeCompare(b.id)),
        });
      }
    });
  });

  test('the query a template with no sort or limit runs leaves them out', () => {
    const q = templateQuery(
      { advertiser_id: 'x', definition: definition({ metrics: ['spend'], dates: { preset: 'today' } }) },
      '2026-05-05',
    );
    expect(q).toEqual({
      advertiser_id: 'x',
      dimensions: [],
      metrics: ['spend'],
      filters: [],
      from: '2026-05-05',
      to: '2026-05-05',
    });
  });
});

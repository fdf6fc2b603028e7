import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { formulaGenerator } from '../../test/helpers/formula-gen.ts';
import { memberWithToken } from '../../test/helpers/members.ts';
import { seededContext, type SeededContext } from '../../test/helpers/seeded-context.ts';
import { listAudit } from '../access/audit.ts';
import { BUILTIN_COLUMN_IDS } from '../reports/builtin-templates.ts';
import { buildApp } from './app.ts';

type Member = Awaited<ReturnType<typeof memberWithToken>>;
let s: SeededContext;
let app: FastifyInstance;
let admin: Member, analyst: Member, viewer: Member, outsider: Member;

beforeAll(async () => {
  s = await seededContext({ days: 2, now: Date.parse('2026-04-10T12:00:00Z') });
  app = await buildApp(s.ctx);
  admin = await memberWithToken(s.ctx.catalog, 'admin');
  analyst = await memberWithToken(s.ctx.catalog, 'analyst', [s.advertiserId]);
  viewer = await memberWithToken(s.ctx.catalog, 'viewer', [s.advertiserId]);
  outsider = await memberWithToken(s.ctx.catalog, 'analyst', []);
}, 120_000);
afterAll(async () => {
  await app.close();
  await s.dispose();
});

const base = () => `/api/v1/advertisers/${s.advertiserId}/custom-columns`;
/** Every advertiser also has the columns its built-in report templates are built on. */
const teams = <T extends { id: string }>(columns: T[]): T[] =>
  columns.filter((c) => !BUILTIN_COLUMN_IDS.has(c.id));
const call = (
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  url: string,
  who: Member,
  payload?: Record<string, unknown>,
) => app.inject({ method, url, headers: who.headers, ...(payload === undefined ? {} : { payload }) });

describe('the custom columns API', () => {
  test('analysts create columns the whole team reads; the id comes from the name, the format from the units', async () => {
    const created = await call('POST', base(), analyst, {
      name: 'Cost per add to cart',
      formula: 'spend / web_event_add_to_cart',
      description: 'What one add to cart costs.',
    });
    expect(created.statusCode).toBe(200);
    expect(created.json()).toMatchObject({
      id: 'cc_cost_per_add_to_cart',
      advertiser_id: s.advertiserId,
      format: 'money',
      created_by: analyst.user.email,
      modified_by: analyst.user.email,
    });
    const hook = await call('POST', base(), admin, {
      name: 'Hook rate (3 s)',
      formula: 'video_watched_3s / impressions',
      format: 'number',
    });
    expect(hook.json()).toMatchObject({ id: 'cc_hook_rate_3_s', format: 'number', description: '' });

    const list = await call('GET', base(), viewer);
    expect(list.statusCode).toBe(200);
    expect(teams(list.json().custom_columns).map((c: { id: string }) => c.id)).toEqual([
      'cc_cost_per_add_to_cart',
      'cc_hook_rate_3_s',
    ]);
    expect((await call('GET', `${base()}/cc_hook_rate_3_s`, viewer)).json().name).toBe('Hook rate (3 s)');
    expect((await call('GET', `${base()}/cc_nope`, viewer)).statusCode).toBe(404);
  });

  test('a formula with problems is refused with every problem, its position and length', async () => {
    const response = await call('POST', base(), analyst, {
      name: 'Broken',
      formula: 'spend / add_to_cart + (clicks *',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({
      code: 'invalid_formula',
      details: [
        {
          field: 'body.formula',
          position: 8,
          length: 11,
          message: expect.stringContaining('did you mean web_event_add_to_cart?'),
        },
        { field: 'body.formula', position: 22, length: 1, message: expect.stringContaining('never closed') },
        {
          field: 'body.formula',
          position: 31,
          length: 0,
          message: expect.stringContaining('value is missing'),
        },
      ],
    });
    const taken = await call('POST', base(), analyst, { name: 'COST PER ADD TO CART', formula: 'spend' });
    expect(taken.statusCode).toBe(409);
    const control = await call('POST', base(), analyst, { name: 'Bad\u0000name', formula: 'spend' });
    expect(control.json().error.code).toBe('validation_failed');
  });

  test('the editor’s check answers problems, or the format, act and metrics a formula is computed from', async () => {
    const good = await call('POST', `${base()}/check`, analyst, {
      formula: 'IF(cc_cost_per_add_to_cart > 5, cc_cost_per_add_to_cart, 0) + frequency',
    });
    expect(good.json()).toEqual({
      ok: true,
      format: 'money',
      act: 'conversion',
      uses: ['cc_cost_per_add_to_cart', 'frequency'],
      base_metrics: ['spend', 'web_event_add_to_cart', 'impressions', 'reach'],
    });
    const bad = await call('POST', `${base()}/check`, analyst, { formula: 'spend >' });
    expect(bad.json()).toEqual({
      ok: false,
      errors: [
        {
          position: 7,
          length: 0,
          message: 'a value is missing after ">": write a metric id, a number or a bracketed expression',
        },
      ],
    });
    // Checked as the new formula of an existing column, a reference back to it is a cycle.
    const cycle = await call('POST', `${base()}/check`, analyst, {
      formula: 'cc_cost_per_add_to_cart * 2',
      column_id: 'cc_cost_per_add_to_cart',
    });
    expect(cycle.json().errors[0].message).toContain(
      'cc_cost_per_add_to_cart → cc_cost_per_add_to_cart is a cycle',
    );
    expect(
      (await call('POST', `${base()}/check`, analyst, { formula: 'spend', column_id: 'cc_nope' })).statusCode,
    ).toBe(404);
  });

  test('generated formulas, valid and broken, always get an answer from the check, never a crash', async () => {
    const gen = formulaGenerator(5, ['cc_cost_per_add_to_cart']);
    for (let i = 0; i < 150; i++) {
      const formula = i % 2 ? gen.broken() : gen.valid();
      const response = await call('POST', `${base()}/check`, analyst, { formula });
      expect(response.statusCode, formula).toBe(200);
      const body = response.json();
      if (i % 2 === 0) expect(body.ok, formula).toBe(true);
      for (const e of body.errors ?? [])
        expect(e.position + e.length, formula).toBeLessThanOrEqual(formula.length);
    }
  });

  test('changing a column keeps its id; a change that makes a cycle is refused, naming it', async () => {
    const blended = await call('POST', base(), analyst, {
      name: 'Blended',
      formula: 'MAX(cc_cost_per_add_to_cart, cpc)',
    });
    expect(blended.json().id).toBe('cc_blended');
    const renamed = await call('PATCH', `${base()}/cc_cost_per_add_to_cart`, admin, {
      name: 'CPATC',
      format: 'number',
    });
    expect(renamed.json()).toMatchObject({
      id: 'cc_cost_per_add_to_cart',
      name: 'CPATC',
      format: 'number',
      formula: 'spend / web_event_add_to_cart',
      created_by: analyst.user.email,
      modified_by: admin.user.email,
    });
    const cycle = await call('PATCH', `${base()}/cc_cost_per_add_to_cart`, analyst, {
      formula: 'cc_blended / 2',
    });
    expect(cycle.statusCode).toBe(400);
    expect(cycle.json().error.details[0]).toMatchObject({
      position: 0,
      length: 10,
      message: expect.stringContaining(
        'cc_cost_per_add_to_cart → cc_blended → cc_cost_per_add_to_cart is a cycle',
      ),
    });
    expect((await call('PATCH', `${base()}/cc_cost_per_add_to_cart`, analyst, {})).statusCode).toBe(400);
    expect((await call('PATCH', `${base()}/cc_nope`, analyst, { name: 'x' })).statusCode).toBe(404);
    const entries = await listAudit(s.ctx.catalog, { limit: 5 });
    expect(entries.find((e) => e.action === 'custom_column.update')).toMatchObject({
      target_id: 'cc_cost_per_add_to_cart',
      advertiser_id: s.advertiserId,
      before: { name: 'Cost per add to cart', format: 'money' },
      after: { name: 'CPATC', format: 'number' },
    });
  });

  test('a column other columns use cannot be deleted until they no longer do', async () => {
    const refused = await call('DELETE', `${base()}/cc_cost_per_add_to_cart`, analyst);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.message).toContain('Blended (cc_blended) uses this column');
    expect((await call('DELETE', `${base()}/cc_blended`, analyst)).json()).toEqual({ deleted: 'cc_blended' });
    expect((await call('DELETE', `${base()}/cc_blended`, analyst)).statusCode).toBe(404);
  });

  test('viewers read but do not write; someone not on the advertiser does not see it at all', async () => {
    for (const [method, url, payload] of [
      ['POST', base(), { name: 'X', formula: 'spend' }],
      ['POST', `${base()}/check`, { formula: 'spend' }],
      ['PATCH', `${base()}/cc_hook_rate_3_s`, { name: 'Y' }],
      ['DELETE', `${base()}/cc_hook_rate_3_s`, undefined],
    ] as const) {
      const response = await call(method, url, viewer, payload);
      expect(response.statusCode, `${method} ${url}`).toBe(403);
      expect(response.json().error.message).toContain('viewer');
      expect((await call(method, url, outsider, payload)).statusCode, `${method} ${url}`).toBe(404);
    }
    expect((await call('GET', base(), outsider)).statusCode).toBe(404);
  });

  test('reports and the metric list take custom columns like metrics', async () => {
    const report = await call('POST', `/api/v1/advertisers/${s.advertiserId}/reports/query`, viewer, {
      from: '2026-04-08',
      to: '2026-04-10',
      dimensions: ['campaign'],
      metrics: ['spend', 'web_event_add_to_cart', 'cc_cost_per_add_to_cart'],
    });
    expect(report.statusCode).toBe(200);
    const { rows, totals } = report.json();
    expect(rows.length).toBeGreaterThan(0);
    for (const row of [...rows, totals]) {
      const want = row.web_event_add_to_cart > 0 ? row.spend / row.web_event_add_to_cart : null;
      if (want === null) expect(row.cc_cost_per_add_to_cart).toBeNull();
      else expect(row.cc_cost_per_add_to_cart).toBeCloseTo(want, 6);
    }

    const plain = (await call('GET', '/api/v1/metrics', viewer)).json().metrics;
    expect(plain.some((m: { kind: string }) => m.kind === 'custom')).toBe(false);
    const withColumns = await call('GET', `/api/v1/metrics?advertiser_id=${s.advertiserId}`, viewer);
    expect(teams(withColumns.json().metrics.slice(plain.length))).toEqual([
      {
        id: 'cc_cost_per_add_to_cart',
        label: 'CPATC',
        format: 'decimal',
        act: 'conversion',
        better: 'neutral',
        kind: 'custom',
        description: 'What one add to cart costs.',
        formula: 'spend / web_event_add_to_cart',
      },
      expect.objectContaining({ id: 'cc_hook_rate_3_s', kind: 'custom', act: 'consideration' }),
    ]);
    expect((await call('GET', `/api/v1/metrics?advertiser_id=${s.advertiserId}`, outsider)).statusCode).toBe(
      404,
    );
    expect((await call('GET', '/api/v1/metrics?advertiser_id=9999', admin)).statusCode).toBe(404);
  });

  test('re-seeding the sandbox keeps the team’s custom columns', async () => {
    const seeded = await call('POST', '/api/v1/sandbox/seed', admin, { days: 1, seed: 7 });
    expect(seeded.statusCode).toBe(200);
    const ids = teams((await call('GET', base(), viewer)).json().custom_columns).map(
      (c: { id: string }) => c.id,
    );
    expect(ids).toEqual(['cc_cost_per_add_to_cart', 'cc_hook_rate_3_s']);
  }, 60_000);
});

// Custom columns (F4.2): an advertiser's own metrics as formulas, shared by its team. Everyone who sees
// the advertiser reads them; analysts and above write them. Reports take their ids like metric ids.
import { z } from 'zod';
import {
  type CustomColumn as StoredColumn,
  getCustomColumn,
  listCustomColumns,
} from '../../catalog/custom-columns.ts';
import { notFound } from '../../core/errors.ts';
import {
  changeCustomColumn,
  checkCustomFormula,
  createCustomColumn,
  removeCustomColumn,
} from '../../reports/custom-columns.ts';
import {
  CustomColumn,
  CustomColumnCreate,
  CustomColumnList,
  CustomColumnUpdate,
  FormulaCheckRequest,
  FormulaCheckResponse,
} from '../../shared/custom-columns-api.ts';
import { advertiserOr404 } from './advertiser-guards.ts';
import { type RouteDef, defineRoute } from '../route.ts';

const base = '/api/v1/advertisers/:advertiserId/custom-columns';
const AdvertiserParams = z.object({ advertiserId: z.string().min(1) });
const ColumnParams = AdvertiserParams.extend({ id: z.string().min(1) });

const shape = ({ column_id, ...rest }: StoredColumn): CustomColumn => ({ id: column_id, ...rest });

const listRoute = defineRoute({
  method: 'GET',
  url: base,
  access: { advertiser: 'view' },
  summary: 'The advertiser’s custom columns: formulas over metrics, usable in reports like metrics.',
  tag: 'custom-columns',
  params: AdvertiserParams,
  response: CustomColumnList,
  handler: async ({ params }, ctx) => {
    await advertiserOr404(ctx, params.advertiserId);
    return { custom_columns: (await listCustomColumns(ctx.catalog, params.advertiserId)).map(shape) };
  },
});

const getRoute = defineRoute({
  method: 'GET',
  url: `${base}/:id`,
  access: { advertiser: 'view' },
  summary: 'One custom column.',
  tag: 'custom-columns',
  params: ColumnParams,
  response: CustomColumn,
  handler: async ({ params }, ctx) => {
    const column = await getCustomColumn(ctx.catalog, params.advertiserId, params.id);
    if (!column) throw notFound('Custom column', params.id);
    return shape(column);
  },
});

const createRoute = defineRoute({
  method: 'POST',
  url: base,
  access: { advertiser: 'report' },
  summary:
    'Creates a custom column. Its id is "cc_" and a slug of the name; an invalid formula is refused with every problem and its position.',
  tag: 'custom-columns',
  params: AdvertiserParams,
  body: CustomColumnCreate,
  response: CustomColumn,
  handler: async ({ params, body, principal }, ctx) => {
    await advertiserOr404(ctx, params.advertiserId);
    return shape(await createCustomColumn(ctx.catalog, params.advertiserId, body, principal!.actor));
  },
});

const checkRoute = defineRoute({
  method: 'POST',
  url: `${base}/check`,
  access: { advertiser: 'report' },
  summary:
    'Checks a formula for the editor: every problem with its position and length, or the format it suggests and the metrics it is computed from.',
  tag: 'custom-columns',
  params: AdvertiserParams,
  body: FormulaCheckRequest,
  response: FormulaCheckResponse,
  handler: async ({ params, body }, ctx) => {
    await advertiserOr404(ctx, params.advertiserId);
    if (body.column_id && !(await getCustomColumn(ctx.catalog, params.advertiserId, body.column_id)))
      throw notFound('Custom column', body.column_id);
    const check = await checkCustomFormula(ctx.catalog, params.advertiserId, body.formula, body.column_id);
    if (!check.ok) return { ok: false as const, errors: check.errors };
    return {
      ok: true as const,
      format: check.format,
      act: check.act,
      uses: check.uses,
      base_metrics: check.baseMetrics,
    };
  },
});

const updateRoute = defineRoute({
  method: 'PATCH',
  url: `${base}/:id`,
  access: { advertiser: 'report' },
  summary:
    'Changes a custom column’s name, formula, format or description (its id stays). A formula that uses the column itself, directly or through others, is refused with the cycle named.',
  tag: 'custom-columns',
  params: ColumnParams,
  body: CustomColumnUpdate,
  response: CustomColumn,
  handler: async ({ params, body, principal }, ctx) =>
    shape(await changeCustomColumn(ctx.catalog, params.advertiserId, params.id, body, principal!.actor)),
});

const deleteRoute = defineRoute({
  method: 'DELETE',
  url: `${base}/:id`,
  access: { advertiser: 'report' },
  summary: 'Deletes a custom column; refused while other custom columns or report templates use it.',
  tag: 'custom-columns',
  params: ColumnParams,
  response: z.object({ deleted: z.string() }),
  handler: async ({ params, principal }, ctx) => {
    await removeCustomColumn(ctx.catalog, params.advertiserId, params.id, principal!.actor);
    return { deleted: params.id };
  },
});

export const customColumnRoutes: RouteDef[] = [
  listRoute,
  getRoute,
  createRoute,
  checkRoute,
  updateRoute,
  deleteRoute,
];

import { z } from 'zod';
import { metrics } from '../../metrics/catalog.ts';
import { describeFormula } from '../../metrics/resolve.ts';
import { canViewAdvertiser } from '../../access/authorize.ts';
import { getAdvertiser } from '../../catalog/advertisers.ts';
import { notFound } from '../../core/errors.ts';
import { customColumnMetricInfos } from '../../reports/custom-columns.ts';
import { MetricList, type MetricInfo } from '../../shared/api.ts';
import { defineRoute } from '../route.ts';

export const healthRoute = defineRoute({
  method: 'GET',
  url: '/api/health',
  access: 'public',
  summary: 'Liveness: answers 200 when the server is up.',
  tag: 'meta',
  response: z.object({ status: z.literal('ok') }),
  handler: async () => ({ status: 'ok' as const }),
});

export const metricsRoute = defineRoute({
  method: 'GET',
  url: '/api/v1/metrics',
  access: 'signed-in',
  summary:
    'The metric catalog: every metric with its label, format, funnel act and glossary text; with advertiser_id, that advertiser’s custom columns too.',
  tag: 'metrics',
  query: z.object({ advertiser_id: z.string().min(1).optional() }),
  response: MetricList,
  handler: async ({ query, principal }, ctx) => {
    const list: MetricInfo[] = metrics.map((m) => ({
      id: m.id,
      label: m.label,
      format: m.format,
      act: m.act,
      better: m.better,
      kind: m.kind,
      description: m.description,
      formula: describeFormula(m),
    }));
    const advertiserId = query.advertiser_id;
    if (!advertiserId) return { metrics: list };
    // The route is open to every member; the custom columns only to those who see the advertiser.
    if (
      !canViewAdvertiser(principal!.user, advertiserId) ||
      !(await getAdvertiser(ctx.catalog, advertiserId))
    )
      throw notFound('Advertiser', advertiserId);
    return { metrics: [...list, ...(await customColumnMetricInfos(ctx.catalog, advertiserId))] };
  },
});

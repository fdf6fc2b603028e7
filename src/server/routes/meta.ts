import { z } from 'zod';
import { metrics } from '../../metrics/catalog.ts';
import { describeFormula } from '../../metrics/resolve.ts';
import { MetricList } from '../../shared/api.ts';
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
  summary: 'The metric catalog: every metric with its label, format, funnel act and glossary text.',
  tag: 'metrics',
  response: MetricList,
  handler: async () => ({
    metrics: metrics.map((m) => ({
      id: m.id,
      label: m.label,
      format: m.format,
      act: m.act,
      better: m.better,
      kind: m.kind,
      description: m.description,
      formula: describeFormula(m),
    })),
  }),
});

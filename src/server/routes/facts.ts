import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { getAdvertiser } from '../../catalog/advertisers.ts';
import { notFound } from '../../core/errors.ts';
import { dailyFactsQuery } from '../../reports/export-facts.ts';
import { defineRoute } from '../route.ts';

export const exportFactsRoute = defineRoute({
  method: 'POST',
  url: '/api/v1/advertisers/:advertiserId/facts/export',
  access: { advertiser: 'view' },
  summary: 'Exports the daily counters per ad as CSV or Parquet; the file comes back base64-encoded.',
  tag: 'reports',
  params: z.object({ advertiserId: z.string().min(1) }),
  body: z.object({ format: z.enum(['csv', 'parquet']) }),
  response: z.object({ format: z.enum(['csv', 'parquet']), rows: z.number(), content_base64: z.string() }),
  handler: async ({ params, body }, ctx) => {
    if (!(await getAdvertiser(ctx.catalog, params.advertiserId)))
      throw notFound('Advertiser', params.advertiserId);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'adcockpit-export-'));
    try {
      const file = path.join(dir, `facts.${body.format}`);
      const rows = await ctx.facts.exportQuery(
        await dailyFactsQuery(ctx.facts, ctx.catalog, params.advertiserId),
        body.format,
        file,
      );
      return { format: body.format, rows, content_base64: fs.readFileSync(file).toString('base64') };
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
});

// A pixel's stored events as a file (users own their raw data): what `adcockpit events export` writes,
// also through a running server. Each event once, test events left out.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { CONTENT_TYPES as REPORT_TYPES, attachment } from '../../delivery/export-report.ts';
import { pixelEventsQuery } from '../../sources/events/export-events.ts';
import { type RouteDef, defineRoute } from '../route.ts';
import { pixelOf } from './pixel-tokens.ts';

const CONTENT_TYPES = { csv: REPORT_TYPES.csv, parquet: 'application/vnd.apache.parquet' } as const;

export const pixelEventsExportRoute = defineRoute({
  method: 'GET',
  url: '/api/v1/advertisers/:advertiserId/pixels/:pixelId/events/export',
  access: { advertiser: 'view' },
  summary:
    'Every stored event of the pixel (each once: duplicates and test events left out) as CSV or Parquet, oldest first; the number of events is in the X-Event-Count header.',
  tag: 'events',
  params: z.object({ advertiserId: z.string().min(1), pixelId: z.string().min(1) }),
  query: z.object({ format: z.enum(['csv', 'parquet']).default('csv') }),
  response: z.string(),
  produces: Object.values(CONTENT_TYPES),
  handler: async ({ params, query, reply }, ctx) => {
    const pixel = await pixelOf(ctx, params.advertiserId, params.pixelId);
    // The warehouse writes the file itself (Parquet needs a file); it is sent from there and removed.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'adcockpit-events-'));
    const file = path.join(dir, `events.${query.format}`);
    try {
      const rows = await ctx.facts.exportQuery(
        pixelEventsQuery(ctx.facts, pixel.pixel_code),
        query.format,
        file,
      );
      const stream = fs.createReadStream(file);
      stream.on('close', () => fs.rmSync(dir, { recursive: true, force: true }));
      reply
        .header('content-type', CONTENT_TYPES[query.format])
        .header('content-disposition', attachment(`${pixel.pixel_code}-events.${query.format}`))
        .header('x-event-count', String(rows));
      return stream as never;
    } catch (error) {
      fs.rmSync(dir, { recursive: true, force: true });
      throw error;
    }
  },
});

export const pixelEventsExportRoutes: RouteDef[] = [pixelEventsExportRoute];

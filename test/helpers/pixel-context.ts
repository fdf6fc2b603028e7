// A fresh catalog (PGlite) and warehouse (DuckDB) holding one imported advertiser and its pixels, for the
// tests of what pixels receive. Nothing is mocked; close() removes the data directory.
import fs from 'node:fs';
import { type AppContext, openAppContext } from '../../src/app-context.ts';
import { insertAdvertiser } from '../../src/catalog/advertisers.ts';
import { insertPixel } from '../../src/catalog/pixels.ts';
import { readConfig } from '../../src/core/config.ts';
import { tempDir } from './seeded-context.ts';

export interface PixelContext {
  ctx: AppContext;
  dataDir: string;
  close(): Promise<void>;
}

export async function pixelContext(options: {
  /** Names the temp directory. */
  prefix: string;
  advertiser: { advertiser_id: string; name: string };
  pixels: { pixel_id: string; pixel_code: string; pixel_name: string }[];
}): Promise<PixelContext> {
  const dataDir = tempDir(options.prefix);
  const ctx = await openAppContext(readConfig({ ADCOCKPIT_DATA_DIR: dataDir }));
  await insertAdvertiser(ctx.catalog, {
    ...options.advertiser,
    currency: 'EUR',
    timezone: 'Europe/Amsterdam',
    source: 'import',
    product_value: null,
    margin: null,
  });
  for (const pixel of options.pixels)
    await insertPixel(ctx.catalog, { ...pixel, advertiser_id: options.advertiser.advertiser_id });
  return {
    ctx,
    dataDir,
    async close() {
      await ctx.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

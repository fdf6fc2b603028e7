// `adcockpit pixel …` and `adcockpit events export`: pixels with their status, Events API tokens, and a
// pixel's stored events as a file. They work on the data directory (the server must not be running on it).
import type { Command } from 'commander';
import { SYSTEM_ACTOR, audit } from '../access/audit.ts';
import { type AppContext, openAppContext } from '../app-context.ts';
import { findAdvertiser } from '../catalog/advertisers.ts';
import { createPixelToken } from '../catalog/pixel-tokens.ts';
import { getPixelByCode } from '../catalog/pixels.ts';
import type { Config } from '../core/config.ts';
import { AppError } from '../core/errors.ts';
import { pixelEventsQuery } from '../sources/events/export-events.ts';
import { listPixelActivity } from '../sources/events/pixel-activity-list.ts';

const operator = { ...SYSTEM_ACTOR, label: 'command line' };

export function registerPixelCommands(
  program: Command,
  config: Config,
  resolveDir: (dir?: string) => string | undefined,
): void {
  const withContext = async <T>(
    dataDir: string | undefined,
    fn: (ctx: AppContext) => Promise<T>,
  ): Promise<T> => {
    const dir = resolveDir(dataDir);
    const ctx = await openAppContext(dir ? { ...config, dataDir: dir } : config);
    try {
      return await fn(ctx);
    } finally {
      await ctx.close();
    }
  };
  const pixelByCode = async (ctx: AppContext, code: string) => {
    const pixel = await getPixelByCode(ctx.catalog, code);
    if (!pixel) {
      throw new AppError(
        'not_found',
        `No pixel has the code ${code}. List them with "adcockpit pixel list".`,
        [{ field: '--pixel', message: `${code} unknown` }],
      );
    }
    return pixel;
  };

  const pixel = program.command('pixel').description('pixels: status and Events API access tokens');
  pixel
    .command('list')
    .description(
      'pixel id, code, name, status (Active / No recent activity / Never fired) and last event time',
    )
    .option('--advertiser <id or name>', 'only this advertiser’s pixels')
    .option('--format <format>', 'table or json', 'table')
    .option('--data-dir <dir>', 'the data directory')
    .action(async (options: { advertiser?: string; format: string; dataDir?: string }) => {
      if (!['table', 'json'].includes(options.format)) {
        throw new AppError('validation_failed', `--format must be table or json, not "${options.format}".`);
      }
      const pixels = await withContext(options.dataDir, async (ctx) => {
        const advertiserId = options.advertiser
          ? (await findAdvertiser(ctx.catalog, options.advertiser)).advertiser_id
          : null;
        return listPixelActivity(ctx, advertiserId);
      });
      if (options.format === 'json') {
        process.stdout.write(`${JSON.stringify(pixels, null, 2)}\n`);
        return;
      }
      for (const p of pixels) {
        console.log([p.pixel_id, p.pixel_code, p.pixel_name, p.status, p.last_event_time ?? '-'].join('\t'));
      }
    });

  pixel
    .command('token')
    .description('Events API access tokens')
    .command('create')
    .description('create an access token for a pixel; prints the token alone (it is shown only this once)')
    .requiredOption('--pixel <code>', 'the pixel code, e.g. C4A1B2C3D4E5F6G7H8I9')
    .option('--name <name>', 'what the token is for', 'Events API')
    .option('--data-dir <dir>', 'the data directory')
    .action(async (options: { pixel: string; name: string; dataDir?: string }) => {
      const secret = await withContext(options.dataDir, async (ctx) => {
        const p = await pixelByCode(ctx, options.pixel);
        return ctx.catalog.transaction(async (tx) => {
          const created = await createPixelToken(tx, p.pixel_id, options.name, operator.label);
          await audit(tx, operator, {
            action: 'pixel_token.create',
            targetType: 'pixel_token',
            targetId: created.token.token_id,
            advertiserId: p.advertiser_id,
            after: created.token,
          });
          return created.secret;
        });
      });
      console.log(secret);
    });

  const events = program.command('events').description('events sent through pixels and the Events API');
  events
    .command('export')
    .description('every stored event of a pixel (deduplicated, test events left out) as CSV or Parquet')
    .requiredOption('--pixel <code>', 'the pixel code')
    .requiredOption('--format <format>', 'csv or parquet')
    .requiredOption('--out <file>', 'where to write')
    .option('--data-dir <dir>', 'the data directory')
    .action(async (options: { pixel: string; format: string; out: string; dataDir?: string }) => {
      if (options.format !== 'csv' && options.format !== 'parquet') {
        throw new AppError('validation_failed', `--format must be csv or parquet, not "${options.format}".`);
      }
      const format = options.format;
      const rows = await withContext(options.dataDir, async (ctx) => {
        await pixelByCode(ctx, options.pixel);
        return ctx.facts.exportQuery(pixelEventsQuery(ctx.facts, options.pixel), format, options.out);
      });
      console.error(`Wrote ${rows} events to ${options.out}`);
    });
}

// `adcockpit orders import`: a Shopify orders export into an advertiser's shop orders, the whole file or
// nothing. It works on the data directory (the server must not be running on it; the API's
// POST …/shop/orders/import does the same through a running server).
import fs from 'node:fs';
import type { Command } from 'commander';
import { SYSTEM_ACTOR, audit } from '../access/audit.ts';
import { type AppContext, openAppContext } from '../app-context.ts';
import { findAdvertiser } from '../catalog/advertisers.ts';
import type { Config } from '../core/config.ts';
import { AppError } from '../core/errors.ts';
import { importShopifyOrdersCsv } from '../sources/shop/import-orders.ts';

const operator = { ...SYSTEM_ACTOR, label: 'command line' };

export function registerOrderCommands(
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

  const orders = program.command('orders').description('shop orders (Shopify)');
  orders
    .command('import')
    .description(
      'import a Shopify orders export (Orders → Export, CSV): new orders added, orders stored before replaced; a file with bad rows is refused whole with their line numbers',
    )
    .requiredOption('--advertiser <id or name>', 'the advertiser the shop belongs to')
    .requiredOption('--file <file>', 'the exported CSV')
    .option('--data-dir <dir>', 'the data directory')
    .action(async (options: { advertiser: string; file: string; dataDir?: string }) => {
      let text: string;
      try {
        text = fs.readFileSync(options.file, 'utf8');
      } catch (error) {
        throw new AppError('not_found', `Cannot read ${options.file}: ${(error as Error).message}`, [
          { field: '--file', message: 'give the path of the exported CSV' },
        ]);
      }
      const summary = await withContext(options.dataDir, async (ctx) => {
        const advertiser = await findAdvertiser(ctx.catalog, options.advertiser);
        const result = await importShopifyOrdersCsv(ctx.facts, advertiser.advertiser_id, text);
        if (!result.ok) {
          const n = result.errors.length;
          throw new AppError(
            'validation_failed',
            `${options.file} was not imported (nothing was stored): ${n} problem${n === 1 ? '' : 's'}. Fix the lines below and import it again.`,
            result.errors.map((e) => ({
              field: `line ${e.line}${e.column ? `, ${e.column}` : ''}`,
              message: e.message,
            })),
          );
        }
        const s = result.summary;
        await audit(ctx.catalog, operator, {
          action: 'shop_orders.import',
          targetType: 'advertiser',
          targetId: advertiser.advertiser_id,
          advertiserId: advertiser.advertiser_id,
          after: {
            orders: s.orders,
            new_orders: s.new_orders,
            replaced_orders: s.replaced_orders,
            refunds: s.refunds,
          },
        });
        return s;
      });
      const money = (micros: number): string => (micros / 1_000_000).toFixed(2);
      const kept = summary.kept_newer
        ? `, ${summary.kept_newer} kept as stored (a newer version came by webhook)`
        : '';
      console.log(
        `Imported ${summary.orders} orders from ${summary.rows} rows: ${summary.new_orders} new, ${summary.replaced_orders} replaced${kept}.`,
      );
      console.log(`Refunds: ${summary.refunds} (${money(summary.refunded_micros)}).`);
      for (const [currency, micros] of Object.entries(summary.total_micros_by_currency))
        console.log(`Total ${currency}: ${money(micros)}`);
    });
}

// `adcockpit orders import`: a Shopify orders export into an advertiser's shop orders, the whole file or
// nothing — on the data directory, or through a running server with --server.
import fs from 'node:fs';
import type { Command } from 'commander';
import { AppError } from '../core/errors.ts';
import type { CommandKit, DataOptions } from './template-commands.ts';

export function registerOrderCommands(program: Command, { withDataOptions, withClient }: CommandKit): void {
  const orders = program.command('orders').description('shop orders (Shopify)');
  withDataOptions(
    orders
      .command('import')
      .description(
        'import a Shopify orders export (Orders → Export, CSV): new orders added, orders stored before replaced; a file with bad rows is refused whole with their line numbers',
      )
      .requiredOption('--advertiser <id or name>', 'the advertiser the shop belongs to')
      .requiredOption('--file <file>', 'the exported CSV'),
  ).action(async (options: DataOptions & { advertiser: string; file: string }) => {
    let text: string;
    try {
      text = fs.readFileSync(options.file, 'utf8');
    } catch (error) {
      throw new AppError('not_found', `Cannot read ${options.file}: ${(error as Error).message}`, [
        { field: '--file', message: 'give the path of the exported CSV' },
      ]);
    }
    const imported = await withClient(options, async (client) =>
      client.importOrders(await client.resolveAdvertiser(options.advertiser), text),
    ).catch((error: unknown) => {
      // The file's name says which file the lines below belong to.
      if (error instanceof AppError && error.code === 'validation_failed') {
        throw new AppError(error.code, `${options.file}: ${error.message}`, error.details);
      }
      throw error;
    });
    const money = (amount: number): string => amount.toFixed(2);
    const kept = imported.kept_newer
      ? `, ${imported.kept_newer} kept as stored (a newer version came by webhook)`
      : '';
    console.log(
      `Imported ${imported.orders} orders from ${imported.rows} rows: ${imported.new_orders} new, ${imported.replaced_orders} replaced${kept}.`,
    );
    console.log(`Refunds: ${imported.refunds} (${money(imported.refunded)}).`);
    for (const { currency, total } of imported.totals) console.log(`Total ${currency}: ${money(total)}`);
  });
}

// `adcockpit pixel …` and `adcockpit events export`: pixels with their status, Events API tokens, and a
// pixel's stored events as a file — on the data directory, or through a running server with --server.
import type { Command } from 'commander';
import { AppError } from '../core/errors.ts';
import type { CommandKit, DataOptions } from './template-commands.ts';

export function registerPixelCommands(program: Command, { withDataOptions, withClient }: CommandKit): void {
  const pixel = program.command('pixel').description('pixels: status and Events API access tokens');
  withDataOptions(
    pixel
      .command('list')
      .description(
        'pixel id, code, name, status (Active / No recent activity / Never fired) and last event time',
      )
      .option('--advertiser <id or name>', 'only this advertiser’s pixels')
      .option('--format <format>', 'table or json', 'table'),
  ).action(async (options: DataOptions & { advertiser?: string; format: string }) => {
    if (!['table', 'json'].includes(options.format)) {
      throw new AppError('validation_failed', `--format must be table or json, not "${options.format}".`);
    }
    const pixels = await withClient(options, async (client) =>
      client.listPixels(options.advertiser ? await client.resolveAdvertiser(options.advertiser) : null),
    );
    if (options.format === 'json') {
      process.stdout.write(`${JSON.stringify(pixels, null, 2)}\n`);
      return;
    }
    for (const p of pixels) {
      console.log([p.pixel_id, p.pixel_code, p.pixel_name, p.status, p.last_event_time ?? '-'].join('\t'));
    }
  });

  withDataOptions(
    pixel
      .command('token')
      .description('Events API access tokens')
      .command('create')
      .description('create an access token for a pixel; prints the token alone (it is shown only this once)')
      .requiredOption('--pixel <code>', 'the pixel code, e.g. C4A1B2C3D4E5F6G7H8I9')
      .option('--name <name>', 'what the token is for', 'Events API'),
  ).action(async (options: DataOptions & { pixel: string; name: string }) => {
    console.log(await withClient(options, (client) => client.createPixelToken(options.pixel, options.name)));
  });

  const events = program.command('events').description('events sent through pixels and the Events API');
  withDataOptions(
    events
      .command('export')
      .description('every stored event of a pixel (deduplicated, test events left out) as CSV or Parquet')
      .requiredOption('--pixel <code>', 'the pixel code')
      .requiredOption('--format <format>', 'csv or parquet')
      .requiredOption('--out <file>', 'where to write'),
  ).action(async (options: DataOptions & { pixel: string; format: string; out: string }) => {
    const format = options.format;
    if (format !== 'csv' && format !== 'parquet') {
      throw new AppError('validation_failed', `--format must be csv or parquet, not "${format}".`);
    }
    const rows = await withClient(options, (client) =>
      client.exportEvents(options.pixel, format, options.out),
    );
    console.error(`Wrote ${rows} events to ${options.out}`);
  });
}

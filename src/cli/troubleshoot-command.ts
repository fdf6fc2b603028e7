// `adcockpit troubleshoot`: why an ad group does not spend — every delivery check with its evidence and
// fix, as a table or as the API's JSON, on the data directory or through a running server with --server.
import type { Command } from 'commander';
import { AppError } from '../core/errors.ts';
import { isIsoDate } from '../core/dates.ts';
import type { CommandKit, DataOptions } from './template-commands.ts';

export function registerTroubleshootCommand(
  program: Command,
  { withDataOptions, withClient }: CommandKit,
): void {
  withDataOptions(
    program
      .command('troubleshoot')
      .description(
        "why an ad group isn't spending: status, review, budget, pacing, bid, audience, schedule, fatigue",
      )
      .requiredOption('--advertiser <id or name>', 'the advertiser')
      .requiredOption('--adgroup <id or name>', 'the ad group')
      .option('--as-of <date>', "the day to judge, YYYY-MM-DD (default: the advertiser's today)")
      .option('--format <format>', "table or json (the API's answer)", 'table'),
  ).action(
    async (options: DataOptions & { advertiser: string; adgroup: string; asOf?: string; format: string }) => {
      if (options.format !== 'table' && options.format !== 'json') {
        throw new AppError('validation_failed', `--format must be table or json, not "${options.format}".`);
      }
      if (options.asOf !== undefined && !isIsoDate(options.asOf)) {
        throw new AppError(
          'validation_failed',
          `--as-of must be a date as YYYY-MM-DD, not "${options.asOf}".`,
        );
      }
      const answer = await withClient(options, async (client) =>
        client.troubleshoot(
          await client.resolveAdvertiser(options.advertiser),
          options.adgroup,
          options.asOf,
        ),
      );
      if (options.format === 'json') process.stdout.write(`${JSON.stringify(answer, null, 2)}\n`);
      else {
        const { formatTroubleshootTable } = await import('../insights/format-troubleshoot.ts');
        process.stdout.write(formatTroubleshootTable(answer));
      }
    },
  );
}

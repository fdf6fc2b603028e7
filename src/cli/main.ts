// The `adcockpit` command. Thin: each command parses its flags and calls the same services as the API.
import { Command, InvalidArgumentError } from 'commander';
import { readConfig } from '../core/config.ts';
import { AppError } from '../core/errors.ts';
import { isIsoDate } from '../core/dates.ts';
import fs from 'node:fs';
import { templateQuery } from '../reports/templates.ts';
import { type ExportFormat, ReportDimension } from '../shared/reports-api.ts';
import { readScenarioFile } from '../sources/sandbox/scenario-file.ts';
import { registerAccessCommands } from './access-commands.ts';
import { registerAudienceCommands } from './audience-commands.ts';
import { registerCreativeCommands } from './creative-commands.ts';
import { registerOrderCommands } from './order-commands.ts';
import { registerPixelCommands } from './pixel-commands.ts';
import { registerScheduleCommands } from './schedule-commands.ts';
import { registerTroubleshootCommand } from './troubleshoot-command.ts';
import type { DataClient } from './data-client.ts';
import { type DataOptions, registerTemplateCommands, templateNamed } from './template-commands.ts';

const config = readConfig();
const program = new Command('adcockpit')
  .description('Adcockpit: a self-hosted command center for TikTok advertising')
  .showHelpAfterError();

const list = (value: string): string[] =>
  value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
const integer = (value: string): number => {
  const n = Number(value);
  if (!Number.isInteger(n)) throw new InvalidArgumentError('expected a whole number');
  return n;
};
const date = (value: string): string => {
  if (!isIsoDate(value)) throw new InvalidArgumentError('expected a date as YYYY-MM-DD');
  return value;
};

const withDataOptions = (command: Command): Command =>
  command
    .option('--server <url>', 'talk to a running Adcockpit server instead of opening the data directory')
    .option('--token <token>', 'the API token for --server (default: ADCOCKPIT_TOKEN)')
    .option('--data-dir <dir>', 'the data directory (default: ADCOCKPIT_DATA_DIR or ./data)');

const resolveDir = (dir?: string): string | undefined =>
  dir ? readConfig({ ADCOCKPIT_DATA_DIR: dir }).dataDir : undefined;

async function withClient<T>(options: DataOptions, fn: (client: DataClient) => Promise<T>): Promise<T> {
  // Loaded here, not at the top: the data layer (warehouse, reports, exports) is most of the command's
  // start-up, and the user and token commands never need it.
  const { localClient, remoteClient } = await import('./data-client.ts');
  const client = options.server
    ? remoteClient(options.server, options.token ?? config.apiToken)
    : await localClient({ ...config, dataDir: resolveDir(options.dataDir) ?? config.dataDir });
  try {
    return await fn(client);
  } finally {
    await client.close();
  }
}

program
  .command('serve')
  .description('serve the API and the web app (PORT, ADCOCKPIT_DATA_DIR)')
  .action(async () => {
    const { startServer } = await import('../server/start.ts');
    const server = await startServer({ config, logger: true });
    console.log(`Adcockpit is running at ${server.url} (data in ${config.dataDir})`);
    // A Ctrl-C can arrive more than once (from the shell and from npm); the first one shuts down cleanly
    // and the rest are ignored, so the warehouse is never cut off mid-write.
    let stopping: Promise<void> | null = null;
    const stop = (): void => {
      stopping ??= server.close().then(() => process.exit(0));
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });

withDataOptions(
  program
    .command('report')
    .description('run a report, or a saved template, and print it as JSON or CSV or write it as XLSX')
    .requiredOption('--advertiser <id or name>', 'the advertiser')
    .option('--template <name>', 'a report template (name or id): its breakdown, metrics, filters and dates')
    .option(
      '--from <YYYY-MM-DD>',
      'first day, in the advertiser’s time zone (default with --template: its dates)',
      date,
    )
    .option('--to <YYYY-MM-DD>', 'last day, included', date)
    .option('--dimensions <list>', `comma-separated: ${ReportDimension.options.join(', ')}`, list)
    .option('--metrics <list>', 'comma-separated metric ids (see GET /api/v1/metrics)', list)
    .option('--format <format>', 'json, csv or xlsx', 'json')
    .option('--out <file>', 'write to this file instead of standard output'),
).action(async (options: ReportOptions) => {
  checkReportOptions(options);
  const output = await withClient(options, (client) => runReportCommand(client, options));
  if (options.out) {
    fs.writeFileSync(options.out, output);
    console.error(`Wrote ${options.out}`);
  } else process.stdout.write(output);
});

interface ReportOptions extends DataOptions {
  advertiser: string;
  template?: string;
  from?: string;
  to?: string;
  dimensions?: string[];
  metrics?: string[];
  format: string;
  out?: string;
}

function checkReportOptions(o: ReportOptions): void {
  const refuse = (field: string, message: string): never => {
    throw new AppError('validation_failed', message, [{ field, message }]);
  };
  if (!['json', 'csv', 'xlsx'].includes(o.format))
    refuse('--format', `--format must be json, csv or xlsx, not "${o.format}".`);
  if ((o.from === undefined) !== (o.to === undefined))
    refuse(o.from ? '--to' : '--from', 'Give both --from and --to (or, with --template, neither).');
  if (o.template !== undefined) {
    if (o.metrics || o.dimensions)
      refuse(
        o.metrics ? '--metrics' : '--dimensions',
        'A template brings its own metrics and dimensions; leave out --metrics and --dimensions, or leave out --template.',
      );
  } else {
    if (!o.metrics?.length) refuse('--metrics', 'Name the metrics with --metrics (or run a --template).');
    if (o.from === undefined) refuse('--from', 'Give the dates with --from and --to (or run a --template).');
    const allowed: readonly string[] = ReportDimension.options;
    const unknown = (o.dimensions ?? []).filter((d) => !allowed.includes(d));
    if (unknown.length) {
      throw new AppError(
        'unknown_dimension',
        `Unknown dimension${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}; use ${allowed.join(', ')}.`,
        [{ field: '--dimensions', message: `${unknown.join(', ')} unknown` }],
      );
    }
  }
  // A spreadsheet's bytes on a terminal are noise and can upset it.
  if (o.format === 'xlsx' && !o.out && process.stdout.isTTY)
    refuse('--out', 'XLSX is a binary file: give --out FILE, or redirect standard output to a file.');
}

async function runReportCommand(client: DataClient, o: ReportOptions): Promise<string | Buffer> {
  const advertiserId = await client.resolveAdvertiser(o.advertiser);
  const range = o.from && o.to ? { from: o.from, to: o.to } : undefined;
  if (o.template !== undefined) {
    const template = await templateNamed(client, advertiserId, o.template);
    if (o.format !== 'json')
      return (await client.exportTemplate(template, o.format as ExportFormat, range)).body;
    const today = (await client.advertiser(advertiserId)).today;
    return json(await client.queryReport(templateQuery(template, today, range)));
  }
  const request = {
    advertiser_id: advertiserId,
    ...range!,
    dimensions: (o.dimensions ?? []) as ReportDimension[],
    metrics: o.metrics!,
    filters: [],
  };
  if (o.format === 'json') return json(await client.queryReport(request));
  return (await client.exportReport(request, o.format as ExportFormat)).body;
}

const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

const exportCommand = program.command('export').description('export data for your own analysis');
withDataOptions(
  exportCommand
    .command('facts')
    .description('the daily counters per ad (every base metric, with ids and names)')
    .requiredOption('--advertiser <id or name>', 'the advertiser')
    .requiredOption('--format <format>', 'csv or parquet')
    .requiredOption('--out <file>', 'where to write'),
).action(async (options: DataOptions & { advertiser: string; format: string; out: string }) => {
  if (options.format !== 'csv' && options.format !== 'parquet') {
    throw new AppError('validation_failed', `--format must be csv or parquet, not "${options.format}".`);
  }
  const rows = await withClient(options, async (client) =>
    client.exportFacts(
      await client.resolveAdvertiser(options.advertiser),
      options.format as 'csv' | 'parquet',
      options.out,
    ),
  );
  console.error(`Wrote ${rows} rows to ${options.out}`);
});

withDataOptions(
  program
    .command('insights')
    .description('what the numbers say: tired creatives, weak hooks, broken landing pages, real winners')
    .requiredOption('--advertiser <id or name>', 'the advertiser')
    .option('--as-of <date>', "the last day to consider, YYYY-MM-DD (default: the advertiser's today)", date)
    .option('--format <format>', "table or json (the API's answer)", 'table')
    .option('--include-dismissed', 'also list the dismissed and snoozed insights, with their state'),
).action(
  async (
    options: DataOptions & { advertiser: string; asOf?: string; format: string; includeDismissed?: boolean },
  ) => {
    if (options.format !== 'table' && options.format !== 'json') {
      throw new AppError('validation_failed', `--format must be table or json, not "${options.format}".`);
    }
    const list = await withClient(options, async (client) =>
      client.insights(
        await client.resolveAdvertiser(options.advertiser),
        options.asOf,
        options.includeDismissed,
      ),
    );
    if (options.format === 'json') process.stdout.write(json(list));
    else {
      const { formatInsightsTable } = await import('../insights/format-table.ts');
      process.stdout.write(formatInsightsTable(list));
    }
  },
);

const sandbox = program.command('sandbox').description('the built-in simulated ad platform');
withDataOptions(
  sandbox
    .command('seed')
    .description('(re)create the demo advertiser with simulated history')
    .option('--seed <n>', 'randomness seed: the same seed gives the same data', integer, config.sandboxSeed)
    .option('--days <n>', 'days of history, 1-365', integer, config.sandboxDays),
).action(async (options: DataOptions & { seed: number; days: number }) => {
  if (options.days < 1 || options.days > 365)
    throw new AppError('validation_failed', '--days must be between 1 and 365.');
  const id = await withClient(options, (client) => client.seedDemo(options.seed, options.days));
  console.log(id);
});

withDataOptions(
  sandbox
    .command('run')
    .description('create a scenario’s advertiser from a JSON or YAML file and simulate all its days')
    .requiredOption('--scenario <file>', 'the scenario (see docs/sandbox.md)'),
).action(async (options: DataOptions & { scenario: string }) => {
  const scenario = readScenarioFile(options.scenario);
  const result = await withClient(options, (client) => client.runScenario(scenario));
  console.error(`Simulated ${result.hours} hours of "${scenario.advertiser.name}".`);
  console.log(result.advertiserId);
});

withDataOptions(
  sandbox
    .command('advance')
    .description('move a sandbox advertiser’s simulated clock forward (past the present too)')
    .requiredOption('--advertiser <id or name>', 'the sandbox advertiser')
    .requiredOption('--hours <n>', 'whole hours to simulate', integer),
).action(async (options: DataOptions & { advertiser: string; hours: number }) => {
  if (options.hours < 1) throw new AppError('validation_failed', '--hours must be at least 1.');
  const until = await withClient(options, async (client) =>
    client.advanceSandbox(await client.resolveAdvertiser(options.advertiser), options.hours),
  );
  console.log(until.toISOString());
});

const advertiser = program.command('advertiser').description('advertiser accounts');
withDataOptions(
  advertiser
    .command('list')
    .description('id, name, currency and time zone of every advertiser')
    .option('--format <format>', 'table or json', 'table'),
).action(async (options: DataOptions & { format: string }) => {
  const advertisers = await withClient(options, (client) => client.listAdvertisers());
  if (options.format === 'json') {
    const rows = advertisers.map(({ advertiser_id, name, currency, timezone }) => ({
      advertiser_id,
      name,
      currency,
      timezone,
    }));
    process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    return;
  }
  for (const a of advertisers) console.log([a.advertiser_id, a.name, a.currency, a.timezone].join('\t'));
});

registerTemplateCommands(program, { withDataOptions, withClient });
registerAccessCommands(program, config, resolveDir);
registerPixelCommands(program, { withDataOptions, withClient });
registerCreativeCommands(program, config, resolveDir);
registerOrderCommands(program, { withDataOptions, withClient });
registerAudienceCommands(program, { withDataOptions, withClient });
registerTroubleshootCommand(program, { withDataOptions, withClient });
registerScheduleCommands(program, { withDataOptions, withClient });

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof AppError) {
    console.error(`error: ${error.message}`);
    for (const d of error.details) console.error(`  ${d.field ? `${d.field}: ` : ''}${d.message}`);
  } else {
    console.error(`error: ${(error as Error).message}`);
  }
  process.exitCode = 1;
}

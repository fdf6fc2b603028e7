// The `adcockpit` command. Thin: each command parses its flags and calls the same services as the API.
import { Command, InvalidArgumentError } from 'commander';
import { readConfig } from '../core/config.ts';
import { AppError } from '../core/errors.ts';
import { isIsoDate } from '../core/dates.ts';
import { toCsv } from '../reports/csv.ts';
import { Dimension, type ReportResponse } from '../shared/api.ts';
import { readScenarioFile } from '../sources/sandbox/scenario-file.ts';
import { registerAccessCommands } from './access-commands.ts';
import { type DataClient, localClient, remoteClient } from './data-client.ts';

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

interface DataOptions {
  server?: string;
  token?: string;
  dataDir?: string;
}
const withDataOptions = (command: Command): Command =>
  command
    .option('--server <url>', 'talk to a running Adcockpit server instead of opening the data directory')
    .option('--token <token>', 'the API token for --server (default: ADCOCKPIT_TOKEN)')
    .option('--data-dir <dir>', 'the data directory (default: ADCOCKPIT_DATA_DIR or ./data)');

const resolveDir = (dir?: string): string | undefined =>
  dir ? readConfig({ ADCOCKPIT_DATA_DIR: dir }).dataDir : undefined;

async function withClient<T>(options: DataOptions, fn: (client: DataClient) => Promise<T>): Promise<T> {
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
    .description('run a report and print it as JSON or CSV')
    .requiredOption('--advertiser <id or name>', 'the advertiser')
    .requiredOption('--from <YYYY-MM-DD>', 'first day, in the advertiser’s time zone', date)
    .requiredOption('--to <YYYY-MM-DD>', 'last day, included', date)
    .option('--dimensions <list>', `comma-separated: ${Dimension.options.join(', ')}`, list, [])
    .requiredOption('--metrics <list>', 'comma-separated metric ids (see GET /api/v1/metrics)', list)
    .option('--format <format>', 'json or csv', 'json'),
).action(
  async (
    options: DataOptions & {
      advertiser: string;
      from: string;
      to: string;
      dimensions: string[];
      metrics: string[];
      format: string;
    },
  ) => {
    if (options.format !== 'json' && options.format !== 'csv')
      throw new AppError('validation_failed', `--format must be json or csv, not "${options.format}".`);
    const unknown = options.dimensions.filter((d) => !Dimension.options.includes(d as Dimension));
    if (unknown.length) {
      throw new AppError(
        'unknown_dimension',
        `Unknown dimension${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}; use ${Dimension.options.join(', ')}.`,
      );
    }
    const result = await withClient(options, async (client) =>
      client.report(await client.resolveAdvertiser(options.advertiser), {
        from: options.from,
        to: options.to,
        dimensions: options.dimensions as Dimension[],
        metrics: options.metrics,
      }),
    );
    process.stdout.write(
      options.format === 'csv'
        ? reportCsv(result, options.dimensions, options.metrics)
        : `${JSON.stringify(result, null, 2)}\n`,
    );
  },
);

function reportCsv(result: ReportResponse, dimensions: string[], metrics: string[]): string {
  const nameColumns = dimensions
    .filter((d) => ['campaign', 'adgroup', 'ad'].includes(d))
    .map((d) => `${d}_name`);
  const header = [...dimensions, ...nameColumns, ...metrics];
  const rows = result.rows.map((row) => header.map((h) => row[h] ?? null));
  const totals = [
    ...dimensions.map((_, i) => (i === 0 ? 'Total' : '')),
    ...nameColumns.map(() => ''),
    ...metrics.map((m) => result.totals[m] ?? null),
  ];
  return toCsv(header, [...rows, totals]);
}

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

registerAccessCommands(program, config, resolveDir);

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

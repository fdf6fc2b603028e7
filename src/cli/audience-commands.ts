// `adcockpit audience import` and `adcockpit audience list`: custom audiences from a customer file (CSV
// or TXT of emails and/or phone numbers, or their SHA-256 hashes), streamed from disk through the same
// import the API runs — on the data directory, or through a running server with --server.
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { AppError } from '../core/errors.ts';
import type { Audience } from '../shared/audiences-api.ts';
import type { DataClient } from './data-client.ts';
import type { CommandKit, DataOptions } from './template-commands.ts';

const TYPES = ['auto', 'email', 'phone'] as const;

/** The advertiser named, or the only one there is. */
async function advertiserOf(client: DataClient, idOrName: string | undefined): Promise<string> {
  if (idOrName) return client.resolveAdvertiser(idOrName);
  const all = await client.listAdvertisers();
  if (all.length === 1) return all[0]!.advertiser_id;
  throw new AppError(
    'validation_failed',
    all.length === 0
      ? 'There is no advertiser yet: create the demo with "adcockpit sandbox seed" or import one.'
      : `There are ${all.length} advertisers: say which with --advertiser <id or name>.`,
    [{ field: '--advertiser', message: 'needed' }],
  );
}

const n = (v: number) => v.toLocaleString('en-US');

function printReport(a: Audience): void {
  const r = a.customer_file!;
  console.log(`Created audience "${a.name}" (${a.audience_id}) from ${r.file_name}.`);
  const rows: [string, string][] = [
    ['columns', r.columns.join(', ')],
    ['rows read', n(r.rows_read)],
    [
      'valid',
      `${n(r.valid)} (emails ${n(r.id_types.email)}, phones ${n(r.id_types.phone)}, already hashed ${n(r.id_types.sha256)})`,
    ],
    ['invalid', n(r.invalid)],
    ['duplicates', n(r.duplicates)],
    ['members', `${n(r.members)} SHA-256 hashes stored`],
    ['matched', a.matched_size === null ? 'unknown' : n(a.matched_size)],
    [
      'status',
      a.targetable ? 'ready: can be targeted' : 'too small to target (under 1,000 matched): can be excluded',
    ],
    ['took', `${(r.duration_ms / 1000).toFixed(1)} s`],
  ];
  for (const [k, v] of rows) console.log(`  ${k.padEnd(11)} ${v}`);
  for (const reason of r.invalid_reasons) {
    console.log(
      `  invalid: ${n(reason.count)} × ${reason.reason} (lines ${reason.example_lines.join(', ')}${reason.count > reason.example_lines.length ? ', …' : ''})`,
    );
  }
  console.log(`  ${a.size_basis}`);
}

export function registerAudienceCommands(
  program: Command,
  { withDataOptions, withClient }: CommandKit,
): void {
  const audience = program
    .command('audience')
    .description('custom audiences: customer files (hashed), website audiences and lookalikes');

  withDataOptions(
    audience
      .command('import')
      .description(
        'create a custom audience from a customer file (CSV/TXT with email, phone, email_sha256 or phone_sha256 columns, or one value per line); emails and phones are normalised and hashed with SHA-256, only the hashes are kept; prints the import report',
      )
      .requiredOption('--file <file>', 'the CSV or TXT file')
      .requiredOption('--name <name>', "the audience's name (at most 128 characters)")
      .option('--advertiser <id or name>', 'the advertiser (needed when there is more than one)')
      .option('--type <type>', 'what bare values are: auto (sniffed per value), email or phone', 'auto')
      .option('--default-country <code>', 'the country of phone numbers written without one, e.g. NL')
      .option('--retention-days <days>', 'how long members are kept (1–365)', '365')
      .option('--format <format>', 'text or json', 'text'),
  ).action(
    async (
      options: DataOptions & {
        file: string;
        name: string;
        advertiser?: string;
        type: string;
        defaultCountry?: string;
        retentionDays: string;
        format: string;
      },
    ) => {
      if (!(TYPES as readonly string[]).includes(options.type)) {
        throw new AppError(
          'validation_failed',
          `--type must be auto, email or phone, not "${options.type}".`,
          [{ field: '--type', message: 'auto, email or phone' }],
        );
      }
      if (!['text', 'json'].includes(options.format)) {
        throw new AppError('validation_failed', `--format must be text or json, not "${options.format}".`);
      }
      const retention = Number(options.retentionDays);
      if (!Number.isInteger(retention) || retention < 1 || retention > 365) {
        throw new AppError('validation_failed', `--retention-days must be a whole number from 1 to 365.`, [
          { field: '--retention-days', message: options.retentionDays },
        ]);
      }
      if (!fs.statSync(options.file, { throwIfNoEntry: false })?.isFile()) {
        throw new AppError('not_found', `There is no file ${options.file}.`, [
          { field: '--file', message: 'not found' },
        ]);
      }
      const created = await withClient(options, async (client) =>
        client.importAudience(await advertiserOf(client, options.advertiser), options.file, {
          name: options.name,
          file_name: path.basename(options.file),
          id_type: options.type as (typeof TYPES)[number],
          ...(options.defaultCountry ? { default_country: options.defaultCountry } : {}),
          retention_days: retention,
        }),
      ).catch((error: unknown) => {
        if (error instanceof AppError && error.code === 'validation_failed') {
          throw new AppError(error.code, `${options.file}: ${error.message}`, error.details);
        }
        throw error;
      });
      if (options.format === 'json') process.stdout.write(`${JSON.stringify(created, null, 2)}\n`);
      else printReport(created);
    },
  );

  withDataOptions(
    audience
      .command('list')
      .description(
        "the advertiser's audiences with their type, matched size and whether they can be targeted",
      )
      .option('--advertiser <id or name>', 'the advertiser (needed when there is more than one)')
      .option('--format <format>', 'text or json', 'text'),
  ).action(async (options: DataOptions & { advertiser?: string; format: string }) => {
    const list = await withClient(options, async (client) =>
      client.listAudiences(await advertiserOf(client, options.advertiser)),
    );
    if (options.format === 'json') {
      process.stdout.write(`${JSON.stringify(list.audiences, null, 2)}\n`);
      return;
    }
    if (list.audiences.length === 0) {
      console.log('No audiences yet: create one with "adcockpit audience import --file … --name …".');
      return;
    }
    for (const a of list.audiences) {
      const size = a.matched_size === null ? '—' : n(a.matched_size);
      console.log([a.audience_id, a.type, a.status, size, a.name].join('\t'));
    }
  });
}

// `adcockpit template list|export|import`: report templates as files, so a team can keep them in version
// control and carry them between installations. Each command goes through the same services as the API
// (directly on the data directory, or through a running server with --server).
import fs from 'node:fs';
import type { Command } from 'commander';
import { AppError } from '../core/errors.ts';
import type { ReportTemplate } from '../shared/reports-api.ts';
import type { DataClient } from './data-client.ts';
import { readTemplateFile, withLines } from './template-file.ts';

export interface DataOptions {
  server?: string;
  token?: string;
  dataDir?: string;
}

export interface CommandKit {
  withDataOptions(command: Command): Command;
  withClient<T>(options: DataOptions, fn: (client: DataClient) => Promise<T>): Promise<T>;
}

/** The advertiser's template with this id or name (case-insensitive); the error lists the names there are. */
export async function templateNamed(
  client: DataClient,
  advertiserId: string,
  idOrName: string,
): Promise<ReportTemplate> {
  const templates = await client.listTemplates(advertiserId);
  const wanted = idOrName.trim().toLowerCase();
  const template = templates.find((t) => t.template_id === idOrName || t.name.toLowerCase() === wanted);
  if (!template) {
    throw new AppError(
      'not_found',
      `This advertiser has no report template "${idOrName}". It has: ${templates.map((t) => `"${t.name}"`).join(', ') || 'none'}. List them with "adcockpit template list".`,
      [{ field: '--template', message: 'unknown template' }],
    );
  }
  return template;
}

export function registerTemplateCommands(program: Command, kit: CommandKit): void {
  const template = program
    .command('template')
    .description('report templates: list them, export one to a file, import one from a file');

  kit
    .withDataOptions(
      template
        .command('list')
        .description('the advertiser’s report templates: id, name, breakdown and metrics')
        .requiredOption('--advertiser <id or name>', 'the advertiser')
        .option('--format <format>', 'table or json', 'table'),
    )
    .action(async (options: DataOptions & { advertiser: string; format: string }) => {
      const templates = await kit.withClient(options, async (client) =>
        client.listTemplates(await client.resolveAdvertiser(options.advertiser)),
      );
      if (options.format === 'json') {
        process.stdout.write(`${JSON.stringify(templates, null, 2)}\n`);
        return;
      }
      for (const t of templates) {
        const by = t.definition.dimensions.join(', ') || 'total';
        console.log(
          [
            t.template_id,
            t.name,
            t.builtin ? 'built in' : '',
            `by ${by}`,
            t.definition.metrics.join(','),
          ].join('\t'),
        );
      }
    });

  kit
    .withDataOptions(
      template
        .command('export')
        .description('write a template as a JSON file, with the custom columns it uses')
        .requiredOption('--advertiser <id or name>', 'the advertiser')
        .requiredOption('--name <template>', 'the template’s name or id')
        .option('--out <file>', 'where to write (default: standard output)'),
    )
    .action(async (options: DataOptions & { advertiser: string; name: string; out?: string }) => {
      const file = await kit.withClient(options, async (client) => {
        const advertiserId = await client.resolveAdvertiser(options.advertiser);
        const found = await templateNamed(client, advertiserId, options.name);
        return client.templateFile(advertiserId, found.template_id);
      });
      const text = `${JSON.stringify(file, null, 2)}\n`;
      if (!options.out) {
        process.stdout.write(text);
        return;
      }
      fs.writeFileSync(options.out, text);
      console.error(
        `Wrote "${file.name}" with ${file.custom_columns.length} custom column${file.custom_columns.length === 1 ? '' : 's'} to ${options.out}`,
      );
    });

  kit
    .withDataOptions(
      template
        .command('import')
        .description('create a template from a file, with the custom columns it carries (all or nothing)')
        .argument('<file>', 'a file written by "adcockpit template export"')
        .requiredOption('--advertiser <id or name>', 'the advertiser'),
    )
    .action(async (path: string, options: DataOptions & { advertiser: string }) => {
      const { file, text } = readTemplateFile(path);
      const result = await kit.withClient(options, async (client) => {
        const advertiserId = await client.resolveAdvertiser(options.advertiser);
        try {
          return await client.importTemplate(advertiserId, file);
        } catch (error) {
          // The server's fields name places in the file: say on which line they are.
          if (error instanceof AppError)
            throw new AppError(error.code, error.message, withLines(error.details, text));
          throw error;
        }
      });
      const columns = [
        result.created_columns.length ? `created ${result.created_columns.join(', ')}` : '',
        result.reused_columns.length ? `reused ${result.reused_columns.join(', ')}` : '',
      ].filter(Boolean);
      console.error(
        `Imported "${result.template.name}"${columns.length ? ` (custom columns: ${columns.join('; ')})` : ''}.`,
      );
      console.log(result.template.template_id);
    });
}

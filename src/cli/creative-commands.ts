// `adcockpit creative add FILE`: adds a video or image to an advertiser's creative library from the
// command line, checked and stored exactly as an upload through the API is. Works on the data directory
// (the server must not be running on it).
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { SYSTEM_ACTOR } from '../access/audit.ts';
import { openAppContext } from '../app-context.ts';
import { findAdvertiser, listAdvertisers } from '../catalog/advertisers.ts';
import type { Config } from '../core/config.ts';
import { AppError } from '../core/errors.ts';
import type { CreativeUploaded } from '../shared/creatives-api.ts';

const operator = { ...SYSTEM_ACTOR, label: 'command line' };

export function registerCreativeCommands(
  program: Command,
  config: Config,
  resolveDir: (dir?: string) => string | undefined,
): void {
  const creative = program.command('creative').description('the creative library: videos and images for ads');
  creative
    .command('add')
    .description(
      'add a video (MP4, MOV) or image (JPG, PNG) to the library; prints its creative id and the properties read from the file',
    )
    .argument('<file>', 'the file to add')
    .option('--advertiser <id or name>', 'the advertiser (needed when there is more than one)')
    .option('--format <format>', 'text or json', 'text')
    .option('--data-dir <dir>', 'the data directory')
    .action(async (file: string, options: { advertiser?: string; format: string; dataDir?: string }) => {
      if (!['text', 'json'].includes(options.format)) {
        throw new AppError('validation_failed', `--format must be text or json, not "${options.format}".`);
      }
      let stat: fs.Stats;
      try {
        stat = fs.statSync(file);
      } catch {
        throw new AppError('not_found', `There is no file ${file}.`, [
          { field: 'FILE', message: 'not found' },
        ]);
      }
      if (!stat.isFile()) throw new AppError('validation_failed', `${file} is not a file.`);
      const { uploadCreative } = await import('../creatives/upload.ts');
      const dir = resolveDir(options.dataDir);
      const ctx = await openAppContext(dir ? { ...config, dataDir: dir } : config);
      let result: CreativeUploaded;
      try {
        const advertiserId = await advertiserFor(ctx.catalog, options.advertiser);
        result = await uploadCreative(
          ctx,
          operator,
          advertiserId,
          path.basename(file),
          fs.createReadStream(file),
        );
      } finally {
        await ctx.close();
      }
      if (options.format === 'json') {
        process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
        return;
      }
      const c = result.creative;
      const m = c.media!;
      console.log(result.message);
      const rows: [string, string][] = [
        ['creative_id', c.creative_id],
        ['file_name', c.file_name],
        ['kind', c.kind],
        ['format', m.format],
        ['width', String(c.width)],
        ['height', String(c.height)],
        ['aspect_ratio', c.aspect_ratio],
        ['duration_s', c.duration_s === null ? '-' : String(c.duration_s)],
        ['video_codec', m.video_codec],
        ['audio_codec', m.audio_codec ?? '-'],
        ['size_bytes', String(m.size_bytes)],
        ['md5', m.md5],
        ['sha256', m.sha256],
        [
          'previews',
          m.preview_error ? `none: ${m.preview_error}` : m.has_poster ? 'poster, thumbnail' : 'thumbnail',
        ],
      ];
      for (const [key, value] of rows) console.log(`${key}\t${value}`);
    });
}

async function advertiserFor(
  db: Parameters<typeof findAdvertiser>[0],
  wanted: string | undefined,
): Promise<string> {
  if (wanted) return (await findAdvertiser(db, wanted)).advertiser_id;
  const all = await listAdvertisers(db);
  if (all.length === 1) return all[0]!.advertiser_id;
  throw new AppError(
    'validation_failed',
    all.length === 0
      ? 'There is no advertiser yet: create one first (e.g. "adcockpit sandbox seed").'
      : `Say which advertiser with --advertiser <id or name>: there are ${all.length} (${all.map((a) => a.name).join(', ')}).`,
    [{ field: '--advertiser', message: 'required' }],
  );
}

// Where mail goes: the SMTP server named by SMTP_URL (it wins), else the one an admin set in the app, else
// the outbox in the data directory. The stored SMTP URL holds the password; it is read here to send and
// never answered back — the API shows the host, port, user and whether a password is set.
import type { Queryable } from '../catalog/db.ts';
import type { Config } from '../core/config.ts';
import { AppError } from '../core/errors.ts';
import type { MailSettings, MailSettingsUpdate } from '../shared/schedules-api.ts';

export const DEFAULT_FROM = 'Adcockpit <reports@adcockpit.localhost>';

interface SettingsRow {
  smtp_url: string | null;
  from_address: string | null;
  app_url: string | null;
  modified_by: string | null;
  modified_at: Date;
}

/** What the sender needs: the SMTP URL to use (null: the outbox), the From address and the app's address. */
export interface EffectiveMailConfig {
  smtpUrl: string | null;
  source: MailSettings['source'];
  from: string;
  appUrl: string;
}

async function readRow(db: Queryable): Promise<SettingsRow | null> {
  const [row] = await db.query<SettingsRow>('select * from mail_settings where singleton');
  return row ?? null;
}

/** `fallbackAppUrl` is the server's own address, used when neither ADCOCKPIT_PUBLIC_URL nor the settings say. */
export async function effectiveMailConfig(
  db: Queryable,
  config: Config,
  fallbackAppUrl: string,
): Promise<EffectiveMailConfig> {
  const row = await readRow(db);
  const smtpUrl = config.smtpUrl ?? row?.smtp_url ?? null;
  return {
    smtpUrl,
    source: config.smtpUrl ? 'env' : row?.smtp_url ? 'settings' : 'none',
    from: row?.from_address ?? config.mailFrom ?? DEFAULT_FROM,
    appUrl: (config.publicUrl ?? row?.app_url ?? fallbackAppUrl).replace(/\/+$/, ''),
  };
}

/** The settings as the API shows them: never the password. */
export async function describeMailSettings(
  db: Queryable,
  config: Config,
  fallbackAppUrl: string,
): Promise<MailSettings> {
  const row = await readRow(db);
  const effective = await effectiveMailConfig(db, config, fallbackAppUrl);
  const url = effective.smtpUrl ? new URL(effective.smtpUrl) : null;
  return {
    transport: url ? 'smtp' : 'outbox',
    source: effective.source,
    host: url?.hostname ?? null,
    port: url ? Number(url.port || (url.protocol === 'smtps:' ? 465 : 587)) : null,
    secure: url ? url.protocol === 'smtps:' : null,
    user: url?.username ? decodeURIComponent(url.username) : null,
    has_password: Boolean(url?.password),
    from: effective.from,
    app_url: effective.appUrl,
    modified_by: row?.modified_by ?? null,
    modified_at: row ? row.modified_at.toISOString() : null,
  };
}

/** Checks an SMTP URL enough to catch typos; the field is named for the error. */
export function checkSmtpUrl(value: string, field = 'smtp_url'): void {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new AppError(
      'validation_failed',
      `"${field}" is not a URL; write it as smtp://user:password@host:587.`,
      [{ field, message: 'write it as smtp://user:password@host:587 (or smtps://… for port 465)' }],
    );
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') {
    throw new AppError(
      'validation_failed',
      `"${field}" must start with smtp:// or smtps://, not ${url.protocol}//.`,
      [{ field, message: 'must start with smtp:// or smtps://' }],
    );
  }
  if (!url.hostname) {
    throw new AppError('validation_failed', `"${field}" names no host.`, [
      { field, message: 'names no host' },
    ]);
  }
}

export async function updateMailSettings(
  db: Queryable,
  update: MailSettingsUpdate,
  actor: string,
): Promise<void> {
  if (update.smtp_url) checkSmtpUrl(update.smtp_url, 'body.smtp_url');
  if (update.from !== undefined && !/@/.test(update.from)) {
    throw new AppError('validation_failed', `The From address "${update.from}" holds no e-mail address.`, [
      { field: 'body.from', message: 'write an address such as "Reports <reports@example.com>"' },
    ]);
  }
  const current = await readRow(db);
  const next = {
    smtp_url: update.smtp_url === undefined ? (current?.smtp_url ?? null) : update.smtp_url || null,
    from_address: update.from === undefined ? (current?.from_address ?? null) : update.from,
    app_url: update.app_url === undefined ? (current?.app_url ?? null) : update.app_url,
  };
  await db.query(
    `insert into mail_settings (singleton, smtp_url, from_address, app_url, modified_by, modified_at)
     values (true, $1, $2, $3, $4, now())
     on conflict (singleton) do update set smtp_url = excluded.smtp_url, from_address = excluded.from_address,
       app_url = excluded.app_url, modified_by = excluded.modified_by, modified_at = now()`,
    [next.smtp_url, next.from_address, next.app_url, actor],
  );
}

// Configuration is read from the environment once, at start-up, into this typed object; nothing else in
// the code base reads process.env.
import path from 'node:path';

export interface Config {
  port: number;
  host: string;
  /** Where the catalog (PGlite), the warehouse (DuckDB) and uploaded files live. */
  dataDir: string;
  /** A PostgreSQL server for the catalog instead of the embedded PGlite, when set. */
  databaseUrl: string | null;
  /** Seed of the demo advertiser created on an empty data directory. */
  sandboxSeed: number;
  sandboxDays: number;
  logLevel: string;
  /** Creates the owner at the first start, for scripted installs; otherwise the web app's setup page does. */
  adminEmail: string | null;
  adminPassword: string | null;
  /** Behind a reverse proxy: trust X-Forwarded-* for the client address and HTTPS (Secure cookies). */
  trustProxy: boolean;
  /** The CLI's API token for --server. */
  apiToken: string | null;
  /** The SMTP server for scheduled reports and alerts (smtp://user:pass@host:587); wins over the settings page. */
  smtpUrl: string | null;
  /** The From address of scheduled reports and alerts, unless set on the settings page. */
  mailFrom: string | null;
  /** The address people open Adcockpit at, for links in e-mails; otherwise the server's own address. */
  publicUrl: string | null;
  /** How often the scheduler looks for due reports and messages to send. */
  schedulerTickMs: number;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = Number(env.PORT ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`PORT must be a port number (0-65535), got "${env.PORT}".`);
  }
  return {
    port,
    host: env.HOST ?? '0.0.0.0',
    dataDir: path.resolve(env.ADCOCKPIT_DATA_DIR ?? './data'),
    databaseUrl: env.DATABASE_URL || null,
    sandboxSeed: Number(env.ADCOCKPIT_SANDBOX_SEED ?? 42),
    sandboxDays: Number(env.ADCOCKPIT_SANDBOX_DAYS ?? 60),
    logLevel: env.LOG_LEVEL ?? 'info',
    adminEmail: env.ADCOCKPIT_ADMIN_EMAIL || null,
    adminPassword: env.ADCOCKPIT_ADMIN_PASSWORD || null,
    trustProxy: ['1', 'true', 'yes'].includes((env.ADCOCKPIT_TRUST_PROXY ?? '').toLowerCase()),
    apiToken: env.ADCOCKPIT_TOKEN || null,
    smtpUrl: env.SMTP_URL || null,
    mailFrom: env.ADCOCKPIT_MAIL_FROM || null,
    publicUrl: env.ADCOCKPIT_PUBLIC_URL || null,
    schedulerTickMs: Number(env.ADCOCKPIT_SCHEDULER_TICK_MS ?? 30_000),
  };
}

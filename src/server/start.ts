// Starts Adcockpit: opens the data directory, creates the demo advertiser on a fresh one, serves HTTP,
// and keeps the sandbox's simulated clock in step with the real one in the background.
import { type AppContext, openAppContext } from '../app-context.ts';
import { type Config, readConfig } from '../core/config.ts';
import { ensureBuiltinTemplatesForAll } from '../reports/templates-file.ts';
import { catchUpSandboxes, seedDemoIfEmpty } from '../sources/sandbox/bootstrap.ts';
import { buildApp } from './app.ts';
import { createOwnerFromConfig } from '../access/first-run.ts';
import { checkAlerts } from '../alerts/check-alerts.ts';
import { messageContent } from '../schedules/content.ts';
import { startScheduler } from '../schedules/scheduler.ts';

const CATCH_UP_EVERY_MS = 5 * 60_000;

export interface RunningServer {
  url: string;
  ctx: AppContext;
  close(): Promise<void>;
}

export interface StartOptions {
  port?: number;
  host?: string;
  dataDir?: string;
  /** Days of demo history on a fresh data directory. */
  seedDays?: number;
  /** Create the owner at first start (as ADCOCKPIT_ADMIN_EMAIL / ADCOCKPIT_ADMIN_PASSWORD do). */
  adminEmail?: string;
  adminPassword?: string;
  logger?: boolean;
  config?: Config;
}

export async function startServer(options: StartOptions = {}): Promise<RunningServer> {
  const base = options.config ?? readConfig();
  const config: Config = {
    ...base,
    port: options.port ?? base.port,
    host: options.host ?? base.host,
    dataDir: options.dataDir ?? base.dataDir,
    sandboxDays: options.seedDays ?? base.sandboxDays,
    adminEmail: options.adminEmail ?? base.adminEmail,
    adminPassword: options.adminPassword ?? base.adminPassword,
  };
  const ctx = await openAppContext(config);
  const log = (message: string): void => {
    if (options.logger) console.log(message);
  };
  let app: Awaited<ReturnType<typeof buildApp>>;
  const { replayedRecordsAtOpen, tornBytesAtOpen } = ctx.events.stats();
  if (replayedRecordsAtOpen > 0 || tornBytesAtOpen > 0) {
    log(
      `Stored ${replayedRecordsAtOpen} Events API requests left in the journal by the last run (${tornBytesAtOpen} bytes of an unacknowledged last write set aside).`,
    );
  }
  try {
    // Advertisers from before report templates existed get the built-in ones (once; see the function).
    await ensureBuiltinTemplatesForAll(ctx.catalog);
    if (await createOwnerFromConfig(ctx.catalog, config))
      log(`Created the owner account ${config.adminEmail}.`);
    if (
      await seedDemoIfEmpty(ctx.catalog, ctx.facts, {
        seed: config.sandboxSeed,
        historyDays: config.sandboxDays,
        // The last 48 hours' browser events go through the events ingestion, so the live feed has them.
        events: ctx.events,
      })
    ) {
      log(`Created the sandbox demo advertiser with ${config.sandboxDays} days of history.`);
    }
    app = await buildApp(ctx, { logger: options.logger });
    await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    await ctx.close();
    throw error;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${port}`;

  // Scheduled reports and alert messages; its first tick catches up on what came due while down.
  const scheduler = startScheduler(ctx, {
    content: messageContent,
    tickMs: config.schedulerTickMs,
    fallbackAppUrl: url,
    onError: (error) => app.log.error({ err: error }, 'scheduled delivery failed'),
  });

  let catchingUp: Promise<void> = Promise.resolve();
  const catchUp = (): void => {
    catchingUp = catchingUp
      .then(() => catchUpSandboxes(ctx.catalog, ctx.facts, { events: ctx.events }))
      .catch((error: unknown) => app.log.error({ err: error }, 'sandbox catch-up failed'))
      // Fresh data: alert rules are checked on it, and any message they open goes out at once.
      .then(() => checkAlerts(ctx, messageContent))
      .then((checked) => {
        for (const p of checked.problems)
          app.log.error(`alert ${p.alertId} could not be checked: ${p.message}`);
        if (checked.opened.length > 0) return scheduler.tick();
      })
      .catch((error: unknown) => app.log.error({ err: error }, 'alert check failed'));
  };
  catchUp();
  const timer = setInterval(catchUp, CATCH_UP_EVERY_MS);
  timer.unref();

  return {
    url,
    ctx,
    async close() {
      clearInterval(timer);
      await app.close();
      await catchingUp;
      await scheduler.stop();
      await ctx.close();
    },
  };
}

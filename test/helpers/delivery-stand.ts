// What the alert and schedule delivery tests run on: a seeded advertiser (PGlite, DuckDB), a real SMTP
// server the engine sends to, and message content whose outcome a test steers.
import type { EngineContext } from '../../src/schedules/engine.ts';
import { type SteerableContent, steerableContent } from './message-stand-ins.ts';
import { type SeededContext, seededContext } from './seeded-context.ts';
import { type SmtpSink, startSmtpSink } from './smtp-sink.ts';

export interface DeliveryStand {
  seeded: SeededContext;
  sink: SmtpSink;
  /** The seeded context, its SMTP address pointing at the sink. */
  engineCtx: EngineContext;
  content: SteerableContent;
  close(): Promise<void>;
  /** Forgets what the last test sent: the deliveries, the given tables' rows and the sink's messages. */
  clear(...tables: string[]): Promise<void>;
}

export async function startDeliveryStand(options: { days: number; now: number }): Promise<DeliveryStand> {
  const seeded = await seededContext(options);
  let sink: SmtpSink;
  try {
    sink = await startSmtpSink();
  } catch (error) {
    await seeded.dispose();
    throw error;
  }
  return {
    seeded,
    sink,
    engineCtx: { ...seeded.ctx, config: { ...seeded.ctx.config, smtpUrl: sink.url } },
    content: steerableContent(),
    async close() {
      await sink.close();
      await seeded.dispose();
    },
    async clear(...tables) {
      for (const table of ['deliveries', ...tables]) await seeded.ctx.catalog.query(`delete from ${table}`);
      sink.messages.length = 0;
    },
  };
}

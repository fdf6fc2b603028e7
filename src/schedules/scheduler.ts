// The scheduler of a server process: every tick it makes the deliveries of due schedules and sends what
// is ready (new deliveries, retries whose back-off has passed, deliveries a dead process left behind).
// Ticks never overlap: the next is planned when the last has finished, and a tick asked for while one
// runs waits for it. Stopping waits for the running tick, so no send is cut off by a clean shutdown.
import { scanDueSchedules } from './due-scan.ts';
import { type EngineContext, type EngineOptions, sendReadyDeliveries } from './engine.ts';

export interface SchedulerOptions extends EngineOptions {
  tickMs: number;
  onError(error: unknown): void;
  /** Told what each tick did (for the server's log). */
  onTick?(summary: { created: number; sent: number; retrying: number; failed: number }): void;
}

export interface Scheduler {
  /** Runs a tick now (after the running one, if any) and resolves when it is done. */
  tick(): Promise<void>;
  stop(): Promise<void>;
}

export function startScheduler(ctx: EngineContext, options: SchedulerOptions): Scheduler {
  const clock = options.clock ?? (() => new Date());
  let queue: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;

  const runTick = async (): Promise<void> => {
    try {
      const scan = await scanDueSchedules(ctx.catalog, clock());
      for (const problem of scan.problems) {
        options.onError(new Error(`Schedule ${problem.scheduleId} could not be scanned: ${problem.message}`));
      }
      const results = await sendReadyDeliveries(ctx, options);
      options.onTick?.({
        created: scan.created.length,
        sent: results.filter((r) => r === 'sent').length,
        retrying: results.filter((r) => r === 'retrying').length,
        failed: results.filter((r) => r === 'failed').length,
      });
    } catch (error) {
      options.onError(error);
    }
  };

  const tick = (): Promise<void> => {
    queue = queue.then(runTick);
    return queue;
  };

  const plan = (): void => {
    if (stopped) return;
    timer = setTimeout(() => {
      void tick().then(plan);
    }, options.tickMs);
    timer.unref();
  };

  // The first tick at once: it is the catch-up of whatever came due while the server was down.
  void tick().then(plan);

  return {
    tick,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await queue;
    },
  };
}

// A server's scheduler alone, as a separate process, for tests of several processes sharing one catalog:
// opens the app context from the environment (DATABASE_URL, ADCOCKPIT_DATA_DIR, SMTP_URL), runs the
// scheduler with the tick and lease given in argv, and prints one JSON line per tick.
//   tsx test/helpers/scheduler-process.ts <tickMs> <leaseMs>
import { openAppContext } from '../../src/app-context.ts';
import { readConfig } from '../../src/core/config.ts';
import { messageContent } from '../../src/schedules/content.ts';
import { startScheduler } from '../../src/schedules/scheduler.ts';

const [tickMs, leaseMs] = process.argv.slice(2).map(Number);
const ctx = await openAppContext(readConfig());
let ticks = 0;
const scheduler = startScheduler(ctx, {
  content: messageContent,
  tickMs: tickMs!,
  leaseMs: leaseMs!,
  owner: `test-process-${process.pid}`,
  onError: (error) => console.error(String((error as Error).stack ?? error)),
  onTick: (summary) => console.log(JSON.stringify({ tick: ++ticks, ...summary })),
});
process.on('SIGTERM', () => {
  void scheduler.stop().then(() => ctx.close().then(() => process.exit(0)));
});

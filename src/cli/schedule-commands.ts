// `adcockpit schedule create|list|run`: scheduled reports from the command line, through the same
// services as the API (directly on the data directory, or through a running server with --server).
import type { Command } from 'commander';
import { AppError } from '../core/errors.ts';
import type { AttachFormat, Delivery, Recurrence, RelativeRange, Schedule } from '../shared/schedules-api.ts';
import { RelativeRange as RelativeRanges } from '../shared/schedules-api.ts';
import { type CommandKit, type DataOptions, templateNamed } from './template-commands.ts';

const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

const invalid = (flag: string, message: string): AppError =>
  new AppError('validation_failed', `${flag} ${message}`, [{ field: flag, message }]);

const list = (value: string | undefined): string[] =>
  (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/** The recurrence the flags describe; weekly defaults to Mondays and monthly to the 1st. */
export function recurrenceFromFlags(every: string, on?: string, day?: string): Recurrence {
  if (on !== undefined && every !== 'weekly') throw invalid('--on', 'goes with --every weekly');
  if (day !== undefined && every !== 'monthly') throw invalid('--day', 'goes with --every monthly');
  switch (every) {
    case 'daily':
      return { every: 'daily' };
    case 'weekly': {
      const weekdays = list(on ?? 'mon').map((name) => {
        const index = WEEKDAYS.indexOf(name.toLowerCase().slice(0, 3));
        if (index < 0 || !WEEKDAYS.some((w) => name.toLowerCase().startsWith(w))) {
          throw invalid('--on', `has "${name}", not a weekday (write mon,tue,wed,thu,fri,sat,sun)`);
        }
        return index + 1;
      });
      return { every: 'weekly', weekdays: [...new Set(weekdays)].sort() };
    }
    case 'monthly': {
      if (day === undefined || day === 'last') return { every: 'monthly', day: day === 'last' ? 'last' : 1 };
      const n = Number(day);
      if (!Number.isInteger(n) || n < 1 || n > 31)
        throw invalid('--day', `is "${day}"; write 1 to 31, or last`);
      return { every: 'monthly', day: n };
    }
    default:
      throw invalid('--every', `is "${every}"; write daily, weekly or monthly`);
  }
}

function attachFromFlag(value: string | undefined): AttachFormat[] {
  return list(value).map((format) => {
    if (format !== 'csv' && format !== 'xlsx')
      throw invalid('--attach', `has "${format}"; write csv, xlsx or csv,xlsx`);
    return format;
  });
}

function rangeFromFlag(value: string): RelativeRange {
  const parsed = RelativeRanges.safeParse(value);
  if (!parsed.success)
    throw invalid('--range', `is "${value}"; write one of ${RelativeRanges.options.join(', ')}`);
  return parsed.data;
}

const when = (r: Recurrence): string =>
  r.every === 'daily'
    ? 'daily'
    : r.every === 'weekly'
      ? `weekly on ${r.weekdays.map((d) => WEEKDAYS[d - 1]).join(',')}`
      : `monthly on ${r.day === 'last' ? 'the last day' : `day ${r.day}`}`;

function scheduleLine(s: Schedule): string {
  const to = [...s.recipients.members.map((m) => m.email), ...s.recipients.emails];
  return [
    s.schedule_id,
    s.template_name,
    `${when(s.recurrence)} at ${s.at} ${s.time_zone}`,
    s.range,
    s.paused ? 'paused' : `next ${s.next_send_at}`,
    `to ${to.join(',')}`,
    s.last_delivery ? `last ${s.last_delivery.status}` : '',
  ].join('\t');
}

/** One line a person reads: how the send went, with the server's answer when it did not. */
export function deliveryOutcome(d: Delivery): string {
  const sent = d.recipients.filter((r) => r.status === 'sent').length;
  const via = d.transport === 'outbox' ? ' (no SMTP server configured: written to the outbox)' : '';
  switch (d.status) {
    case 'sent':
      return `Sent "${d.subject}" to ${sent} recipient${sent === 1 ? '' : 's'}${via}. Delivery ${d.delivery_id}.`;
    case 'retrying':
      return `Not sent yet: ${d.last_error}. The server retries at ${d.next_attempt_at}. Delivery ${d.delivery_id}.`;
    case 'failed':
      return `Failed: ${d.last_error}. Delivery ${d.delivery_id}.`;
    default:
      return `Delivery ${d.delivery_id} is ${d.status}: another process is sending it.`;
  }
}

export function registerScheduleCommands(program: Command, kit: CommandKit): void {
  const schedule = program
    .command('schedule')
    .description('scheduled reports: e-mail a report template on a recurrence');

  kit
    .withDataOptions(
      schedule
        .command('create')
        .description('schedule a report template; prints the schedule id')
        .requiredOption('--advertiser <id or name>', 'the advertiser')
        .requiredOption('--template <name>', 'the report template (name or id)')
        .requiredOption('--every <daily|weekly|monthly>', 'how often')
        .option('--on <weekdays>', 'with weekly: the days, e.g. mon,wed (default mon)')
        .option('--day <n|last>', 'with monthly: the day of the month, or last (default 1)')
        .option('--at <HH:MM>', 'the time of day on the advertiser’s clock', '08:00')
        .option(
          '--range <range>',
          `the report’s dates relative to the send: ${RelativeRanges.options.join(', ')}`,
          'last_7_days',
        )
        .requiredOption('--to <addresses>', 'e-mail addresses, comma-separated')
        .option('--attach <formats>', 'attach the full report: csv, xlsx or csv,xlsx')
        .option('--paused', 'create it paused'),
    )
    .action(
      async (
        options: DataOptions & {
          advertiser: string;
          template: string;
          every: string;
          on?: string;
          day?: string;
          at: string;
          range: string;
          to: string;
          attach?: string;
          paused?: boolean;
        },
      ) => {
        const recurrence = recurrenceFromFlags(options.every, options.on, options.day);
        const range = rangeFromFlag(options.range);
        const attach = attachFromFlag(options.attach);
        const emails = list(options.to);
        if (emails.length === 0) throw invalid('--to', 'names no address');
        const created = await kit.withClient(options, async (client) => {
          const advertiserId = await client.resolveAdvertiser(options.advertiser);
          const template = await templateNamed(client, advertiserId, options.template);
          return client.createSchedule(advertiserId, {
            template_id: template.template_id,
            recurrence,
            at: options.at,
            range,
            recipients: { members: [], emails },
            attach,
            paused: options.paused ?? false,
          });
        });
        console.error(
          created.paused
            ? 'Created, paused.'
            : `Created; the first send is at ${created.next_send_at} (${created.time_zone} ${created.at}).`,
        );
        console.log(created.schedule_id);
      },
    );

  kit
    .withDataOptions(
      schedule
        .command('list')
        .description('scheduled reports: id, template, when, range, next send, recipients, last delivery')
        .option('--advertiser <id or name>', 'one advertiser (default: every advertiser you see)')
        .option('--format <format>', 'table or json', 'table'),
    )
    .action(async (options: DataOptions & { advertiser?: string; format: string }) => {
      const schedules = await kit.withClient(options, async (client) => {
        const ids = options.advertiser
          ? [await client.resolveAdvertiser(options.advertiser)]
          : (await client.listAdvertisers()).map((a) => a.advertiser_id);
        return (await Promise.all(ids.map((id) => client.listSchedules(id)))).flat();
      });
      if (options.format === 'json') {
        process.stdout.write(`${JSON.stringify(schedules, null, 2)}\n`);
        return;
      }
      for (const s of schedules) console.log(scheduleLine(s));
    });

  kit
    .withDataOptions(
      schedule
        .command('run')
        .description(
          'send a schedule’s report now (a send of its own; the scheduled ones go on) and print how it went',
        )
        .requiredOption('--id <schedule id>', 'the schedule (see "adcockpit schedule list")')
        .option('--format <format>', 'text or json', 'text'),
    )
    .action(async (options: DataOptions & { id: string; format: string }) => {
      const delivery = await kit.withClient(options, (client) => client.runSchedule(options.id));
      if (options.format === 'json') process.stdout.write(`${JSON.stringify(delivery, null, 2)}\n`);
      else console.log(deliveryOutcome(delivery));
      if (delivery.status === 'failed') process.exitCode = 1;
    });
}

// The JSON shapes of scheduled reports and alerts (F4.4, F2.3): schedules that e-mail a saved report on a
// recurrence, alert rules that watch a metric condition or the insights, the delivery log (one entry per
// message, with every attempt and each recipient's outcome), the outbox (messages written to the data
// directory when no SMTP server is configured) and the mail settings. Declared once, used by the server
// (validation, OpenAPI), the CLI and the web app.
import { z } from 'zod';
import { InsightCode, InsightSeverity } from './insights-api.ts';

// ---------------------------------------------------------------------------------------------- schedules

/** Weekdays are ISO numbers: 1 = Monday … 7 = Sunday. */
export const Recurrence = z.discriminatedUnion('every', [
  z.object({ every: z.literal('daily') }),
  z.object({
    every: z.literal('weekly'),
    weekdays: z
      .array(
        z
          .number()
          .int()
          .min(1, 'weekdays are 1 (Monday) to 7 (Sunday)')
          .max(7, 'weekdays are 1 (Monday) to 7 (Sunday)'),
      )
      .min(1, 'choose at least one weekday')
      .max(7),
  }),
  z.object({
    every: z.literal('monthly'),
    /** A day of the month (a month without it sends on its last day) or "last". */
    day: z.union([z.number().int().min(1).max(31), z.literal('last')]),
  }),
]);
export type Recurrence = z.infer<typeof Recurrence>;

export const RelativeRange = z.enum([
  'yesterday',
  'last_7_days',
  'last_14_days',
  'last_30_days',
  'last_week',
  'last_month',
  'month_to_date',
]);
export type RelativeRange = z.infer<typeof RelativeRange>;

export const AttachFormat = z.enum(['csv', 'xlsx']);
export type AttachFormat = z.infer<typeof AttachFormat>;

/** A time of day on the advertiser's clock, 24-hour. */
export const TimeOfDay = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected a time of day as HH:MM (00:00-23:59)');

/**
 * Who receives a report: team members by user id (their current address is used at each send) and any
 * other addresses. There is no limit on the count; at least one recipient in all.
 */
export const RecipientsInput = z.object({
  members: z.array(z.string().min(1)).default([]),
  emails: z.array(z.string().trim()).default([]),
});
export type RecipientsInput = z.infer<typeof RecipientsInput>;

export const ScheduleMember = z.object({ user_id: z.string(), name: z.string(), email: z.string() });

export const Schedule = z.object({
  schedule_id: z.string(),
  advertiser_id: z.string(),
  template_id: z.string(),
  template_name: z.string(),
  recurrence: Recurrence,
  at: TimeOfDay,
  /** The advertiser's time zone: `at` and the report period are read on its clock. */
  time_zone: z.string(),
  range: RelativeRange,
  recipients: z.object({ members: z.array(ScheduleMember), emails: z.array(z.string()) }),
  attach: z.array(AttachFormat),
  paused: z.boolean(),
  /** The next send (ISO instant); null while paused. */
  next_send_at: z.string().nullable(),
  /** The newest delivery of this schedule, for the list's "last sent" column. */
  last_delivery: z
    .object({
      delivery_id: z.string(),
      status: z.string(),
      scheduled_for: z.string(),
      sent_at: z.string().nullable(),
    })
    .nullable(),
  created_by: z.string(),
  created_at: z.string(),
  modified_at: z.string(),
});
export type Schedule = z.infer<typeof Schedule>;

export const ScheduleList = z.object({ schedules: z.array(Schedule) });
export type ScheduleList = z.infer<typeof ScheduleList>;

export const ScheduleCreate = z.object({
  template_id: z.string().min(1),
  recurrence: Recurrence,
  at: TimeOfDay.default('08:00'),
  range: RelativeRange.default('last_7_days'),
  recipients: RecipientsInput,
  attach: z.array(AttachFormat).default([]),
  paused: z.boolean().default(false),
});
export type ScheduleCreate = z.input<typeof ScheduleCreate>;

/** Changes only what it names; pausing and resuming is `{ "paused": true | false }`. */
export const ScheduleUpdate = z.object({
  template_id: z.string().min(1).optional(),
  recurrence: Recurrence.optional(),
  at: TimeOfDay.optional(),
  range: RelativeRange.optional(),
  recipients: RecipientsInput.optional(),
  attach: z.array(AttachFormat).optional(),
  paused: z.boolean().optional(),
});
export type ScheduleUpdate = z.infer<typeof ScheduleUpdate>;

// ------------------------------------------------------------------------------------------------- alerts

export const AlertScope = z.object({
  level: z.enum(['advertiser', 'campaign', 'adgroup']),
  /** The campaign or ad group id; null for the whole advertiser. */
  id: z.string().nullable().default(null),
});
export type AlertScope = z.input<typeof AlertScope>;

/** What a rule watches: a formula-language condition over the last days, or the advertiser's insights. */
export const AlertWatch = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('metric'),
    /** e.g. `cpa > 30 AND spend > 50`, checked on the scope's totals over the window. */
    condition: z.string().trim().min(1).max(2000),
    window_days: z.number().int().min(1).max(90).default(3),
  }),
  z.object({
    kind: z.literal('insight'),
    /** Insight codes to watch; empty watches every code. */
    codes: z.array(InsightCode).default([]),
    min_severity: InsightSeverity.default('critical'),
  }),
]);
export type AlertWatch = z.input<typeof AlertWatch>;

export const AlertChannelsInput = z.object({
  members: z.array(z.string().min(1)).default([]),
  emails: z.array(z.string().trim()).default([]),
  /** A URL receiving a Slack-compatible JSON POST (`{ text, blocks }`). */
  webhook_url: z.string().trim().nullable().default(null),
});

export const AlertRule = z.object({
  alert_id: z.string(),
  advertiser_id: z.string(),
  name: z.string(),
  scope: z.object({ level: AlertScope.shape.level, id: z.string().nullable(), name: z.string() }),
  watch: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('metric'), condition: z.string(), window_days: z.number() }),
    z.object({ kind: z.literal('insight'), codes: z.array(InsightCode), min_severity: InsightSeverity }),
  ]),
  channels: z.object({
    members: z.array(ScheduleMember),
    emails: z.array(z.string()),
    webhook_url: z.string().nullable(),
  }),
  /** After a message, no new one for this many hours even if the condition clears and fires again. */
  cooldown_hours: z.number(),
  paused: z.boolean(),
  /** Where the rule stands: firing since when, and its last check. */
  state: z.object({
    firing: z.boolean(),
    firing_since: z.string().nullable(),
    last_checked_at: z.string().nullable(),
    last_notified_at: z.string().nullable(),
  }),
  created_by: z.string(),
  created_at: z.string(),
  modified_at: z.string(),
});
export type AlertRule = z.infer<typeof AlertRule>;

export const AlertRuleList = z.object({ alerts: z.array(AlertRule) });
export type AlertRuleList = z.infer<typeof AlertRuleList>;

const AlertName = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .regex(/^[^\p{Cc}]*$/u, 'must not contain control characters');

export const AlertRuleCreate = z.object({
  name: AlertName,
  scope: AlertScope.default({ level: 'advertiser', id: null }),
  watch: AlertWatch,
  channels: AlertChannelsInput,
  cooldown_hours: z
    .number()
    .int()
    .min(0)
    .max(24 * 30)
    .default(24),
  paused: z.boolean().default(false),
});
export type AlertRuleCreate = z.input<typeof AlertRuleCreate>;

export const AlertRuleUpdate = z.object({
  name: AlertName.optional(),
  scope: AlertScope.optional(),
  watch: AlertWatch.optional(),
  channels: AlertChannelsInput.optional(),
  cooldown_hours: z
    .number()
    .int()
    .min(0)
    .max(24 * 30)
    .optional(),
  paused: z.boolean().optional(),
});
export type AlertRuleUpdate = z.infer<typeof AlertRuleUpdate>;

// --------------------------------------------------------------------------------------------- deliveries

export const DeliveryStatus = z.enum(['pending', 'sending', 'sent', 'retrying', 'failed']);
export type DeliveryStatus = z.infer<typeof DeliveryStatus>;

export const RecipientOutcome = z.object({
  /** An e-mail address, or the webhook URL. */
  address: z.string(),
  channel: z.enum(['email', 'webhook']),
  status: z.enum(['pending', 'sent', 'failed', 'unsubscribed']),
  /** The server's answer: the SMTP reply, the HTTP status, or the outbox file. */
  response: z.string().nullable(),
  at: z.string().nullable(),
});
export type RecipientOutcome = z.infer<typeof RecipientOutcome>;

export const DeliveryAttempt = z.object({
  attempt: z.number(),
  at: z.string(),
  outcome: z.enum(['sent', 'retry', 'failed']),
  /** What happened, with the server's answer when there was one. */
  message: z.string(),
});
export type DeliveryAttempt = z.infer<typeof DeliveryAttempt>;

export const Delivery = z.object({
  delivery_id: z.string(),
  advertiser_id: z.string(),
  kind: z.enum(['schedule', 'send_now', 'alert']),
  schedule_id: z.string().nullable(),
  alert_id: z.string().nullable(),
  /** The send time it stands for (a schedule's period, a send-now request, an alert episode's start). */
  scheduled_for: z.string(),
  /** The message's subject once composed. */
  subject: z.string().nullable(),
  /** How it went out: smtp, outbox (files in the data directory) or webhook. */
  transport: z.enum(['smtp', 'outbox', 'webhook']).nullable(),
  status: DeliveryStatus,
  attempts: z.number(),
  next_attempt_at: z.string().nullable(),
  last_error: z.string().nullable(),
  recipients: z.array(RecipientOutcome),
  attempt_log: z.array(DeliveryAttempt),
  created_at: z.string(),
  sent_at: z.string().nullable(),
});
export type Delivery = z.infer<typeof Delivery>;

export const DeliveryList = z.object({ deliveries: z.array(Delivery) });
export type DeliveryList = z.infer<typeof DeliveryList>;

/** What "send now" answers: the delivery, as it stands once the send was tried. */
export const SendNowResult = z.object({ delivery: Delivery });
export type SendNowResult = z.infer<typeof SendNowResult>;

// ------------------------------------------------------------------------------------------------- outbox

export const OutboxMessage = z.object({
  /** The file's name in the outbox (`<delivery>-<n>.eml`); the message view takes it. */
  file: z.string(),
  delivery_id: z.string(),
  to: z.string(),
  subject: z.string(),
  written_at: z.string(),
  bytes: z.number(),
});
export type OutboxMessage = z.infer<typeof OutboxMessage>;

export const OutboxList = z.object({
  /** True when messages go to the outbox because no SMTP server is configured. */
  active: z.boolean(),
  messages: z.array(OutboxMessage),
});
export type OutboxList = z.infer<typeof OutboxList>;

// ------------------------------------------------------------------------------------------ mail settings

export const MailSettings = z.object({
  /** smtp: sent through the SMTP server; outbox: written as .eml files in the data directory. */
  transport: z.enum(['smtp', 'outbox']),
  /** Where the SMTP server comes from: the SMTP_URL environment variable (wins), the settings, or none. */
  source: z.enum(['env', 'settings', 'none']),
  host: z.string().nullable(),
  port: z.number().nullable(),
  secure: z.boolean().nullable(),
  user: z.string().nullable(),
  /** Whether a password is stored; the password itself is never answered. */
  has_password: z.boolean(),
  /** The From address of every message. */
  from: z.string(),
  /** The address links in messages point to (unsubscribe, open in Adcockpit). */
  app_url: z.string(),
  modified_by: z.string().nullable(),
  modified_at: z.string().nullable(),
});
export type MailSettings = z.infer<typeof MailSettings>;

export const MailSettingsUpdate = z.object({
  /** smtp://user:pass@host:587 or smtps://…:465; null removes it (messages then go to the outbox). */
  smtp_url: z.string().trim().nullable().optional(),
  from: z.string().trim().min(3).max(200).optional(),
  app_url: z.string().trim().url().nullable().optional(),
});
export type MailSettingsUpdate = z.infer<typeof MailSettingsUpdate>;

// Alert rules (F2.3): per advertiser, campaign or ad group, a metric condition in the formula language
// over the last days, or the insights; notified by e-mail and/or a webhook, with a cool-down so one problem
// is one message. Saving checks everything and names the field of each problem.
import { randomBytes } from 'node:crypto';
import { type Actor, audit } from '../access/audit.ts';
import type { CatalogDb, Queryable, SqlParam } from '../catalog/db.ts';
import { type ErrorDetail, notFound } from '../core/errors.ts';
import type { AlertRule, AlertRuleCreate, AlertRuleUpdate } from '../shared/schedules-api.ts';
import type { InsightCode, InsightSeverity } from '../shared/insights-api.ts';
import type { ContentContext, MessageContent } from '../schedules/message-content.ts';
import { describeMembers, recipientProblems, refuseProblems, uniqueEmails } from '../schedules/recipients.ts';

export const newAlertId = (): string => `alr_${randomBytes(8).toString('hex')}`;

export interface AlertRow {
  alert_id: string;
  advertiser_id: string;
  name: string;
  scope_level: 'advertiser' | 'campaign' | 'adgroup';
  scope_id: string | null;
  kind: 'metric' | 'insight';
  condition: string | null;
  window_days: number | null;
  insight_codes: InsightCode[];
  min_severity: InsightSeverity | null;
  member_ids: string[];
  emails: string[];
  webhook_url: string | null;
  cooldown_hours: number;
  paused: boolean;
  firing_since: Date | null;
  last_checked_at: Date | null;
  last_notified_at: Date | null;
  created_by: string;
  created_at: Date;
  modified_at: Date;
}

interface RuleFields {
  name: string;
  scope: { level: AlertRow['scope_level']; id: string | null };
  watch:
    | { kind: 'metric'; condition: string; window_days: number }
    | { kind: 'insight'; codes: InsightCode[]; min_severity: InsightSeverity };
  channels: { members: string[]; emails: string[]; webhook_url: string | null };
  cooldown_hours: number;
  paused: boolean;
}

/** The campaign's or ad group's name (of this advertiser), or null when there is none by that id. */
export async function scopeName(
  db: Queryable,
  advertiserId: string,
  scope: RuleFields['scope'],
): Promise<string | null> {
  if (scope.level === 'advertiser') {
    const [row] = await db.query<{ name: string }>('select name from advertisers where advertiser_id = $1', [
      advertiserId,
    ]);
    return row?.name ?? null;
  }
  const [row] = await db.query<{ name: string }>(
    scope.level === 'campaign'
      ? 'select campaign_name as name from campaigns where advertiser_id = $1 and campaign_id = $2'
      : 'select adgroup_name as name from adgroups where advertiser_id = $1 and adgroup_id = $2',
    [advertiserId, scope.id ?? ''],
  );
  return row?.name ?? null;
}

function webhookProblem(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:'
      ? null
      : 'must be an http:// or https:// URL';
  } catch {
    return 'is not a URL (write https://hooks.example.com/…)';
  }
}

async function fieldProblems(
  ctx: ContentContext,
  content: MessageContent,
  advertiserId: string,
  fields: RuleFields,
): Promise<ErrorDetail[]> {
  const problems: ErrorDetail[] = [];
  if (fields.scope.level === 'advertiser' && fields.scope.id !== null) {
    problems.push({ field: 'body.scope.id', message: 'leave it null for the whole advertiser' });
  } else if (fields.scope.level !== 'advertiser' && !fields.scope.id) {
    problems.push({
      field: 'body.scope.id',
      message: `name the ${fields.scope.level === 'campaign' ? 'campaign' : 'ad group'} id`,
    });
  } else if (!(await scopeName(ctx.catalog, advertiserId, fields.scope))) {
    problems.push({
      field: 'body.scope.id',
      message: `this advertiser has no ${fields.scope.level === 'campaign' ? 'campaign' : 'ad group'} "${fields.scope.id}"`,
    });
  }
  if (fields.watch.kind === 'metric') {
    // The checker names the condition itself; positions and lengths say where in it.
    for (const p of await content.alertConditionProblems(ctx, advertiserId, fields.watch.condition)) {
      problems.push({ ...p, field: 'body.watch.condition' });
    }
  }
  problems.push(...(await recipientProblems(ctx.catalog, advertiserId, fields.channels, 'body.channels')));
  if (fields.channels.webhook_url) {
    const problem = webhookProblem(fields.channels.webhook_url);
    if (problem) problems.push({ field: 'body.channels.webhook_url', message: problem });
  }
  if (!fields.channels.members.length && !fields.channels.emails.length && !fields.channels.webhook_url) {
    problems.push({
      field: 'body.channels',
      message: 'name at least one team member, e-mail address or webhook URL',
    });
  }
  return problems;
}

function fieldsOf(row: AlertRow): RuleFields {
  return {
    name: row.name,
    scope: { level: row.scope_level, id: row.scope_id },
    watch:
      row.kind === 'metric'
        ? { kind: 'metric', condition: row.condition!, window_days: row.window_days! }
        : { kind: 'insight', codes: row.insight_codes, min_severity: row.min_severity ?? 'critical' },
    channels: { members: row.member_ids, emails: row.emails, webhook_url: row.webhook_url },
    cooldown_hours: row.cooldown_hours,
    paused: row.paused,
  };
}

async function describe(db: Queryable, row: AlertRow): Promise<AlertRule> {
  const fields = fieldsOf(row);
  return {
    alert_id: row.alert_id,
    advertiser_id: row.advertiser_id,
    name: row.name,
    scope: {
      ...fields.scope,
      name: (await scopeName(db, row.advertiser_id, fields.scope)) ?? fields.scope.id ?? '',
    },
    watch: fields.watch,
    channels: { ...fields.channels, members: await describeMembers(db, row.member_ids) },
    cooldown_hours: row.cooldown_hours,
    paused: row.paused,
    state: {
      firing: row.firing_since !== null,
      firing_since: row.firing_since?.toISOString() ?? null,
      last_checked_at: row.last_checked_at?.toISOString() ?? null,
      last_notified_at: row.last_notified_at?.toISOString() ?? null,
    },
    created_by: row.created_by,
    created_at: row.created_at.toISOString(),
    modified_at: row.modified_at.toISOString(),
  };
}

export async function getAlertRow(db: Queryable, advertiserId: string, alertId: string): Promise<AlertRow> {
  const [row] = await db.query<AlertRow>(
    'select * from alert_rules where advertiser_id = $1 and alert_id = $2',
    [advertiserId, alertId],
  );
  if (!row) throw notFound('Alert rule', alertId);
  return row;
}

export async function listAlertRules(db: Queryable, advertiserId: string): Promise<AlertRule[]> {
  const rows = await db.query<AlertRow>(
    'select * from alert_rules where advertiser_id = $1 order by lower(name), alert_id',
    [advertiserId],
  );
  return Promise.all(rows.map((r) => describe(db, r)));
}

export async function getAlertRule(db: Queryable, advertiserId: string, alertId: string): Promise<AlertRule> {
  return describe(db, await getAlertRow(db, advertiserId, alertId));
}

function normalise(input: AlertRuleCreate): RuleFields {
  const watch = input.watch;
  return {
    name: input.name.trim(),
    scope: { level: input.scope?.level ?? 'advertiser', id: input.scope?.id ?? null },
    watch:
      watch.kind === 'metric'
        ? { kind: 'metric', condition: watch.condition.trim(), window_days: watch.window_days ?? 3 }
        : {
            kind: 'insight',
            codes: [...new Set(watch.codes ?? [])],
            min_severity: watch.min_severity ?? 'critical',
          },
    channels: {
      members: [...new Set(input.channels.members ?? [])],
      emails: uniqueEmails(input.channels.emails ?? []),
      webhook_url: input.channels.webhook_url || null,
    },
    cooldown_hours: input.cooldown_hours ?? 24,
    paused: input.paused ?? false,
  };
}

const params = (f: RuleFields): SqlParam[] => [
  f.name,
  f.scope.level,
  f.scope.id,
  f.watch.kind,
  f.watch.kind === 'metric' ? f.watch.condition : null,
  f.watch.kind === 'metric' ? f.watch.window_days : null,
  JSON.stringify(f.watch.kind === 'insight' ? f.watch.codes : []),
  f.watch.kind === 'insight' ? f.watch.min_severity : null,
  JSON.stringify(f.channels.members),
  JSON.stringify(f.channels.emails),
  f.channels.webhook_url,
  f.cooldown_hours,
  f.paused,
];

export async function createAlertRule(
  ctx: ContentContext & { catalog: CatalogDb },
  content: MessageContent,
  advertiserId: string,
  input: AlertRuleCreate,
  actor: Actor,
): Promise<AlertRule> {
  const fields = normalise(input);
  refuseProblems(await fieldProblems(ctx, content, advertiserId, fields), 'alert rule');
  const alertId = newAlertId();
  await ctx.catalog.transaction(async (tx) => {
    await tx.query(
      `insert into alert_rules (name, scope_level, scope_id, kind, condition, window_days, insight_codes, min_severity,
         member_ids, emails, webhook_url, cooldown_hours, paused, alert_id, advertiser_id, created_by)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)`,
      [...params(fields), alertId, advertiserId, actor.label],
    );
    await audit(tx, actor, {
      action: 'alert.create',
      targetType: 'alert',
      targetId: alertId,
      advertiserId,
      after: fields,
    });
  });
  return getAlertRule(ctx.catalog, advertiserId, alertId);
}

export async function updateAlertRule(
  ctx: ContentContext & { catalog: CatalogDb },
  content: MessageContent,
  advertiserId: string,
  alertId: string,
  update: AlertRuleUpdate,
  actor: Actor,
): Promise<AlertRule> {
  const row = await getAlertRow(ctx.catalog, advertiserId, alertId);
  const before = fieldsOf(row);
  const after = normalise({
    name: update.name ?? before.name,
    scope: update.scope ?? before.scope,
    watch: update.watch ?? before.watch,
    channels: update.channels ?? before.channels,
    cooldown_hours: update.cooldown_hours ?? before.cooldown_hours,
    paused: update.paused ?? before.paused,
  });
  refuseProblems(await fieldProblems(ctx, content, advertiserId, after), 'alert rule');
  // A changed condition or scope is a new question: its state starts over (an open episode is closed).
  const restate =
    JSON.stringify(after.watch) !== JSON.stringify(before.watch) ||
    JSON.stringify(after.scope) !== JSON.stringify(before.scope);
  await ctx.catalog.transaction(async (tx) => {
    await tx.query(
      `update alert_rules set name = $1, scope_level = $2, scope_id = $3, kind = $4, condition = $5, window_days = $6,
         insight_codes = $7, min_severity = $8, member_ids = $9, emails = $10, webhook_url = $11, cooldown_hours = $12,
         paused = $13, modified_at = now(), firing_since = case when $16 then null else firing_since end
       where advertiser_id = $14 and alert_id = $15`,
      [...params(after), advertiserId, alertId, restate],
    );
    if (restate) {
      await tx.query(
        'update alert_episodes set cleared_at = now() where alert_id = $1 and cleared_at is null',
        [alertId],
      );
    }
    await audit(tx, actor, {
      action: 'alert.update',
      targetType: 'alert',
      targetId: alertId,
      advertiserId,
      before,
      after,
    });
  });
  return getAlertRule(ctx.catalog, advertiserId, alertId);
}

export async function deleteAlertRule(
  db: CatalogDb,
  advertiserId: string,
  alertId: string,
  actor: Actor,
): Promise<void> {
  await db.transaction(async (tx) => {
    const rows = await tx.query(
      'delete from alert_rules where advertiser_id = $1 and alert_id = $2 returning alert_id',
      [advertiserId, alertId],
    );
    if (rows.length === 0) throw notFound('Alert rule', alertId);
    await audit(tx, actor, { action: 'alert.delete', targetType: 'alert', targetId: alertId, advertiserId });
  });
}

// Alert evaluation, run on each data refresh: every active rule is checked, and its episodes kept — an
// episode opens when the rule fires with no episode open and its cool-down since the last message has
// passed, and closes when the rule stops firing. Opening an episode and making its one delivery happen in
// one transaction, on a rule row locked with "skip locked", so two processes checking at once make one
// message; the scheduler sends it like any other delivery.
import { randomBytes } from 'node:crypto';
import type { CatalogDb } from '../catalog/db.ts';
import { localToday } from '../core/timezone.ts';
import { listInsights } from '../insights/states.ts';
import type { Insight, InsightSeverity } from '../shared/insights-api.ts';
import { insertDelivery } from '../schedules/deliveries.ts';
import type { ContentContext, MessageContent } from '../schedules/message-content.ts';
import { resolveAddresses } from '../schedules/recipients.ts';
import { type AlertRow, scopeName } from './rules.ts';

const SEVERITY_RANK: Record<InsightSeverity, number> = { info: 0, warning: 1, critical: 2 };

export interface AlertCheckResult {
  checked: number;
  /** Episodes opened by this check, each with its delivery. */
  opened: { alertId: string; episodeId: string; deliveryId: string }[];
  cleared: string[];
  problems: { alertId: string; message: string }[];
}

interface Verdict {
  firing: boolean;
  values: Record<string, number | null>;
  window: { start: string; end: string };
  insights: Insight[];
  summary: string;
}

interface Parents {
  /** Ad group or ad id → its campaign id. */
  campaignOf: Map<string, string>;
  /** Ad id → its ad group id. */
  adgroupOf: Map<string, string>;
}

function inScope(insight: Insight, rule: AlertRow, parents: Parents): boolean {
  const id = insight.entity_id;
  switch (rule.scope_level) {
    case 'advertiser':
      return true;
    case 'campaign':
      return insight.level === 'campaign'
        ? id === rule.scope_id
        : parents.campaignOf.get(id) === rule.scope_id;
    case 'adgroup':
      if (insight.level === 'adgroup') return id === rule.scope_id;
      return insight.level === 'ad' && parents.adgroupOf.get(id) === rule.scope_id;
  }
}

async function evaluate(
  ctx: ContentContext,
  content: MessageContent,
  rule: AlertRow,
  now: Date,
  today: string,
): Promise<Verdict> {
  if (rule.kind === 'metric') {
    const check = await content.checkAlertCondition(
      ctx,
      {
        advertiserId: rule.advertiser_id,
        scope: { level: rule.scope_level, id: rule.scope_id },
        condition: rule.condition!,
        windowDays: rule.window_days!,
      },
      // An instant: read on the advertiser's clock, today included — an alert watches what is happening.
      now.toISOString(),
    );
    return {
      ...check,
      insights: [],
      summary: `${rule.condition} over ${check.window.start} – ${check.window.end}`,
    };
  }
  const { insights } = await listInsights(ctx, rule.advertiser_id, { asOf: today, nowMs: now.getTime() });
  // Which campaign each ad group and ad belongs to, for campaign- and ad-group-scoped rules.
  const parents: Parents = { campaignOf: new Map(), adgroupOf: new Map() };
  if (rule.scope_level !== 'advertiser') {
    for (const r of await ctx.catalog.query<{ adgroup_id: string; campaign_id: string }>(
      'select adgroup_id, campaign_id from adgroups where advertiser_id = $1',
      [rule.advertiser_id],
    )) {
      parents.campaignOf.set(r.adgroup_id, r.campaign_id);
    }
    for (const r of await ctx.catalog.query<{ ad_id: string; adgroup_id: string; campaign_id: string }>(
      'select a.ad_id, a.adgroup_id, g.campaign_id from ads a join adgroups g on g.adgroup_id = a.adgroup_id where g.advertiser_id = $1',
      [rule.advertiser_id],
    )) {
      parents.campaignOf.set(r.ad_id, r.campaign_id);
      parents.adgroupOf.set(r.ad_id, r.adgroup_id);
    }
  }
  const minRank = SEVERITY_RANK[rule.min_severity ?? 'critical'];
  const matching = insights.filter(
    (i) =>
      (rule.insight_codes.length === 0 || rule.insight_codes.includes(i.code)) &&
      SEVERITY_RANK[i.severity] >= minRank &&
      inScope(i, rule, parents),
  );
  return {
    firing: matching.length > 0,
    values: { insights: matching.length },
    window: { start: matching.reduce((min, i) => (i.since < min ? i.since : min), today), end: today },
    insights: matching,
    summary:
      matching.length === 1
        ? matching[0]!.summary
        : `${matching.length} insights: ${[...new Set(matching.map((i) => i.code.replace(/_/g, ' ')))].join(', ')}`,
  };
}

/** Checks every active rule (of one advertiser, or all). Never throws for one rule: it is reported. */
export async function checkAlerts(
  ctx: ContentContext & { catalog: CatalogDb },
  content: MessageContent,
  now: Date = new Date(),
  advertiserId?: string,
): Promise<AlertCheckResult> {
  const result: AlertCheckResult = { checked: 0, opened: [], cleared: [], problems: [] };
  const rules = await ctx.catalog.query<{ alert_id: string }>(
    'select alert_id from alert_rules where not paused and ($1::text is null or advertiser_id = $1) order by alert_id',
    [advertiserId ?? null],
  );
  for (const { alert_id } of rules) {
    try {
      await checkOne(ctx, content, alert_id, now, result);
    } catch (error) {
      result.problems.push({ alertId: alert_id, message: (error as Error).message });
    }
  }
  return result;
}

async function checkOne(
  ctx: ContentContext & { catalog: CatalogDb },
  content: MessageContent,
  alertId: string,
  now: Date,
  result: AlertCheckResult,
): Promise<void> {
  // Evaluate outside the transaction (it reads the warehouse); decide inside, on the locked row.
  const [first] = await ctx.catalog.query<AlertRow & { timezone: string; advertiser_name: string }>(
    `select r.*, a.timezone, a.name as advertiser_name from alert_rules r join advertisers a on a.advertiser_id = r.advertiser_id
     where r.alert_id = $1`,
    [alertId],
  );
  if (!first || first.paused) return;
  const verdict = await evaluate(ctx, content, first, now, localToday(first.timezone, now.getTime()));
  result.checked++;
  await ctx.catalog.transaction(async (tx) => {
    const [rule] = await tx.query<AlertRow>(
      'select * from alert_rules where alert_id = $1 for update skip locked',
      [alertId],
    );
    if (!rule) return; // another process is checking it right now, or it was deleted
    const [open] = await tx.query<{ episode_id: string }>(
      'select episode_id from alert_episodes where alert_id = $1 and cleared_at is null',
      [alertId],
    );
    if (!verdict.firing) {
      if (open) {
        await tx.query('update alert_episodes set cleared_at = $2 where episode_id = $1', [
          open.episode_id,
          now,
        ]);
        result.cleared.push(alertId);
      }
      await tx.query('update alert_rules set firing_since = null, last_checked_at = $2 where alert_id = $1', [
        alertId,
        now,
      ]);
      return;
    }
    await tx.query(
      'update alert_rules set firing_since = coalesce(firing_since, $2), last_checked_at = $2 where alert_id = $1',
      [alertId, now],
    );
    if (open) return; // still the same problem: it was told once
    const coolingDown =
      rule.last_notified_at !== null &&
      now.getTime() - rule.last_notified_at.getTime() < rule.cooldown_hours * 3_600_000;
    if (coolingDown) return;
    const episodeId = `ep_${randomBytes(8).toString('hex')}`;
    const notice = {
      advertiserName: first.advertiser_name,
      ruleName: rule.name,
      scopeName:
        (await scopeName(tx, rule.advertiser_id, { level: rule.scope_level, id: rule.scope_id })) ??
        first.advertiser_name,
      summary: verdict.summary,
      values: verdict.values,
      window: verdict.window,
      insights: verdict.insights,
    };
    const inserted = await tx.query(
      `insert into alert_episodes (episode_id, alert_id, started_at, summary, detail) values ($1, $2, $3, $4, $5)
       on conflict do nothing returning episode_id`,
      [episodeId, alertId, now, verdict.summary, JSON.stringify(notice)],
    );
    if (inserted.length === 0) return;
    const addresses = await resolveAddresses(tx, rule.advertiser_id, {
      members: rule.member_ids,
      emails: rule.emails,
    });
    const deliveryId = await insertDelivery(tx, {
      advertiserId: rule.advertiser_id,
      kind: 'alert',
      alertId,
      episodeId,
      dedupeKey: `alert:${episodeId}`,
      scheduledFor: now,
      payload: { type: 'alert', alert_id: alertId, episode_id: episodeId, notice },
      recipients: [
        ...addresses.map((a) => ({ address: a.address, channel: 'email' as const })),
        ...(rule.webhook_url ? [{ address: rule.webhook_url, channel: 'webhook' as const }] : []),
      ],
      now,
    });
    await tx.query('update alert_rules set last_notified_at = $2 where alert_id = $1', [alertId, now]);
    result.opened.push({ alertId, episodeId, deliveryId: deliveryId! });
  });
}

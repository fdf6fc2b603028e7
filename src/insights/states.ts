// What the team decided about insights: dismissed (handled, or not a problem) or snoozed until a day. The
// detectors know nothing of it; the list the API, CLI and web app show is the detectors' answer with the
// decided ones taken out (or, on request, marked). One function serves all three, so they agree.
//
// A decision is keyed by the problem and the entity (code, level, entity id). It covers an insight whose
// onset is no later than the day it was taken (or the onset the member saw, if later): a detector re-run
// that moves the onset by a day or two keeps it dismissed, while the same problem coming back after the
// dismissal — a new episode — shows again.
import type { CatalogDb, Queryable } from '../catalog/db.ts';
import { getAdvertiser } from '../catalog/advertisers.ts';
import { type Actor, audit } from '../access/audit.ts';
import { AppError, notFound } from '../core/errors.ts';
import { localToday, toLocal } from '../core/timezone.ts';
import type {
  Insight,
  InsightKey,
  InsightList,
  InsightSnooze,
  InsightState,
  InsightStateChange,
} from '../shared/insights-api.ts';
import { detectInsights } from './detect.ts';
import type { InsightsContext } from './facts-view.ts';

interface StateRow {
  code: string;
  level: string;
  entity_id: string;
  status: 'dismissed' | 'snoozed';
  since: string;
  snoozed_until: string | null;
  acted_at: Date | string;
  acted_on: string;
  by_name: string | null;
}

export interface ListOptions {
  asOf?: string;
  /** Also list the dismissed and snoozed insights, each marked with its state. */
  includeDismissed?: boolean;
  /** The moment "today" is taken from (tests move it to see a snooze expire). */
  nowMs?: number;
}

const keyOf = (k: { code: string; level: string; entity_id: string }) =>
  `${k.code}|${k.level}|${k.entity_id}`;

const iso = (value: Date | string) =>
  value instanceof Date ? value.toISOString() : new Date(value).toISOString();

async function loadStates(db: Queryable, advertiserId: string, timeZone: string): Promise<StateRow[]> {
  // Dates as text: the pg driver would turn a date column into a local-midnight Date and shift it.
  const rows = await db.query<Omit<StateRow, 'acted_on'>>(
    `select s.code, s.level, s.entity_id, s.status, s.since::text as since,
            s.snoozed_until::text as snoozed_until, s.acted_at, u.name as by_name
     from insight_states s left join users u on u.user_id = s.acted_by
     where s.advertiser_id = $1`,
    [advertiserId],
  );
  return rows.map((r) => ({ ...r, acted_on: toLocal(new Date(iso(r.acted_at)).getTime(), timeZone).date }));
}

function stateOf(row: StateRow): InsightState {
  return { status: row.status, by: row.by_name, at: iso(row.acted_at), until: row.snoozed_until };
}

/** Whether a decision still covers this insight on `today` (see the file's header for the rule). */
export function covers(
  row: Pick<StateRow, 'status' | 'since' | 'snoozed_until' | 'acted_on'>,
  insight: Pick<Insight, 'since'>,
  today: string,
): boolean {
  if (row.status === 'snoozed' && (row.snoozed_until ?? '') <= today) return false;
  const lastCoveredOnset = row.since > row.acted_on ? row.since : row.acted_on;
  return insight.since <= lastCoveredOnset;
}

/** The insights as the API and CLI list them: open ones, or with `includeDismissed` every one, marked. */
export async function listInsights(
  ctx: InsightsContext,
  advertiserId: string,
  options: ListOptions = {},
): Promise<InsightList> {
  const advertiser = await getAdvertiser(ctx.catalog, advertiserId);
  if (!advertiser) throw notFound('Advertiser', advertiserId);
  const today = localToday(advertiser.timezone, options.nowMs);
  const [found, states] = await Promise.all([
    detectInsights(ctx, advertiserId, options.asOf),
    loadStates(ctx.catalog, advertiserId, advertiser.timezone),
  ]);
  const byKey = new Map(states.map((s) => [keyOf(s), s]));
  const insights: Insight[] = [];
  for (const insight of found.insights) {
    const row = byKey.get(keyOf(insight));
    if (!row || !covers(row, insight, today)) insights.push(insight);
    else if (options.includeDismissed) insights.push({ ...insight, state: stateOf(row) });
  }
  return { insights };
}

const ENTITY_TABLE = {
  campaign: { table: 'campaigns', id: 'campaign_id' },
  adgroup: { table: 'adgroups', id: 'adgroup_id' },
  ad: { table: 'ads', id: 'ad_id' },
} as const;

async function checkEntity(db: Queryable, advertiserId: string, key: InsightKey): Promise<void> {
  const { table, id } = ENTITY_TABLE[key.level];
  const [row] = await db.query(`select 1 from ${table} where ${id} = $1 and advertiser_id = $2`, [
    key.entity_id,
    advertiserId,
  ]);
  if (!row) {
    throw new AppError(
      'validation_failed',
      `There is no ${key.level} ${key.entity_id} in this advertiser; an insight is dismissed on the entity it is about.`,
      [{ field: 'body.entity_id', message: `is not a ${key.level} of this advertiser` }],
    );
  }
}

async function readState(
  db: Queryable,
  advertiserId: string,
  key: InsightKey,
  timeZone: string,
): Promise<InsightState | null> {
  const rows = await loadStates(db, advertiserId, timeZone);
  const row = rows.find((r) => keyOf(r) === keyOf(key));
  return row ? stateOf(row) : null;
}

/**
 * The actor without the request's change id: the Campaign tab's undo takes back the last change that has
 * one, and a dismissal is not a change to the campaigns.
 */
const unchained = (actor: Actor): Actor => ({ label: actor.label, userId: actor.userId, ip: actor.ip });

type Decision = { status: 'dismissed' } | { status: 'snoozed'; until: string };

async function decide(
  db: CatalogDb,
  advertiserId: string,
  key: InsightKey,
  decision: Decision,
  actor: Actor,
  nowMs?: number,
): Promise<InsightStateChange> {
  const advertiser = await getAdvertiser(db, advertiserId);
  if (!advertiser) throw notFound('Advertiser', advertiserId);
  if (decision.status === 'snoozed') {
    const today = localToday(advertiser.timezone, nowMs);
    if (decision.until <= today) {
      throw new AppError(
        'validation_failed',
        `A snooze must end after today (${today}); ${decision.until} is not. Dismiss it instead, or pick a later day.`,
        [{ field: 'body.until', message: `must be after ${today}` }],
      );
    }
  }
  await checkEntity(db, advertiserId, key);
  return db.transaction(async (tx) => {
    await tx.query(
      `insert into insight_states (advertiser_id, code, level, entity_id, status, since, snoozed_until, acted_by)
       values ($1, $2, $3, $4, $5, $6, $7, $8)
       on conflict (advertiser_id, code, level, entity_id) do update set
         status = excluded.status, since = excluded.since, snoozed_until = excluded.snoozed_until,
         acted_by = excluded.acted_by, acted_at = now()`,
      [
        advertiserId,
        key.code,
        key.level,
        key.entity_id,
        decision.status,
        key.since,
        decision.status === 'snoozed' ? decision.until : null,
        actor.userId,
      ],
    );
    await audit(tx, unchained(actor), {
      action: decision.status === 'dismissed' ? 'insight.dismiss' : 'insight.snooze',
      targetType: key.level,
      targetId: key.entity_id,
      advertiserId,
      after: {
        code: key.code,
        since: key.since,
        ...(decision.status === 'snoozed' ? { until: decision.until } : {}),
      },
    });
    return {
      code: key.code,
      level: key.level,
      entity_id: key.entity_id,
      state: await readState(tx, advertiserId, key, advertiser.timezone),
    };
  });
}

export function dismissInsight(
  db: CatalogDb,
  advertiserId: string,
  key: InsightKey,
  actor: Actor,
): Promise<InsightStateChange> {
  return decide(db, advertiserId, key, { status: 'dismissed' }, actor);
}

export function snoozeInsight(
  db: CatalogDb,
  advertiserId: string,
  request: InsightSnooze,
  actor: Actor,
  nowMs?: number,
): Promise<InsightStateChange> {
  const { until, ...key } = request;
  return decide(db, advertiserId, key, { status: 'snoozed', until }, actor, nowMs);
}

/** Opens a dismissed or snoozed insight again (the undo of both). */
export async function restoreInsight(
  db: CatalogDb,
  advertiserId: string,
  key: Omit<InsightKey, 'since'>,
  actor: Actor,
): Promise<InsightStateChange> {
  return db.transaction(async (tx) => {
    const removed = await tx.query<{ status: string; since: string }>(
      `delete from insight_states where advertiser_id = $1 and code = $2 and level = $3 and entity_id = $4
       returning status, since::text as since`,
      [advertiserId, key.code, key.level, key.entity_id],
    );
    if (removed.length === 0) {
      throw new AppError(
        'not_found',
        `The ${key.code} insight on ${key.level} ${key.entity_id} is neither dismissed nor snoozed; there is nothing to restore.`,
      );
    }
    await audit(tx, unchained(actor), {
      action: 'insight.restore',
      targetType: key.level,
      targetId: key.entity_id,
      advertiserId,
      before: { code: key.code, status: removed[0]!.status, since: removed[0]!.since },
    });
    return { code: key.code, level: key.level, entity_id: key.entity_id, state: null };
  });
}

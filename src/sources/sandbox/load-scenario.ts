// Validates a scenario against the contract and reports every problem with its path
// (`campaigns[0].ad_groups[1].budget`) and what is wrong, before anything is created.
import type { z } from 'zod';
import { AppError, type ErrorDetail } from '../../core/errors.ts';
import { formatPath } from '../../core/field-path.ts';
import { CHANGEABLE, Scenario, scenarioPixels, utcTimeToMs } from './scenario.ts';

function semanticProblems(s: Scenario): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  const need = (ok: boolean, field: string, message: string): void => {
    if (!ok) problems.push({ field, message });
  };
  const names = { campaign: new Set<string>(), adgroup: new Set<string>(), ad: new Set<string>() };
  const pixels = new Set(scenarioPixels(s).map((p) => p.name));
  s.campaigns.forEach((c, ci) => {
    const at = `campaigns[${ci}]`;
    names.campaign.add(c.campaign_name);
    need(
      c.budget_mode === 'BUDGET_MODE_INFINITE' || c.budget !== undefined,
      `${at}.budget`,
      `required when budget_mode is ${c.budget_mode}`,
    );
    c.ad_groups.forEach((g, gi) => {
      const gat = `${at}.ad_groups[${gi}]`;
      names.adgroup.add(g.adgroup_name);
      need(
        g.budget_mode === 'BUDGET_MODE_INFINITE' || g.budget !== undefined,
        `${gat}.budget`,
        `required when budget_mode is ${g.budget_mode}`,
      );
      if (g.bid_type === 'BID_TYPE_CUSTOM') {
        const field = g.billing_event === 'OCPM' ? 'conversion_bid_price' : 'bid_price';
        need(
          g[field] !== undefined,
          `${gat}.${field}`,
          `required with bid_type BID_TYPE_CUSTOM and billing_event ${g.billing_event}`,
        );
      }
      need(
        !g.schedule_start_time ||
          !g.schedule_end_time ||
          utcTimeToMs(g.schedule_end_time) > utcTimeToMs(g.schedule_start_time),
        `${gat}.schedule_end_time`,
        'must be after schedule_start_time',
      );
      need(
        g.pixel === undefined || pixels.has(g.pixel),
        `${gat}.pixel`,
        `no pixel named "${g.pixel}" in pixels`,
      );
      g.ads.forEach((a, ai) => {
        names.ad.add(a.ad_name);
        need(
          a.ad_format === 'SINGLE_IMAGE' || a.creative.duration_s !== undefined,
          `${gat}.ads[${ai}].creative.duration_s`,
          'required for SINGLE_VIDEO ads',
        );
      });
    });
  });
  s.changes.forEach((change, i) => {
    const [kind, name] = Object.entries(change.target)[0] as [
      'campaign' | 'adgroup' | 'ad' | 'pixel',
      string,
    ];
    const known = kind === 'pixel' ? pixels.has(name) : names[kind].has(name);
    need(known, `changes[${i}].target.${kind}`, `no ${kind} named "${name}" in the scenario`);
    for (const [field, value] of Object.entries(change.set)) {
      const kindOfValue = CHANGEABLE[kind][field];
      const at = `changes[${i}].set.${field}`;
      if (!kindOfValue) {
        const allowed = Object.keys(CHANGEABLE[kind]).join(', ');
        problems.push({
          field: at,
          message: `cannot be set on ${/^a/.test(kind) ? 'an' : 'a'} ${kind}; use ${allowed}`,
        });
      } else if (kindOfValue === 'money') {
        need(typeof value === 'number' && value > 0, at, 'expected a positive amount');
      } else if (kindOfValue === 'share') {
        need(typeof value === 'number' && value >= 0 && value <= 1, at, 'expected a number from 0 to 1');
      } else if (kindOfValue === 'status') {
        need(value === 'ENABLE' || value === 'DISABLE', at, 'expected ENABLE or DISABLE');
      } else {
        need(typeof value === 'boolean', at, 'expected true or false');
      }
    }
    need(
      change.day < s.days,
      `changes[${i}].day`,
      `day ${change.day} is after the scenario's last day (${s.days - 1})`,
    );
  });
  return problems;
}

/** Parses and checks a scenario; throws one error listing every problem. */
export function parseScenario(input: unknown): Scenario {
  const parsed = Scenario.safeParse(input);
  const problems: ErrorDetail[] = parsed.success
    ? semanticProblems(parsed.data)
    : parsed.error.issues.map((issue: z.core.$ZodIssue) => ({
        field: formatPath(issue.path),
        message: issue.message,
      }));
  if (problems.length > 0 || !parsed.success) {
    const first = problems[0]!;
    throw new AppError(
      'validation_failed',
      `The scenario breaks the contract at ${first.field}: ${first.message}${problems.length > 1 ? ` (and ${problems.length - 1} more)` : ''}. Nothing was created.`,
      problems,
    );
  }
  return parsed.data;
}

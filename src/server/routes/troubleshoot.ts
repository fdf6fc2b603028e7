// The delivery troubleshooting check of one ad group ("Why isn't it spending?", src/insights/troubleshoot.ts).
import { z } from 'zod';
import { isIsoDate } from '../../core/dates.ts';
import { AppError } from '../../core/errors.ts';
import { troubleshootAdGroup } from '../../insights/troubleshoot.ts';
import { InsightsQuery, TroubleshootAnswer } from '../../shared/insights-api.ts';
import { type RouteDef, defineRoute } from '../route.ts';

const troubleshootRoute = defineRoute({
  method: 'GET',
  url: '/api/v1/advertisers/:advertiserId/adgroups/:adgroupId/troubleshoot',
  access: { advertiser: 'view' },
  summary:
    "Why an ad group does not spend: its switches, the ads' review and its age, the budget against TikTok's minimums and its pacing, the bid against the account's recent clearing cost, the audience's size and label, the schedule and dayparting, and fatigue — each check passed, failed, a warning or not applicable, with the values it looked at and the fix. The ad group is given by id (or its exact name); as_of sets the day judged (default: the advertiser's today).",
  tag: 'insights',
  params: z.object({ advertiserId: z.string().min(1), adgroupId: z.string().min(1) }),
  query: InsightsQuery.pick({ as_of: true }),
  response: TroubleshootAnswer,
  handler: async ({ params, query }, ctx) => {
    if (query.as_of !== undefined && !isIsoDate(query.as_of)) {
      throw new AppError('validation_failed', `as_of (${query.as_of}) is not a date on the calendar.`, [
        { field: 'as_of', message: 'is not a date on the calendar' },
      ]);
    }
    return troubleshootAdGroup(ctx, params.advertiserId, params.adgroupId, query.as_of);
  },
});

export const troubleshootRoutes: RouteDef[] = [troubleshootRoute];

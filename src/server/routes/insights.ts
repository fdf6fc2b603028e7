// Insights: what the detectors find in an advertiser's numbers as of a day (src/insights/).
import { z } from 'zod';
import { detectInsights } from '../../insights/detect.ts';
import { isIsoDate } from '../../core/dates.ts';
import { AppError } from '../../core/errors.ts';
import { InsightList, InsightsQuery } from '../../shared/insights-api.ts';
import { type RouteDef, defineRoute } from '../route.ts';

const insightsRoute = defineRoute({
  method: 'GET',
  url: '/api/v1/advertisers/:advertiserId/insights',
  access: { advertiser: 'view' },
  summary:
    "The insights found in the advertiser's numbers as of a day (default: its today): tired creatives, weak hooks, hooks that do not hold, landing pages that lose the click, statistically real winners — each with its severity, the day it began, the evidence (values, baselines, windows, tests), a summary, a recommendation and a creative brief. Critical first.",
  tag: 'insights',
  params: z.object({ advertiserId: z.string().min(1) }),
  query: InsightsQuery,
  response: InsightList,
  handler: async ({ params, query }, ctx) => {
    if (query.as_of !== undefined && !isIsoDate(query.as_of)) {
      throw new AppError('validation_failed', `as_of (${query.as_of}) is not a date on the calendar.`, [
        { field: 'as_of', message: 'is not a date on the calendar' },
      ]);
    }
    return detectInsights(ctx, params.advertiserId, query.as_of);
  },
});

export const insightRoutes: RouteDef[] = [insightsRoute];

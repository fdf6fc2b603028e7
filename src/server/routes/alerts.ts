// Alert rules (F2.3): a metric condition in the formula language, or the insights, watched per
// advertiser, campaign or ad group on each data refresh, told by e-mail and/or a webhook with a cool-down.
// Everyone who sees the advertiser reads them; those who may edit it write them.
import { z } from 'zod';
import {
  createAlertRule,
  deleteAlertRule,
  getAlertRule,
  listAlertRules,
  updateAlertRule,
} from '../../alerts/rules.ts';
import { messageContent } from '../../schedules/content.ts';
import { AlertRule, AlertRuleCreate, AlertRuleList, AlertRuleUpdate } from '../../shared/schedules-api.ts';
import { advertiserOr404 } from './advertiser-guards.ts';
import { type RouteDef, defineRoute } from '../route.ts';

const base = '/api/v1/advertisers/:advertiserId/alerts';
const AdvertiserParams = z.object({ advertiserId: z.string().min(1) });
const AlertParams = AdvertiserParams.extend({ alertId: z.string().min(1) });

const listRoute = defineRoute({
  method: 'GET',
  url: base,
  access: { advertiser: 'view' },
  summary: 'The advertiser’s alert rules, each with whether it is firing and when it last told anyone.',
  tag: 'alerts',
  params: AdvertiserParams,
  response: AlertRuleList,
  handler: async ({ params }, ctx) => {
    await advertiserOr404(ctx, params.advertiserId);
    return { alerts: await listAlertRules(ctx.catalog, params.advertiserId) };
  },
});

const getRoute = defineRoute({
  method: 'GET',
  url: `${base}/:alertId`,
  access: { advertiser: 'view' },
  summary: 'One alert rule.',
  tag: 'alerts',
  params: AlertParams,
  response: AlertRule,
  handler: async ({ params }, ctx) => getAlertRule(ctx.catalog, params.advertiserId, params.alertId),
});

const createRoute = defineRoute({
  method: 'POST',
  url: base,
  access: { advertiser: 'edit' },
  summary:
    'Creates an alert rule: a condition such as `cost_per_conversion > 30 AND spend > 50` over the last days, or insight codes from a severity up; e-mail recipients and/or a webhook URL (Slack-compatible JSON); a cool-down in hours.',
  tag: 'alerts',
  params: AdvertiserParams,
  body: AlertRuleCreate,
  response: AlertRule,
  handler: async ({ params, body, principal }, ctx) => {
    await advertiserOr404(ctx, params.advertiserId);
    return createAlertRule(ctx, messageContent, params.advertiserId, body, principal!.actor);
  },
});

const updateRoute = defineRoute({
  method: 'PATCH',
  url: `${base}/:alertId`,
  access: { advertiser: 'edit' },
  summary:
    'Changes what the body names; a new condition or scope starts the rule’s state over. `{"paused": true}` stops checking it.',
  tag: 'alerts',
  params: AlertParams,
  body: AlertRuleUpdate,
  response: AlertRule,
  handler: async ({ params, body, principal }, ctx) =>
    updateAlertRule(ctx, messageContent, params.advertiserId, params.alertId, body, principal!.actor),
});

const deleteRoute = defineRoute({
  method: 'DELETE',
  url: `${base}/:alertId`,
  access: { advertiser: 'edit' },
  summary: 'Deletes an alert rule; its deliveries stay in the log.',
  tag: 'alerts',
  params: AlertParams,
  response: z.object({ deleted: z.string() }),
  handler: async ({ params, principal }, ctx) => {
    await deleteAlertRule(ctx.catalog, params.advertiserId, params.alertId, principal!.actor);
    return { deleted: params.alertId };
  },
});

export const alertRoutes: RouteDef[] = [listRoute, createRoute, getRoute, updateRoute, deleteRoute];

// The delivery log (every scheduled report and alert message, with its attempts, each recipient's
// outcome and the server's answers) and the outbox (messages written to the data directory when no SMTP
// server is configured). Everyone who sees the advertiser reads them.
import { z } from 'zod';
import { deliveryIdsOf, getDelivery, listDeliveries } from '../../schedules/deliveries.ts';
import { effectiveMailConfig } from '../../mail/settings.ts';
import { listOutbox, readOutboxMessage } from '../../mail/outbox.ts';
import { outboxDir } from '../../mail/transport.ts';
import { Delivery, DeliveryList, OutboxList } from '../../shared/schedules-api.ts';
import { advertiserOr404 } from './advertiser-guards.ts';
import { requestAppUrl } from './schedules.ts';
import { type RouteDef, defineRoute } from '../route.ts';

const AdvertiserParams = z.object({ advertiserId: z.string().min(1) });

const listRoute = defineRoute({
  method: 'GET',
  url: '/api/v1/advertisers/:advertiserId/deliveries',
  access: { advertiser: 'view' },
  summary:
    'The delivery log, newest first: each scheduled report and alert message with its status (pending, sending, sent, retrying, failed), attempts, next attempt, each recipient’s outcome and the server’s answers.',
  tag: 'deliveries',
  params: AdvertiserParams,
  query: z.object({
    schedule_id: z.string().optional(),
    alert_id: z.string().optional(),
    limit: z.coerce.number().int().min(1).max(1000).default(100),
  }),
  response: DeliveryList,
  handler: async ({ params, query }, ctx) => {
    await advertiserOr404(ctx, params.advertiserId);
    return {
      deliveries: await listDeliveries(ctx.catalog, params.advertiserId, {
        scheduleId: query.schedule_id,
        alertId: query.alert_id,
        limit: query.limit,
      }),
    };
  },
});

const getRoute = defineRoute({
  method: 'GET',
  url: '/api/v1/advertisers/:advertiserId/deliveries/:deliveryId',
  access: { advertiser: 'view' },
  summary: 'One delivery with its every attempt.',
  tag: 'deliveries',
  params: AdvertiserParams.extend({ deliveryId: z.string().min(1) }),
  response: Delivery,
  handler: async ({ params }, ctx) => getDelivery(ctx.catalog, params.deliveryId, params.advertiserId),
});

const outboxRoute = defineRoute({
  method: 'GET',
  url: '/api/v1/advertisers/:advertiserId/outbox',
  access: { advertiser: 'view' },
  summary:
    'The advertiser’s messages in the outbox (the data directory’s outbox folder, where messages go while no SMTP server is configured), newest first; `active` says whether messages go there now.',
  tag: 'deliveries',
  params: AdvertiserParams,
  response: OutboxList,
  handler: async ({ params, request }, ctx) => {
    await advertiserOr404(ctx, params.advertiserId);
    const mail = await effectiveMailConfig(ctx.catalog, ctx.config, requestAppUrl(request));
    return {
      active: mail.smtpUrl === null,
      messages: listOutbox(
        outboxDir(ctx.config.dataDir),
        await deliveryIdsOf(ctx.catalog, params.advertiserId),
      ),
    };
  },
});

const outboxMessageRoute = defineRoute({
  method: 'GET',
  url: '/api/v1/advertisers/:advertiserId/outbox/:file',
  access: { advertiser: 'view' },
  summary:
    'One outbox message: its HTML as a page (`as=html`, the default) or the whole message as an .eml file for a mail program (`as=eml`).',
  tag: 'deliveries',
  params: AdvertiserParams.extend({ file: z.string().min(1) }),
  query: z.object({ as: z.enum(['html', 'eml']).default('html') }),
  response: z.string(),
  produces: ['text/html', 'message/rfc822'],
  handler: async ({ params, query, reply }, ctx) => {
    await advertiserOr404(ctx, params.advertiserId);
    const ids = await deliveryIdsOf(ctx.catalog, params.advertiserId);
    const body = readOutboxMessage(outboxDir(ctx.config.dataDir), ids, params.file, query.as);
    if (query.as === 'eml') {
      reply
        .header('content-type', 'message/rfc822')
        .header('content-disposition', `attachment; filename="${params.file}"`);
    } else {
      // The message's own HTML, shown as a page: nothing in it may run.
      reply
        .header('content-type', 'text/html; charset=utf-8')
        .header('content-security-policy', "script-src 'none'");
    }
    return body as never;
  },
});

export const deliveryRoutes: RouteDef[] = [listRoute, getRoute, outboxRoute, outboxMessageRoute];

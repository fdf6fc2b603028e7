// Scheduled reports (F4.4): a saved report template e-mailed on a recurrence to team members and any
// other addresses. Everyone who sees the advertiser reads them; those who may edit it write them, send
// one now, or preview its e-mail.
import { z } from 'zod';
import type { FastifyRequest } from 'fastify';
import { previewSchedule, sendScheduleNow } from '../../schedules/engine.ts';
import { messageContent } from '../../schedules/content.ts';
import {
  createSchedule,
  deleteSchedule,
  getSchedule,
  listSchedules,
  updateSchedule,
} from '../../schedules/schedules.ts';
import {
  Schedule,
  ScheduleCreate,
  ScheduleList,
  ScheduleUpdate,
  SendNowResult,
} from '../../shared/schedules-api.ts';
import { advertiserOr404 } from './advertiser-guards.ts';
import { type RouteDef, defineRoute } from '../route.ts';

const base = '/api/v1/advertisers/:advertiserId/schedules';
const AdvertiserParams = z.object({ advertiserId: z.string().min(1) });
const ScheduleParams = AdvertiserParams.extend({ scheduleId: z.string().min(1) });

/** Links in e-mails point where the request came in, unless ADCOCKPIT_PUBLIC_URL or the settings say. */
export const requestAppUrl = (request: FastifyRequest): string => `${request.protocol}://${request.host}`;

const listRoute = defineRoute({
  method: 'GET',
  url: base,
  access: { advertiser: 'view' },
  summary: 'The advertiser’s report schedules, each with its next send and its last delivery.',
  tag: 'schedules',
  params: AdvertiserParams,
  response: ScheduleList,
  handler: async ({ params }, ctx) => {
    await advertiserOr404(ctx, params.advertiserId);
    return { schedules: await listSchedules(ctx.catalog, params.advertiserId) };
  },
});

const getRoute = defineRoute({
  method: 'GET',
  url: `${base}/:scheduleId`,
  access: { advertiser: 'view' },
  summary: 'One report schedule.',
  tag: 'schedules',
  params: ScheduleParams,
  response: Schedule,
  handler: async ({ params }, ctx) => getSchedule(ctx.catalog, params.advertiserId, params.scheduleId),
});

const createRoute = defineRoute({
  method: 'POST',
  url: base,
  access: { advertiser: 'edit' },
  summary:
    'Schedules a report template: daily, weekly on any weekdays or monthly (a day or the last), at a time on the advertiser’s clock, over a date range relative to the send, to team members and any addresses (no limit), with CSV/XLSX attached.',
  tag: 'schedules',
  params: AdvertiserParams,
  body: ScheduleCreate,
  response: Schedule,
  handler: async ({ params, body, principal }, ctx) => {
    await advertiserOr404(ctx, params.advertiserId);
    return createSchedule(ctx.catalog, params.advertiserId, body, principal!.actor);
  },
});

const updateRoute = defineRoute({
  method: 'PATCH',
  url: `${base}/:scheduleId`,
  access: { advertiser: 'edit' },
  summary:
    'Changes what the body names; `{"paused": true}` pauses, `{"paused": false}` resumes from the next send (missed sends are not made up).',
  tag: 'schedules',
  params: ScheduleParams,
  body: ScheduleUpdate,
  response: Schedule,
  handler: async ({ params, body, principal }, ctx) =>
    updateSchedule(ctx.catalog, params.advertiserId, params.scheduleId, body, principal!.actor),
});

const deleteRoute = defineRoute({
  method: 'DELETE',
  url: `${base}/:scheduleId`,
  access: { advertiser: 'edit' },
  summary: 'Deletes a schedule; its deliveries stay in the log.',
  tag: 'schedules',
  params: ScheduleParams,
  response: z.object({ deleted: z.string() }),
  handler: async ({ params, principal }, ctx) => {
    await deleteSchedule(ctx.catalog, params.advertiserId, params.scheduleId, principal!.actor);
    return { deleted: params.scheduleId };
  },
});

const sendNowRoute = defineRoute({
  method: 'POST',
  url: `${base}/:scheduleId/send`,
  access: { advertiser: 'edit' },
  summary:
    'Sends the schedule’s e-mail now, over the period its range gives today, as a delivery of its own (the scheduled sends are not affected); answers the delivery once tried — a failed attempt is retried like any other.',
  tag: 'schedules',
  params: ScheduleParams,
  response: SendNowResult,
  handler: async ({ params, principal, request }, ctx) => ({
    delivery: await sendScheduleNow(ctx, params.advertiserId, params.scheduleId, principal!.actor, {
      content: messageContent,
      fallbackAppUrl: requestAppUrl(request),
    }),
  }),
});

const previewRoute = defineRoute({
  method: 'GET',
  url: `${base}/:scheduleId/preview`,
  access: { advertiser: 'view' },
  summary:
    'The schedule’s e-mail as an outside recipient gets it, over the period of its last send, as an HTML page (the chart inline).',
  tag: 'schedules',
  params: ScheduleParams,
  response: z.string(),
  produces: ['text/html'],
  handler: async ({ params, request, reply }, ctx) => {
    const preview = await previewSchedule(ctx, params.advertiserId, params.scheduleId, {
      content: messageContent,
      fallbackAppUrl: requestAppUrl(request),
    });
    reply.header('content-type', 'text/html; charset=utf-8');
    return preview.html as never;
  },
});

export const scheduleRoutes: RouteDef[] = [
  listRoute,
  createRoute,
  getRoute,
  updateRoute,
  deleteRoute,
  sendNowRoute,
  previewRoute,
];

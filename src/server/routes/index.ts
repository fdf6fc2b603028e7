import fs from 'node:fs';
import { z } from 'zod';
import { type RouteDef, defineRoute, openApiDocument } from '../route.ts';
import { campaignRoutes } from './campaigns.ts';
import { customColumnRoutes } from './custom-columns.ts';
import { exportFactsRoute } from './facts.ts';
import {
  getAdvertiserRoute,
  listAdvertisersRoute,
  reportRoute,
  summaryRoute,
  topRoute,
  trendRoute,
} from './advertisers.ts';
import { healthRoute, metricsRoute } from './meta.ts';
import { insightRoutes } from './insights.ts';
import { troubleshootRoutes } from './troubleshoot.ts';
import { pixelScriptRoutes } from './pixel-script.ts';
import { eventStreamRoute } from './event-stream.ts';
import { creativeRoutes, creativeScopedRoutes } from './creatives.ts';
import { audienceRoutes, audienceScopedRoutes } from './audiences.ts';
import { pixelEventsExportRoutes } from './pixel-events-export.ts';
import { alertRoutes } from './alerts.ts';
import { deliveryRoutes } from './deliveries.ts';
import { mailSettingsRoutes } from './mail-settings.ts';
import { scheduleRoutes } from './schedules.ts';
import { pixelTokenRoutes } from './pixel-tokens.ts';
import { pixelAssetRoutes } from './pixels.ts';
import { reportExportRoutes } from './report-exports.ts';
import { reportTemplateRoutes } from './report-templates.ts';
import { reportRoutes } from './reports.ts';
import { unsubscribeRoutes } from './unsubscribe.ts';
import { reconciliationRoutes } from './reconciliation.ts';
import { shopRoutes, shopScopedRoutes } from './shop.ts';
import { sandboxAdvanceRoute, sandboxRunRoute, sandboxSeedRoute } from './sandbox.ts';
import { authStateRoute, loginRoute, logoutRoute, passwordRoute, setupRoute } from './auth.ts';
import {
  auditRoute,
  createTokenRoute,
  createUserRoute,
  listUsersRoute,
  memberTokensRoute,
  myTokensRoute,
  revokeMemberTokenRoute,
  revokeTokenRoute,
  updateUserRoute,
} from './members.ts';

const { version } = JSON.parse(
  fs.readFileSync(new URL('../../../package.json', import.meta.url), 'utf8'),
) as { version: string };
let openapi: Record<string, unknown> | null = null;

const openApiRoute = defineRoute({
  method: 'GET',
  url: '/api/openapi.json',
  access: 'signed-in',
  summary: 'This document: every route with its parameters, body, answer and who may call it.',
  tag: 'meta',
  response: z.record(z.string(), z.unknown()),
  // The pixel's routes are registered in a scope of their own (see pixel-script.ts) but documented here.
  handler: async () =>
    (openapi ??= openApiDocument(
      [
        ...routes,
        ...pixelScriptRoutes,
        ...shopScopedRoutes,
        ...creativeScopedRoutes,
        ...unsubscribeRoutes,
        ...audienceScopedRoutes,
      ],
      version,
    )),
});

export const routes: RouteDef[] = [
  healthRoute,
  openApiRoute,
  metricsRoute,
  listAdvertisersRoute,
  getAdvertiserRoute,
  summaryRoute,
  trendRoute,
  topRoute,
  reportRoute,
  exportFactsRoute,
  sandboxSeedRoute,
  sandboxRunRoute,
  sandboxAdvanceRoute,
  authStateRoute,
  setupRoute,
  loginRoute,
  logoutRoute,
  passwordRoute,
  listUsersRoute,
  createUserRoute,
  updateUserRoute,
  memberTokensRoute,
  revokeMemberTokenRoute,
  myTokensRoute,
  createTokenRoute,
  revokeTokenRoute,
  auditRoute,
  ...campaignRoutes,
  ...customColumnRoutes,
  ...reportTemplateRoutes,
  ...reportExportRoutes,
  ...reportRoutes,
  ...pixelTokenRoutes,
  ...pixelEventsExportRoutes,
  ...reconciliationRoutes,
  ...shopRoutes,
  ...pixelAssetRoutes,
  eventStreamRoute,
  ...creativeRoutes,
  ...audienceRoutes,
  ...insightRoutes,
  ...scheduleRoutes,
  ...alertRoutes,
  ...deliveryRoutes,
  ...mailSettingsRoutes,
  ...troubleshootRoutes,
];

import { z } from 'zod';
import { audit } from '../../access/audit.ts';
import { seedDemo } from '../../sources/sandbox/bootstrap.ts';
import { defineRoute } from '../route.ts';

export const sandboxSeedRoute = defineRoute({
  method: 'POST',
  url: '/api/v1/sandbox/seed',
  access: 'manage-advertisers',
  summary: '(Re)creates the sandbox demo advertiser with the given seed and days of history.',
  tag: 'sandbox',
  body: z.object({ seed: z.number().int().default(42), days: z.number().int().min(1).max(365).default(60) }),
  response: z.object({ advertiser_id: z.string() }),
  handler: async ({ body, principal }, ctx) => {
    const advertiserId = await seedDemo(ctx.catalog, ctx.facts, { seed: body.seed, historyDays: body.days });
    await audit(ctx.catalog, principal!.actor, {
      action: 'sandbox.seed',
      targetType: 'advertiser',
      targetId: advertiserId,
      advertiserId,
      after: body,
    });
    return { advertiser_id: advertiserId };
  },
});

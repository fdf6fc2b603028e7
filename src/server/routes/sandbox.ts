import { z } from 'zod';
import { audit } from '../../access/audit.ts';
import type { AppContext } from '../../app-context.ts';
import { notFound } from '../../core/errors.ts';
import { advanceSandbox, runScenario, seedDemo } from '../../sources/sandbox/bootstrap.ts';
import { parseScenario } from '../../sources/sandbox/load-scenario.ts';
import { loadSandboxRun } from '../../sources/sandbox/sandbox-run.ts';
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
    const advertiserId = await seedDemo(ctx.catalog, ctx.facts, {
      seed: body.seed,
      historyDays: body.days,
      events: ctx.events,
    });
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

export const sandboxRunRoute = defineRoute({
  method: 'POST',
  url: '/api/v1/sandbox/scenarios',
  access: 'manage-advertisers',
  summary: 'Creates a scenario’s advertiser (replacing one of the same name) and simulates it to its end.',
  tag: 'sandbox',
  body: z.unknown(),
  response: z.object({ advertiser_id: z.string(), hours: z.number() }),
  handler: async ({ body, principal }, ctx) => {
    const scenario = parseScenario(body);
    const result = await runScenario(ctx.catalog, ctx.facts, scenario, undefined, ctx.events);
    await audit(ctx.catalog, principal!.actor, {
      action: 'sandbox.run',
      targetType: 'advertiser',
      targetId: result.advertiserId,
      advertiserId: result.advertiserId,
      after: { name: scenario.advertiser.name, seed: scenario.seed, days: scenario.days },
    });
    return { advertiser_id: result.advertiserId, hours: result.hours };
  },
});

export const sandboxAdvanceRoute = defineRoute({
  method: 'POST',
  url: '/api/v1/sandbox/advertisers/:advertiserId/advance',
  access: 'manage-advertisers',
  summary: 'Moves a sandbox advertiser’s simulated clock forward by whole hours.',
  tag: 'sandbox',
  params: z.object({ advertiserId: z.string() }),
  body: z.object({
    hours: z
      .number()
      .int()
      .min(1)
      .max(24 * 730),
  }),
  response: z.object({ simulated_until: z.string() }),
  handler: async ({ params, body }, ctx) => {
    await sandboxAdvertiserOr404(ctx, params.advertiserId);
    return {
      simulated_until: (
        await advanceSandbox(ctx.catalog, ctx.facts, params.advertiserId, body.hours, ctx.events)
      ).toISOString(),
    };
  },
});

async function sandboxAdvertiserOr404(ctx: AppContext, advertiserId: string): Promise<void> {
  if (!(await loadSandboxRun(ctx.catalog, advertiserId))) throw notFound('Sandbox advertiser', advertiserId);
}

// Builds the HTTP server: the JSON API under /api, its OpenAPI document, and the web app's files.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance, LogController } from 'fastify';
import type { AppContext } from '../app-context.ts';
import { AppError } from '../core/errors.ts';
import { registerRoutes } from './route.ts';
import { registerEventsApi } from './routes/events-api.ts';
import { registerPixelScript } from './routes/pixel-script.ts';
import { routes } from './routes/index.ts';
import { registerShopScopes } from './routes/shop.ts';
import { registerAudienceUploads } from './routes/audiences.ts';
import { registerCreativeUploads } from './routes/creatives.ts';
import { registerUnsubscribe } from './routes/unsubscribe.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const WEB_DIST = path.join(root, 'dist/web');

export async function buildApp(
  ctx: AppContext,
  options: { logger?: boolean } = {},
): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ? { level: ctx.config.logLevel } : false,
    trustProxy: ctx.config.trustProxy,
    // Errors are logged with their request id; a line per request would drown them.
    logController: new LogController({ disableRequestLogging: true }),
    // Report queries carry their lists in the body; keep bodies small all the same.
    bodyLimit: 1_048_576,
  });

  // Bodies are JSON only: a plain-text body is what a cross-site form could send without asking.
  app.removeContentTypeParser('text/plain');

  app.setErrorHandler((error, request, reply) => {
    if (error instanceof AppError) {
      const retry = error.details.find((d) => d.field === 'retry_after_seconds');
      if (retry) reply.header('retry-after', retry.message);
      return reply.status(error.status).send(error.toJSON());
    }
    const status = (error as { statusCode?: number }).statusCode;
    if (status && status >= 400 && status < 500) {
      return reply.status(status).send(new AppError('validation_failed', (error as Error).message).toJSON());
    }
    request.log.error({ err: error, requestId: request.id }, 'internal error');
    return reply.status(500).send({
      error: {
        code: 'internal',
        message: `Something went wrong on our side (request ${request.id}). It has been logged.`,
        details: [],
      },
    });
  });

  registerRoutes(app, ctx, routes);
  // TikTok's Events API paths, answered in TikTok's envelope rather than ours.
  registerEventsApi(app, ctx);
  // The shop's CSV import (text/csv) and Shopify's webhooks (signed raw bodies), each in a scope of its own.
  registerShopScopes(app, ctx);
  // The browser pixel's script and collect endpoint, in a scope that also takes text/plain bodies.
  registerPixelScript(app, ctx);
  // Creative uploads: the file is the body, streamed to disk (no JSON parsing, no body limit).
  registerCreativeUploads(app, ctx);
  // Customer files for audiences: the file is the body, streamed through the import.
  registerAudienceUploads(app, ctx);
  // A scheduled report's unsubscribe link: a public page, and one-click POSTs with form bodies.
  registerUnsubscribe(app, ctx);

  if (fs.existsSync(path.join(WEB_DIST, 'index.html'))) {
    // wildcard: files are looked up per request, so a rebuilt web app is served without a restart.
    await app.register(fastifyStatic, { root: WEB_DIST, wildcard: true });
  }
  app.setNotFoundHandler((request, reply) => {
    if (request.url.startsWith('/api/') || request.method !== 'GET') {
      return reply
        .status(404)
        .send(
          new AppError(
            'not_found',
            `No API route ${request.method} ${request.url.split('?')[0]}. See /api/openapi.json.`,
          ).toJSON(),
        );
    }
    // Every other GET is a screen of the single-page app: serve it and let the client route.
    if (fs.existsSync(path.join(WEB_DIST, 'index.html'))) return reply.sendFile('index.html');
    return reply
      .status(503)
      .type('text/plain')
      .send('The web app is not built. Run "npm start" (which builds it) or "npm run build".');
  });
  return app;
}

// Routes are declared once, with zod schemas for their input and output; the same declarations register
// them with Fastify (validating input) and produce the OpenAPI document.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  type AdvertiserAction,
  advertiserChecks,
  canManageAdvertisers,
  canManageUsers,
} from '../access/authorize.ts';
import { sameSecret } from '../access/secrets.ts';
import { AppError, notFound } from '../core/errors.ts';
import { formatPath } from '../core/field-path.ts';
import type { AppContext } from '../app-context.ts';
import { type Principal, authenticate } from './principal.ts';

/**
 * Who may call a route. Every route must say; there is no default. Advertiser routes take the advertiser
 * from the `advertiserId` path parameter: one the caller may not see answers 404, as if it did not exist.
 */
export type Access =
  'public' | 'signed-in' | 'manage-users' | 'manage-advertisers' | { advertiser: AdvertiserAction };

export interface RouteInput<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  /** The caller; null only on public routes. */
  principal: Principal | null;
  request: FastifyRequest;
  reply: FastifyReply;
}

export interface RouteDef<P = unknown, Q = unknown, B = unknown, R = unknown> {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  /** Fastify path syntax: /api/v1/advertisers/:advertiserId */
  url: string;
  summary: string;
  tag: string;
  access: Access;
  params?: z.ZodType<P>;
  query?: z.ZodType<Q>;
  body?: z.ZodType<B>;
  response: z.ZodType<R>;
  /** For a route answering with a file: its content types (the OpenAPI document lists them as binary). */
  produces?: string[];
  handler(input: RouteInput<P, Q, B>, ctx: AppContext): Promise<R>;
}

export function defineRoute<P, Q, B, R>(def: RouteDef<P, Q, B, R>): RouteDef {
  return def as unknown as RouteDef;
}

function parse<T>(schema: z.ZodType<T> | undefined, value: unknown, where: string): T {
  if (!schema) return undefined as T;
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;
  const details = result.error.issues.map((issue) => ({
    field: [where, formatPath(issue.path)].filter(Boolean).join('.'),
    message: issue.message,
  }));
  throw new AppError(
    'validation_failed',
    `Invalid ${where}: ${details.map((d) => `${d.field} ${d.message}`).join('; ')}.`,
    details,
  );
}

async function authorize(
  ctx: AppContext,
  route: RouteDef,
  request: FastifyRequest,
): Promise<Principal | null> {
  const principal = await authenticate(ctx.catalog, request);
  if (route.access === 'public') return principal;
  if (!principal)
    throw new AppError(
      'unauthorized',
      'Sign in first, or send an API token as "Authorization: Bearer <token>".',
    );
  // Cookies are sent by the browser on its own; a write must also prove it comes from our page.
  if (principal.via === 'session' && request.method !== 'GET' && request.method !== 'HEAD') {
    const sent = request.headers['x-csrf-token'];
    if (typeof sent !== 'string' || !sameSecret(sent, principal.session!.csrfToken)) {
      throw new AppError(
        'csrf_failed',
        'This change did not come with the page’s security token (X-CSRF-Token). Reload the page and try again.',
      );
    }
  }
  const user = principal.user;
  if (route.access === 'manage-users' && !canManageUsers(user)) {
    throw new AppError('forbidden', 'Only owners and admins manage members.');
  }
  if (route.access === 'manage-advertisers' && !canManageAdvertisers(user)) {
    throw new AppError('forbidden', 'Only owners and admins create or replace advertisers.');
  }
  if (typeof route.access === 'object') {
    const advertiserId = (request.params as { advertiserId?: string }).advertiserId ?? '';
    if (!advertiserChecks.view(user, advertiserId)) throw notFound('Advertiser', advertiserId);
    if (!advertiserChecks[route.access.advertiser](user, advertiserId)) {
      throw new AppError(
        'forbidden',
        `Your role (${user.role}) may not ${route.access.advertiser === 'edit' ? 'change' : 'build reports for'} this advertiser.`,
      );
    }
  }
  return principal;
}

export function registerRoutes(app: FastifyInstance, ctx: AppContext, routes: RouteDef[]): void {
  for (const route of routes) {
    app.route({
      method: route.method,
      url: route.url,
      handler: async (request, reply) => {
        const principal = await authorize(ctx, route, request);
        const input = {
          params: parse(route.params, request.params, 'path'),
          query: parse(route.query, request.query, 'query'),
          body: parse(route.body, request.body, 'body'),
          principal,
          request,
          reply,
        };
        return route.handler(input, ctx);
      },
    });
  }
}

/** A comma-separated list in a query string: `metrics=spend,ctr`. */
export const csvList = z.string().transform((value) =>
  value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean),
);

const toJsonSchema = (schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> => {
  const json = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Record<string, unknown>;
  delete json.$schema;
  return json;
};

export function openApiDocument(routes: RouteDef[], version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const path = route.url.replace(/:(\w+)/g, '{$1}');
    const parameters: unknown[] = [];
    for (const [where, schema] of [
      ['path', route.params],
      ['query', route.query],
    ] as const) {
      if (!schema) continue;
      const json = toJsonSchema(schema, 'input') as {
        properties?: Record<string, unknown>;
        required?: string[];
      };
      for (const [name, prop] of Object.entries(json.properties ?? {})) {
        parameters.push({
          name,
          in: where,
          required: where === 'path' || (json.required ?? []).includes(name),
          schema: prop,
        });
      }
    }
    (paths[path] ??= {})[route.method.toLowerCase()] = {
      summary: route.summary,
      tags: [route.tag],
      security: route.access === 'public' ? [] : [{ session: [] }, { token: [] }],
      parameters,
      ...(route.body
        ? {
            requestBody: {
              required: true,
              content: { 'application/json': { schema: toJsonSchema(route.body, 'input') } },
            },
          }
        : {}),
      responses: {
        200: {
          description: 'OK',
          content: route.produces
            ? Object.fromEntries(
                route.produces.map((type) => [type, { schema: { type: 'string', format: 'binary' } }]),
              )
            : { 'application/json': { schema: toJsonSchema(route.response, 'output') } },
        },
        default: {
          description: 'Error',
          content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
        },
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Adcockpit API', version },
    paths,
    components: {
      securitySchemes: {
        session: {
          type: 'apiKey',
          in: 'cookie',
          name: 'adcockpit_session',
          description: 'Browser session; writes also need the X-CSRF-Token header.',
        },
        token: {
          type: 'http',
          scheme: 'bearer',
          description: 'An API token created under Settings → API tokens or with `adcockpit token create`.',
        },
      },
      schemas: {
        Error: {
          type: 'object',
          required: ['error'],
          properties: {
            error: {
              type: 'object',
              required: ['code', 'message', 'details'],
              properties: {
                code: { type: 'string' },
                message: { type: 'string' },
                details: {
                  type: 'array',
                  items: {
                    type: 'object',
                    properties: {
                      field: { type: 'string' },
                      message: { type: 'string' },
                      position: { type: 'integer', description: 'In a formula: 0-based offset' },
                      length: { type: 'integer', description: 'In a formula: characters covered' },
                    },
                  },
                },
              },
            },
          },
        },
      },
    },
  };
}

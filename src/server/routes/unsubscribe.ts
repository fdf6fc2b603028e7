// The unsubscribe link of a scheduled report's outside recipients: GET shows a small page that asks to
// confirm (mail scanners follow links, so a GET never unsubscribes), POST records it — from that page's
// button or from a mail client's one-click request (RFC 8058: `List-Unsubscribe=One-Click` as a form
// body). Public: the signed token is the permission. A bad token gets a page that says so, never an error
// dump. Registered in a scope of its own that reads form bodies, which the JSON API refuses.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../app-context.ts';
import type { Queryable } from '../../catalog/db.ts';
import { escapeHtml as e } from '../../messages/html.ts';
import {
  type UnsubscribeRequest,
  readUnsubscribeToken,
  recordUnsubscribe,
} from '../../messages/unsubscribe.ts';
import { type RouteDef, defineRoute, registerRoutes } from '../route.ts';

const Query = z.object({ token: z.string().max(2000).optional() });

interface Subscription {
  template: string;
  advertiser: string;
}

async function subscriptionOf(db: Queryable, scheduleId: string): Promise<Subscription | null> {
  const [row] = await db.query<Subscription>(
    `select t.name as template, a.name as advertiser
       from report_schedules s
       join report_templates t on t.template_id = s.template_id
       join advertisers a on a.advertiser_id = s.advertiser_id
      where s.schedule_id = $1`,
    [scheduleId],
  );
  return row ?? null;
}

function page(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex"><title>${e(title)} · Adcockpit</title></head>
<body style="margin:0;background:#f2f4f7;font:14px/1.5 -apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;color:#101828">
<main style="max-width:440px;margin:64px auto;padding:24px;background:#fff;border:1px solid #eaecf0;border-radius:6px">
<h1 style="margin:0 0 8px;font-size:18px;font-weight:600">${e(title)}</h1>
${body}
</main></body></html>
`;
}

const BAD_LINK = page(
  'This unsubscribe link is not valid',
  `<p style="margin:0;color:#475467">It may have been cut short or changed on its way. Open the link from the
report e-mail again, or reply to the sender and ask to be taken off the list.</p>`,
);

const what = (sub: Subscription | null): string =>
  sub ? `the “${e(sub.template)}” report for ${e(sub.advertiser)}` : 'this scheduled report';

async function resolve(ctx: AppContext, token: string | undefined) {
  const request = token ? await readUnsubscribeToken(ctx.catalog, token) : null;
  return request ? { request, subscription: await subscriptionOf(ctx.catalog, request.scheduleId) } : null;
}

function confirmPage(token: string, request: UnsubscribeRequest, sub: Subscription | null): string {
  return page(
    'Unsubscribe from this report?',
    `<p style="margin:0 0 16px;color:#475467"><strong style="color:#101828">${e(request.email)}</strong> will no
longer receive ${what(sub)}.</p>
<form method="post" action="/unsubscribe?token=${e(encodeURIComponent(token))}">
<input type="hidden" name="List-Unsubscribe" value="One-Click">
<button type="submit" autofocus style="font:inherit;font-weight:600;padding:8px 16px;border:0;border-radius:6px;background:#1f6feb;color:#fff;cursor:pointer">Unsubscribe</button>
</form>`,
  );
}

const donePage = (request: UnsubscribeRequest, sub: Subscription | null): string =>
  page(
    'You are unsubscribed',
    `<p style="margin:0;color:#475467"><strong style="color:#101828">${e(request.email)}</strong> will no longer
receive ${what(sub)}. Other reports you may get are not affected.</p>`,
  );

const unsubscribePageRoute = defineRoute({
  method: 'GET',
  url: '/unsubscribe',
  access: 'public',
  summary:
    'The page an unsubscribe link of a scheduled report opens: asks the outside recipient to confirm (nothing changes on GET).',
  tag: 'schedules',
  query: Query,
  response: z.string(),
  produces: ['text/html'],
  handler: async ({ query, reply }, ctx) => {
    const found = await resolve(ctx, query.token);
    reply.type('text/html; charset=utf-8').header('cache-control', 'no-store');
    if (!found) return reply.status(400).send(BAD_LINK);
    return confirmPage(query.token!, found.request, found.subscription);
  },
});

const unsubscribeRoute = defineRoute({
  method: 'POST',
  url: '/unsubscribe',
  access: 'public',
  summary:
    'Unsubscribes the address the signed token names from its schedule (RFC 8058 one-click: the body is List-Unsubscribe=One-Click, form-encoded). Asking twice is harmless.',
  tag: 'schedules',
  query: Query,
  response: z.string(),
  produces: ['text/html'],
  handler: async ({ query, reply }, ctx) => {
    const found = await resolve(ctx, query.token);
    reply.type('text/html; charset=utf-8').header('cache-control', 'no-store');
    if (!found) return reply.status(400).send(BAD_LINK);
    await recordUnsubscribe(ctx.catalog, found.request);
    return donePage(found.request, found.subscription);
  },
});

/** For the OpenAPI document; registered by registerUnsubscribe, not with the JSON API's routes. */
export const unsubscribeRoutes: RouteDef[] = [unsubscribePageRoute, unsubscribeRoute];

export function registerUnsubscribe(app: FastifyInstance, ctx: AppContext): void {
  void app.register(async (scope) => {
    // The body says only "one click" (RFC 8058); the token in the address is what counts, so the
    // form body is read and not used, whichever of the two form encodings the mail client picks.
    scope.addContentTypeParser(
      ['application/x-www-form-urlencoded', 'multipart/form-data'],
      { parseAs: 'string', bodyLimit: 4096 },
      (_request, _body, done) => done(null, {}),
    );
    registerRoutes(scope, ctx, unsubscribeRoutes);
  });
}

// Mail settings, for owners and admins: the SMTP server (when SMTP_URL does not set it), the From address
// and the address links in e-mails point to. The SMTP password is stored and never answered back.
import { describeMailSettings, updateMailSettings } from '../../mail/settings.ts';
import { MailSettings, MailSettingsUpdate } from '../../shared/schedules-api.ts';
import { audit } from '../../access/audit.ts';
import { requestAppUrl } from './schedules.ts';
import { type RouteDef, defineRoute } from '../route.ts';

const url = '/api/v1/settings/mail';

const getRoute = defineRoute({
  method: 'GET',
  url,
  access: 'manage-users',
  summary:
    'How mail goes out: through an SMTP server (host, port, user; never the password) set by SMTP_URL or here, or into the outbox in the data directory when none is set.',
  tag: 'settings',
  response: MailSettings,
  handler: async ({ request }, ctx) => describeMailSettings(ctx.catalog, ctx.config, requestAppUrl(request)),
});

const putRoute = defineRoute({
  method: 'PUT',
  url,
  access: 'manage-users',
  summary:
    'Sets the SMTP server (smtp://user:password@host:587, smtps://… for 465; null for the outbox), the From address and the app’s address for links. SMTP_URL, when set, wins over the server given here.',
  tag: 'settings',
  body: MailSettingsUpdate,
  response: MailSettings,
  handler: async ({ body, principal, request }, ctx) => {
    await updateMailSettings(ctx.catalog, body, principal!.actor.label);
    // The log says what changed, never the URL with its password.
    await audit(ctx.catalog, principal!.actor, {
      action: 'mail_settings.update',
      after: {
        smtp_url: body.smtp_url === undefined ? 'unchanged' : body.smtp_url ? 'set' : 'removed',
        from: body.from,
        app_url: body.app_url,
      },
    });
    return describeMailSettings(ctx.catalog, ctx.config, requestAppUrl(request));
  },
});

export const mailSettingsRoutes: RouteDef[] = [getRoute, putRoute];

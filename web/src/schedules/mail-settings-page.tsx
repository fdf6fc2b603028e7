// Mail settings, for owners and admins: how scheduled reports and alerts go out — through an SMTP server
// (from SMTP_URL, which wins, or set here) or into the outbox in the data directory — the From address,
// and the address links in messages lead to. The SMTP URL is write-only: the password is never shown.
import { type FormEvent, useState } from 'react';
import { fieldErrors } from '../api/client.ts';
import { useMailSettings, useSaveMailSettings } from '../api/schedules.ts';
import { ErrorBanner, Skeleton } from '../components/feedback.tsx';
import { PageHeader } from '../settings/settings-screen.tsx';
import './schedules.css';

export function MailSettingsPage() {
  const settings = useMailSettings();
  const save = useSaveMailSettings();
  const [smtpUrl, setSmtpUrl] = useState('');
  const [from, setFrom] = useState<string | null>(null);
  const [appUrl, setAppUrl] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const s = settings.data;
  const errors = fieldErrors(save.error);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    save.mutate(
      {
        ...(smtpUrl.trim() ? { smtp_url: smtpUrl.trim() } : {}),
        ...(from !== null ? { from } : {}),
        ...(appUrl !== null ? { app_url: appUrl.trim() || null } : {}),
      },
      {
        onSuccess: () => {
          setSmtpUrl('');
          setSaved(true);
        },
      },
    );
  };

  const removeServer = () => {
    setSaved(false);
    save.mutate({ smtp_url: null }, { onSuccess: () => setSaved(true) });
  };

  return (
    <>
      <PageHeader
        title="Mail"
        note="How scheduled reports and alerts leave Adcockpit. Without an SMTP server, messages are written to the outbox folder of the data directory, where the Deliveries page opens them."
      />
      {settings.error ? (
        <ErrorBanner
          title="The mail settings could not be loaded."
          error={settings.error}
          onRetry={() => void settings.refetch()}
        />
      ) : !s ? (
        <Skeleton width="100%" height={200} />
      ) : (
        <section className="panel" data-testid="mail-settings">
          <header className="panel-header">
            <h2 className="panel-title">
              {s.transport === 'smtp' ? `Sending through ${s.host}:${s.port}` : 'Writing to the outbox'}
            </h2>
            <span className="panel-note">
              {s.source === 'env'
                ? 'Set by the SMTP_URL environment variable, which wins over this page.'
                : s.source === 'settings'
                  ? `Set here${s.modified_by ? ` by ${s.modified_by}` : ''}.`
                  : 'No SMTP server is configured.'}
              {s.user ? ` User ${s.user}${s.has_password ? ', password stored' : ''}.` : ''}
            </span>
          </header>
          <form className="panel-pad sc-form" onSubmit={submit} noValidate>
            <div className="form-field">
              <label htmlFor="mail-smtp">SMTP server {s.source === 'settings' ? '(replace)' : ''}</label>
              <input
                id="mail-smtp"
                type="password"
                autoComplete="off"
                value={smtpUrl}
                placeholder="smtp://user:password@mail.example.com:587 or smtps://…:465"
                onChange={(e) => setSmtpUrl(e.target.value)}
                data-testid="mail-smtp-url"
              />
              <span className="form-note">
                Write-only: the stored URL and its password are never shown again.
              </span>
              {errors.smtp_url && <span className="field-error">{errors.smtp_url}</span>}
            </div>
            <div className="form-field">
              <label htmlFor="mail-from">From</label>
              <input id="mail-from" value={from ?? s.from} onChange={(e) => setFrom(e.target.value)} />
              {errors.from && <span className="field-error">{errors.from}</span>}
            </div>
            <div className="form-field">
              <label htmlFor="mail-app-url">Adcockpit’s address, for links in messages</label>
              <input
                id="mail-app-url"
                value={appUrl ?? s.app_url}
                onChange={(e) => setAppUrl(e.target.value)}
              />
              {errors.app_url && <span className="field-error">{errors.app_url}</span>}
            </div>
            {save.error && Object.keys(errors).length === 0 && (
              <ErrorBanner title="The mail settings were not saved." error={save.error} />
            )}
            <div className="sc-inline">
              <button type="submit" className="button button-primary" disabled={save.isPending}>
                {save.isPending ? 'Saving…' : 'Save'}
              </button>
              {s.source === 'settings' && (
                <button type="button" className="button" disabled={save.isPending} onClick={removeServer}>
                  Remove the SMTP server
                </button>
              )}
              {saved && <span role="status">Saved.</span>}
            </div>
          </form>
        </section>
      )}
    </>
  );
}

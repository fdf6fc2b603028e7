// One pixel below the Pixels table: its install snippet, its events per name over 24 h and 7 days with
// the sources they came from, and its access tokens for server events (create — shown once —, revoke).
import { type FormEvent, useRef, useState } from 'react';
import type { AdvertiserInfo } from '../../../src/shared/api.ts';
import type { EventSources, PixelInfo, PixelTokenInfo } from '../../../src/shared/pixels-api.ts';
import { installSnippet } from '../../../src/sources/events/pixel-script/snippet.ts';
import { fieldErrors } from '../api/client.ts';
import { useCreatePixelToken, usePixelSummary, usePixelTokens, useRevokePixelToken } from '../api/pixels.ts';
import { TokenTable } from '../components/token-table.tsx';
import { ErrorBanner, Skeleton } from '../components/feedback.tsx';
import { Link } from '../components/link.tsx';
import { formatDateTime } from '../lib/time.ts';
import { useAssetsParams } from './assets-url.ts';
import { CopyButton } from './copy-button.tsx';
import { count } from './pixels-page.tsx';

interface Props {
  advertiser: AdvertiserInfo;
  pixel: PixelInfo;
  canEdit: boolean;
}

export function PixelDetail({ advertiser, pixel, canEdit }: Props) {
  return (
    <div className="assets-detail" data-testid="pixel-detail" data-pixel-id={pixel.pixel_id}>
      <InstallPanel pixel={pixel} />
      <EventsPanel advertiser={advertiser} pixel={pixel} />
      <TokensPanel advertiser={advertiser} pixel={pixel} canEdit={canEdit} />
    </div>
  );
}

function InstallPanel({ pixel }: { pixel: PixelInfo }) {
  const snippet = installSnippet(`${window.location.origin}/pixel/events.js`, pixel.pixel_code);
  return (
    <section className="panel assets-install" aria-labelledby="install-title">
      <header className="panel-header">
        <h2 id="install-title" className="panel-title">
          Install “{pixel.pixel_name}”
        </h2>
        <CopyButton text={snippet} label="Copy snippet" testId="copy-snippet" />
      </header>
      <div className="panel-pad">
        <p className="assets-note">
          Paste into the <code>&lt;head&gt;</code> of every page of the site. It is TikTok’s base code loading
          Adcockpit’s script, so <code>ttq.track()</code> and <code>ttq.identify()</code> calls work as they
          are. Pass the same <code>event_id</code> from the browser and the server to count an event once.
        </p>
        <pre className="assets-snippet" data-testid="install-snippet" tabIndex={0}>
          {snippet}
        </pre>
      </div>
    </section>
  );
}

const SOURCE_LABEL: Record<EventSources, string> = { browser: 'Browser', server: 'Server', both: 'Both' };

function EventsPanel({ advertiser, pixel }: { advertiser: AdvertiserInfo; pixel: PixelInfo }) {
  const summary = usePixelSummary(advertiser.advertiser_id, pixel.pixel_id);
  const { search } = useAssetsParams();
  const events = summary.data?.events;
  const feed = new URLSearchParams(search);
  feed.set('pixel', pixel.pixel_id);
  return (
    <section className="panel" aria-labelledby="pixel-events-title">
      <header className="panel-header">
        <h2 id="pixel-events-title" className="panel-title">
          Events <span className="panel-note">· received in the last 7 days</span>
        </h2>
        <Link className="button button-small link-as-button" href={`/assets/events?${feed.toString()}`}>
          Watch live
        </Link>
      </header>
      {summary.error ? (
        <div className="panel-pad">
          <ErrorBanner
            title="The pixel's events could not be counted."
            error={summary.error}
            onRetry={() => void summary.refetch()}
          />
        </div>
      ) : (
        <table className="data-table assets-table" data-testid="pixel-events-table">
          <colgroup>
            <col style={{ width: '22%' }} />
            <col style={{ width: '10%' }} />
            <col style={{ width: '10%' }} />
            <col style={{ width: '10%' }} />
            <col style={{ width: '10%' }} />
            <col style={{ width: '10%' }} />
            <col style={{ width: '10%' }} />
            <col style={{ width: '18%' }} />
          </colgroup>
          <thead>
            <tr>
              <th scope="col" className="cell-text">
                Event
              </th>
              <th scope="col" className="cell-number">
                24 h
              </th>
              <th scope="col" className="cell-number">
                7 days
              </th>
              <th
                scope="col"
                className="cell-number"
                title="Copies from the browser pixel, duplicates included"
              >
                Browser
              </th>
              <th scope="col" className="cell-number" title="Copies from the Events API, duplicates included">
                Server
              </th>
              <th scope="col" className="cell-number" title="Copies counted once (same event_id)">
                Duplicates
              </th>
              <th scope="col" className="cell-text">
                Source
              </th>
              <th scope="col" className="cell-text">
                Last received
              </th>
            </tr>
          </thead>
          <tbody>
            {!events ? (
              <tr aria-hidden="true">
                {Array.from({ length: 8 }, (_, c) => (
                  <td key={c}>
                    <Skeleton width="60%" />
                  </td>
                ))}
              </tr>
            ) : events.length === 0 ? (
              <tr>
                <td className="table-empty" colSpan={8}>
                  No event in the last 7 days. Install the snippet or send server events with a token below.
                </td>
              </tr>
            ) : (
              events.map((e) => (
                <tr key={e.event} data-testid="pixel-event-row" data-event={e.event}>
                  <td className="cell-text">
                    <span className="ellipsis cell-name" title={e.event}>
                      {e.event}
                      {!e.standard && <span className="badge assets-custom">custom</span>}
                    </span>
                  </td>
                  <td className="cell-number">{count(e.count_24h)}</td>
                  <td className="cell-number">{count(e.count_7d)}</td>
                  <td className="cell-number">{count(e.browser_7d)}</td>
                  <td className="cell-number">{count(e.server_7d)}</td>
                  <td className="cell-number">{count(e.duplicates_7d)}</td>
                  <td className="cell-text">
                    <span className={`source-tag source-${e.sources}`} data-testid="pixel-event-sources">
                      {SOURCE_LABEL[e.sources]}
                    </span>
                  </td>
                  <td className="cell-text cell-time">
                    {formatDateTime(e.last_received_at, { timeZone: advertiser.timezone })}
                  </td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      )}
    </section>
  );
}

function TokensPanel({ advertiser, pixel, canEdit }: Props) {
  const tokens = usePixelTokens(advertiser.advertiser_id, pixel.pixel_id);
  const create = useCreatePixelToken(advertiser.advertiser_id, pixel.pixel_id);
  const revoke = useRevokePixelToken(advertiser.advertiser_id, pixel.pixel_id);
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [created, setCreated] = useState<{ token: PixelTokenInfo; secret: string } | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim()) {
      setError('Give the token a name, e.g. what sends the events (Shopify, the shop server).');
      input.current?.focus();
      return;
    }
    setError(null);
    create.mutate(name.trim(), {
      onSuccess: (result) => {
        setCreated(result);
        setName('');
      },
    });
  };
  const shown = error ?? fieldErrors(create.error).name ?? create.error?.message ?? null;
  const list = tokens.data?.tokens;
  return (
    <section className="panel" aria-labelledby="pixel-tokens-title">
      <header className="panel-header">
        <h2 id="pixel-tokens-title" className="panel-title">
          Access tokens for server events
        </h2>
        {canEdit && (
          <form
            className="inline-form assets-create"
            onSubmit={submit}
            noValidate
            data-testid="create-pixel-token-form"
          >
            <span className="inline-error" role={shown ? 'alert' : undefined}>
              {shown}
            </span>
            <label className="inline-field">
              <span className="visually-hidden">Token name</span>
              <input
                ref={input}
                name="token-name"
                value={name}
                maxLength={100}
                placeholder="Token name, e.g. Shop server"
                aria-invalid={shown ? true : undefined}
                onChange={(e) => {
                  setName(e.target.value);
                  setError(null);
                }}
              />
            </label>
            <button type="submit" className="button" disabled={create.isPending}>
              {create.isPending ? 'Creating…' : 'Create token'}
            </button>
          </form>
        )}
      </header>
      <div className="panel-pad panel-pad-tight">
        <p className="assets-note">
          Send events from a server to <code>{window.location.origin}/open_api/v1.3/event/track/</code> with
          the token in the <code>Access-Token</code> header and <code>event_source_id</code>{' '}
          <code>{pixel.pixel_code}</code>, as TikTok’s Events API takes them.
        </p>
        {created && (
          <div className="secret-box" data-testid="pixel-token-secret-box" role="status">
            <div className="secret-title">
              Token “{created.token.name}” created. Copy it now — you will not see it again.
            </div>
            <div className="secret-row">
              <input
                className="secret-value"
                data-testid="pixel-token-secret"
                readOnly
                value={created.secret}
                aria-label="The new token"
                onFocus={(e) => e.currentTarget.select()}
                autoFocus
              />
              <CopyButton text={created.secret} testId="copy-pixel-token" />
              <button type="button" className="button button-small" onClick={() => setCreated(null)}>
                Done
              </button>
            </div>
          </div>
        )}
        {revoke.error && <ErrorBanner title="The token was not revoked." error={revoke.error} />}
        {tokens.error && (
          <ErrorBanner
            title="The tokens could not be loaded."
            error={tokens.error}
            onRetry={() => void tokens.refetch()}
          />
        )}
      </div>
      <TokenTable
        tokens={list}
        onRevoke={
          canEdit
            ? (t) =>
                revoke.mutate(t.token_id, {
                  onSuccess: () => setCreated((now) => (now?.token.token_id === t.token_id ? null : now)),
                })
            : undefined
        }
        revokingId={revoke.isPending ? (revoke.variables ?? null) : null}
        emptyText="No token yet: server events need one."
        revokeConsequence="Requests sending it are refused from now on (code 40105)."
        timeZone={advertiser.timezone}
        showCreatedBy
        skeletonRows={1}
        className="assets-table"
        testId="pixel-token-table"
        rowTestId="pixel-token-row"
        revokeTestId="revoke-pixel-token"
      />
    </section>
  );
}

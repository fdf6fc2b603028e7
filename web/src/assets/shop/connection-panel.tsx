// The Shopify connection: a form to connect the store (its domain and webhook signing secret) when none
// is, else the store, its secret's last characters, the webhook URL to paste into Shopify with the topics
// to subscribe, step by step, and — for those who may edit — rotating the secret and disconnecting.
import { type FormEvent, useState } from 'react';
import type { AdvertiserInfo } from '../../../../src/shared/api.ts';
import { fieldErrors } from '../../api/client.ts';
import {
  type ShopConnection,
  useConnectShop,
  useDisconnectShop,
  useRotateShopSecret,
  useShopConnection,
  useShopDeliveries,
} from '../../api/shop.ts';
import { ConfirmAction } from '../../components/confirm.tsx';
import { ErrorBanner, Skeleton } from '../../components/feedback.tsx';
import { FormMessage, TextField } from '../../components/form.tsx';
import { formatDateTime } from '../../lib/time.ts';
import { CopyButton } from '../copy-button.tsx';

/** Shopify's names for the webhooks to create, with the topic each sends (as docs/shop-orders.md lists). */
const WEBHOOKS = [
  { event: 'Order creation', topic: 'orders/create' },
  { event: 'Order update', topic: 'orders/updated' },
  { event: 'Order cancellation', topic: 'orders/cancelled' },
  { event: 'Refund create', topic: 'refunds/create' },
] as const;

/** Shopify posts only to public HTTPS addresses; a local or plain-http one will never receive a delivery. */
function unreachableReason(origin: URL): string | null {
  if (origin.protocol !== 'https:') return 'it is plain http (Shopify sends webhooks only over HTTPS)';
  if (/^(localhost|127\.|10\.|192\.168\.|\[::1\])/.test(origin.hostname)) {
    return 'it is an address of this machine or network, which Shopify cannot reach';
  }
  return null;
}

export function ConnectionPanel({ advertiser, canEdit }: { advertiser: AdvertiserInfo; canEdit: boolean }) {
  const connection = useShopConnection(advertiser.advertiser_id);
  return (
    <section
      className="panel shop-connection"
      aria-labelledby="shop-connection-title"
      data-testid="shop-connection"
    >
      <header className="panel-header">
        <h2 id="shop-connection-title" className="panel-title">
          Shopify store
        </h2>
        {connection.data && <span className="shop-state shop-state-on">Connected</span>}
        {connection.data === null && <span className="shop-state">Not connected</span>}
      </header>
      <div className="panel-pad">
        {connection.error ? (
          <ErrorBanner
            title="The store connection could not be loaded."
            error={connection.error}
            onRetry={() => void connection.refetch()}
          />
        ) : connection.data === undefined ? (
          <Skeleton width="100%" height={120} />
        ) : connection.data === null ? (
          canEdit ? (
            <ConnectForm advertiserId={advertiser.advertiser_id} />
          ) : (
            <p className="assets-note" data-testid="shop-not-connected">
              No Shopify store is connected: orders arrive only by import. An owner, admin or analyst of this
              advertiser can connect the store’s webhooks here.
            </p>
          )
        ) : (
          <Connected advertiser={advertiser} connection={connection.data} canEdit={canEdit} />
        )}
      </div>
    </section>
  );
}

function ConnectForm({ advertiserId }: { advertiserId: string }) {
  const connect = useConnectShop(advertiserId);
  const [domain, setDomain] = useState('');
  const [secret, setSecret] = useState('');
  const [missing, setMissing] = useState<Record<string, string>>({});
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const problems: Record<string, string> = {};
    if (!domain.trim()) problems.shop_domain = 'Give the store’s address, e.g. your-store.myshopify.com.';
    if (!secret.trim()) problems.webhook_secret = 'Paste the signing secret Shopify shows under Webhooks.';
    else if (secret.trim().length < 8)
      problems.webhook_secret = 'A Shopify signing secret is longer: paste all of it.';
    setMissing(problems);
    if (Object.keys(problems).length > 0) return;
    connect.mutate({ shop_domain: domain.trim(), webhook_secret: secret.trim() });
  };
  const fromServer = fieldErrors(connect.error);
  const errors = { ...fromServer, ...missing };
  const formError =
    connect.error && !fromServer.shop_domain && !fromServer.webhook_secret ? connect.error.message : null;
  return (
    <form className="shop-connect-form" onSubmit={submit} noValidate data-testid="shop-connect-form">
      <p className="assets-note">
        Connect the store so Shopify sends each order to Adcockpit as it is created, updated, cancelled or
        refunded. Each delivery is checked against the store’s signing secret; forged ones are refused.
      </p>
      <TextField
        label="Store domain"
        name="shop_domain"
        value={domain}
        onValue={(v) => {
          setDomain(v);
          setMissing((m) => ({ ...m, shop_domain: '' }));
        }}
        placeholder="your-store.myshopify.com"
        autoComplete="off"
        spellCheck={false}
        error={errors.shop_domain || undefined}
        hint="The *.myshopify.com address (Settings → Domains), or the admin URL."
      />
      <TextField
        label="Webhook signing secret"
        name="webhook_secret"
        type="password"
        value={secret}
        onValue={(v) => {
          setSecret(v);
          setMissing((m) => ({ ...m, webhook_secret: '' }));
        }}
        autoComplete="off"
        error={errors.webhook_secret || undefined}
        hint={
          <>
            Shopify admin → <b>Settings → Notifications → Webhooks</b>, at the bottom: “Your webhooks will be
            signed with …”. A custom app signs with its client secret instead.
          </>
        }
      />
      {formError && <FormMessage tone="error">{formError}</FormMessage>}
      <div className="shop-form-actions">
        <button type="submit" className="button button-primary" disabled={connect.isPending}>
          {connect.isPending ? 'Connecting…' : 'Connect store'}
        </button>
      </div>
    </form>
  );
}

function Connected({
  advertiser,
  connection,
  canEdit,
}: {
  advertiser: AdvertiserInfo;
  connection: ShopConnection;
  canEdit: boolean;
}) {
  const disconnect = useDisconnectShop(advertiser.advertiser_id);
  // The same question as the delivery log's first page, so it is asked once.
  const deliveries = useShopDeliveries(advertiser.advertiser_id, 25);
  const setUp = deliveries.data?.deliveries.some((d) => d.outcome === 'stored') ?? false;
  const [rotating, setRotating] = useState(false);
  const origin = new URL(window.location.origin);
  const webhookUrl = `${origin.origin}${connection.webhook_path}`;
  const unreachable = unreachableReason(origin);
  const when = (instant: string) => formatDateTime(instant, { timeZone: advertiser.timezone });
  const rotated = connection.secret_rotated_at !== connection.created_at;
  return (
    <div className="shop-connected">
      <dl className="shop-facts">
        <dt>Store</dt>
        <dd data-testid="shop-domain">{connection.shop_domain}</dd>
        <dt>Signing secret</dt>
        <dd>
          <code data-testid="shop-secret-hint">{connection.secret_hint}</code>
          <span className="cell-muted">
            {' '}
            ·{' '}
            {rotated ? `changed ${when(connection.secret_rotated_at)}` : `set ${when(connection.created_at)}`}
          </span>
        </dd>
        <dt>Connected by</dt>
        <dd>
          {connection.created_by} <span className="cell-muted">· {when(connection.created_at)}</span>
        </dd>
      </dl>
      {canEdit && (
        <div className="shop-actions">
          {rotating ? (
            <RotateForm advertiserId={advertiser.advertiser_id} onDone={() => setRotating(false)} />
          ) : (
            <button
              type="button"
              className="button button-small"
              data-testid="shop-rotate"
              onClick={() => setRotating(true)}
            >
              Change secret
            </button>
          )}
          <ConfirmAction
            label="Disconnect"
            question={`Disconnect ${connection.shop_domain}?`}
            consequence="Its webhooks are refused from now on (Shopify retries, then gives up). Orders already stored stay. Delete the webhooks in Shopify too."
            confirmLabel="Disconnect"
            onConfirm={() => disconnect.mutate()}
            pending={disconnect.isPending}
            testId="shop-disconnect"
          />
        </div>
      )}
      {disconnect.error && <ErrorBanner title="The store was not disconnected." error={disconnect.error} />}
      <div className="shop-webhook">
        <div className="shop-webhook-label">Webhook URL to paste into Shopify</div>
        <div className="secret-row">
          <input
            className="secret-value"
            readOnly
            value={webhookUrl}
            aria-label="Webhook URL"
            data-testid="shop-webhook-url"
            onFocus={(e) => e.currentTarget.select()}
          />
          <CopyButton text={webhookUrl} label="Copy URL" testId="shop-copy-webhook-url" />
        </div>
        {unreachable && (
          <p className="shop-warning" role="note">
            Shopify cannot deliver to this address: {unreachable}. Open Adcockpit at its public HTTPS address
            (behind your proxy) and copy the URL from there.
          </p>
        )}
      </div>
      {canEdit && (
        // Open until the first delivery is stored: after that the steps are done and only take room.
        <details className="shop-steps-box" open={!setUp} data-testid="shop-steps">
          <summary>
            {setUp ? 'How the webhooks are set up in Shopify' : 'Set up the webhooks in Shopify'}
          </summary>
          <ol className="shop-steps">
            <li>
              In Shopify admin, open <b>Settings → Notifications → Webhooks</b>.
            </li>
            <li>
              Click <b>Create webhook</b> once for each event, format <b>JSON</b>, the URL above, the latest
              API version:
              <ul className="shop-topics">
                {WEBHOOKS.map((w) => (
                  <li key={w.topic}>
                    {w.event} <code>{w.topic}</code>
                  </li>
                ))}
              </ul>
            </li>
            <li>
              Click <b>Send test notification</b> beside <i>Order creation</i>: it appears below as{' '}
              <span className="shop-outcome shop-outcome-stored">Stored</span> (Shopify’s sample order #9999,
              already cancelled).
            </li>
          </ol>
        </details>
      )}
    </div>
  );
}

function RotateForm({ advertiserId, onDone }: { advertiserId: string; onDone: () => void }) {
  const rotate = useRotateShopSecret(advertiserId);
  const [secret, setSecret] = useState('');
  const [missing, setMissing] = useState<string | null>(null);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (secret.trim().length < 8) {
      setMissing('Paste the whole new signing secret from Shopify.');
      return;
    }
    rotate.mutate(secret.trim(), { onSuccess: onDone });
  };
  const shown = missing ?? fieldErrors(rotate.error).webhook_secret ?? rotate.error?.message ?? null;
  return (
    <form
      className="inline-form shop-rotate-form"
      onSubmit={submit}
      noValidate
      data-testid="shop-rotate-form"
    >
      <label className="inline-field">
        <span className="visually-hidden">New signing secret</span>
        <input
          type="password"
          name="new_webhook_secret"
          value={secret}
          autoFocus
          autoComplete="off"
          placeholder="New signing secret"
          aria-invalid={shown ? true : undefined}
          onChange={(e) => {
            setSecret(e.target.value);
            setMissing(null);
          }}
        />
      </label>
      <button type="submit" className="button button-small button-primary" disabled={rotate.isPending}>
        {rotate.isPending ? 'Saving…' : 'Save secret'}
      </button>
      <button type="button" className="button button-small" onClick={onDone}>
        Cancel
      </button>
      {shown && (
        <span className="inline-error" role="alert">
          {shown}
        </span>
      )}
    </form>
  );
}

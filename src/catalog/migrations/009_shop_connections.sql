-- The Shopify store behind an advertiser, for its order webhooks: one store per advertiser. The webhook
-- secret is Shopify's signing key (the app's client secret, or the key shown under Settings → Notifications
-- → Webhooks); it is kept as given because every delivery's X-Shopify-Hmac-Sha256 is checked against it.
create table shop_connections (
  advertiser_id text primary key references advertisers on delete cascade,
  shop_domain text not null check (shop_domain ~ '^[a-z0-9][a-z0-9-]*\.myshopify\.com$'),
  webhook_secret text not null check (length(webhook_secret) between 8 and 500),
  created_by text not null,
  created_at timestamptz not null default now(),
  secret_rotated_at timestamptz not null default now()
);
-- Every webhook delivery for an advertiser with a connection: stored, a duplicate of one stored (same
-- X-Shopify-Webhook-Id), ignored (a topic Adcockpit does not use), refused (a payload it cannot read) or
-- rejected (bad or missing signature). The owner reads it to see whether Shopify reaches Adcockpit; an
-- advertiser keeps at most its 500 most recent deliveries.
create table shop_webhook_deliveries (
  delivery_id bigserial primary key,
  advertiser_id text not null references advertisers on delete cascade,
  webhook_id text,
  topic text,
  shop_domain text,
  outcome text not null check (outcome in ('stored', 'duplicate', 'ignored', 'refused', 'rejected')),
  detail text not null,
  received_at timestamptz not null default now()
);
create index shop_webhook_deliveries_recent_idx on shop_webhook_deliveries (advertiser_id, delivery_id desc);
create unique index shop_webhook_deliveries_stored_idx on shop_webhook_deliveries (advertiser_id, webhook_id)
  where outcome = 'stored';

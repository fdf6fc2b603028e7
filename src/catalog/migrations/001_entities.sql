-- Advertisers and the campaign structure, with TikTok Marketing API v1.3 field names.
-- Money is bigint micro-units of the advertiser's currency.

create table advertisers (
  advertiser_id text primary key,
  name text not null,
  currency text not null,
  timezone text not null,
  source text not null check (source in ('sandbox', 'tiktok', 'import')),
  product_value_micros bigint,
  margin numeric(5, 4),
  create_time timestamptz not null default now(),
  data_updated_at timestamptz
);
create unique index advertisers_name_idx on advertisers (lower(name));

create table campaigns (
  campaign_id text primary key,
  advertiser_id text not null references advertisers on delete cascade,
  campaign_name text not null,
  objective_type text not null,
  budget_mode text not null,
  budget_micros bigint,
  operation_status text not null,
  create_time timestamptz not null default now(),
  modify_time timestamptz not null default now()
);
create index campaigns_advertiser_idx on campaigns (advertiser_id);

create table adgroups (
  adgroup_id text primary key,
  campaign_id text not null references campaigns on delete cascade,
  advertiser_id text not null references advertisers on delete cascade,
  adgroup_name text not null,
  budget_mode text not null,
  budget_micros bigint,
  targeting jsonb not null,
  placements jsonb not null,
  optimization_goal text not null,
  billing_event text not null,
  bid_type text not null,
  bid_price_micros bigint,
  conversion_bid_price_micros bigint,
  pacing text not null,
  schedule_start_time timestamptz not null,
  schedule_end_time timestamptz,
  click_attribution_window text not null,
  view_attribution_window text not null,
  operation_status text not null,
  create_time timestamptz not null default now(),
  modify_time timestamptz not null default now()
);
create index adgroups_advertiser_idx on adgroups (advertiser_id);

create table creatives (
  creative_id text primary key,
  advertiser_id text not null references advertisers on delete cascade,
  file_name text not null,
  kind text not null check (kind in ('video', 'image')),
  duration_s numeric(8, 2),
  width integer not null,
  height integer not null,
  create_time timestamptz not null default now()
);
create index creatives_advertiser_idx on creatives (advertiser_id);

create table ads (
  ad_id text primary key,
  adgroup_id text not null references adgroups on delete cascade,
  campaign_id text not null references campaigns on delete cascade,
  advertiser_id text not null references advertisers on delete cascade,
  ad_name text not null,
  ad_format text not null,
  ad_text text not null,
  call_to_action text not null,
  landing_page_url text not null,
  creative_id text not null references creatives,
  operation_status text not null,
  create_time timestamptz not null default now(),
  modify_time timestamptz not null default now()
);
create index ads_advertiser_idx on ads (advertiser_id);

-- The sandbox's own state: the scenario it runs and the hidden truth about each ad's creative. How far it
-- has simulated is stored with the facts, in the warehouse. Only the sandbox reads this table; insights never do.
create table sandbox_runs (
  advertiser_id text primary key references advertisers on delete cascade,
  scenario jsonb not null,
  truth jsonb not null,
  started_at timestamptz not null
);

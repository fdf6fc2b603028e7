-- Custom audiences (customer files, website visitors from pixel events) and lookalikes. A customer file's
-- people are kept only as SHA-256 hashes, in the warehouse (audience_members), never as the addresses or
-- numbers uploaded; a website audience is its rule, evaluated over the warehouse's pixel events; a lookalike is its source,
-- country and size. Ad groups name audiences in their targeting (audience_ids, excluded_audience_ids).
create table audiences (
  audience_id text primary key,
  advertiser_id text not null references advertisers on delete cascade,
  name text not null check (length(name) between 1 and 128),
  type text not null check (type in ('customer_file', 'website', 'lookalike')),
  retention_days integer not null check (retention_days between 1 and 365),
  -- customer_file: the import's report; website: the rule; lookalike: source, country and size.
  definition jsonb not null,
  -- Known for customer files and lookalikes when created, refreshed when asked; website audiences count live.
  matched_size integer,
  size_basis text not null default '',
  sized_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index audiences_advertiser_idx on audiences (advertiser_id);

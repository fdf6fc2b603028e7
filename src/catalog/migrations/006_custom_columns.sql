-- Custom columns (F4.2): an advertiser's own metrics, formulas over the catalog's metrics and its other
-- custom columns, shared by everyone who works on the advertiser. Ids are "cc_" and a slug of the first
-- name, unique per advertiser; formulas refer to other columns by id. *_by hold the actor's label, as the
-- audit log does.
create table custom_columns (
  advertiser_id text not null references advertisers on delete cascade,
  column_id text not null check (column_id ~ '^cc_[a-z0-9_]+$'),
  name text not null check (length(name) between 1 and 100),
  formula text not null,
  format text not null check (format in ('money', 'percent', 'number')),
  description text not null default '',
  created_by text not null,
  created_at timestamptz not null default now(),
  modified_by text not null,
  modified_at timestamptz not null default now(),
  primary key (advertiser_id, column_id)
);
create unique index custom_columns_name_idx on custom_columns (advertiser_id, lower(name));

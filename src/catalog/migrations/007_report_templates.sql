-- Report templates (F4.3): saved reports shared by an advertiser's team. The definition is the JSON the
-- API validates (src/shared/reports-api.ts, ReportDefinition); names are unique per advertiser whatever
-- their case. Built-in templates are ordinary rows marked builtin, editable and deletable like any other.
create table report_templates (
  template_id text primary key check (template_id ~ '^rt_[a-z0-9]+$'),
  advertiser_id text not null references advertisers on delete cascade,
  name text not null check (length(name) between 1 and 100),
  builtin boolean not null default false,
  definition jsonb not null,
  created_by text not null,
  created_at timestamptz not null default now(),
  modified_by text not null,
  modified_at timestamptz not null default now()
);
create unique index report_templates_name_idx on report_templates (advertiser_id, lower(name));
-- Which built-in templates an advertiser has been given, so that one the team deleted or renamed is not
-- given again at the next start-up.
create table builtin_template_seeds (
  advertiser_id text not null references advertisers on delete cascade,
  builtin_key text not null,
  seeded_at timestamptz not null default now(),
  primary key (advertiser_id, builtin_key)
);

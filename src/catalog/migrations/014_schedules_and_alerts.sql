-- Scheduled reports and alerts (F4.4, F2.3). Exactly-once delivery rests on the deliveries table: one row
-- per message to deliver, unique per (schedule, scheduled send instant) or per alert episode, inserted with
-- "on conflict do nothing" by whichever process sees it due first, and sent by the process holding its
-- lease. Several server processes may share this catalog; none keeps delivery state in memory.

create table report_schedules (
  schedule_id text primary key check (schedule_id ~ '^sch_[a-z0-9]+$'),
  advertiser_id text not null references advertisers on delete cascade,
  template_id text not null references report_templates on delete cascade,
  -- {"every":"daily"} | {"every":"weekly","weekdays":[1,3]} | {"every":"monthly","day":1|"last"}
  recurrence jsonb not null,
  send_at text not null check (send_at ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
  relative_range text not null,
  -- Team members by user id (their address is read at each send) and outside addresses.
  member_ids jsonb not null default '[]',
  emails jsonb not null default '[]',
  attach jsonb not null default '[]',
  paused boolean not null default false,
  -- The next send instant; the due-scan moves it on in the transaction that inserts the delivery.
  next_send_at timestamptz,
  created_by text not null,
  created_at timestamptz not null default now(),
  modified_at timestamptz not null default now()
);
create index report_schedules_due_idx on report_schedules (next_send_at) where not paused;
create index report_schedules_advertiser_idx on report_schedules (advertiser_id);

create table alert_rules (
  alert_id text primary key check (alert_id ~ '^alr_[a-z0-9]+$'),
  advertiser_id text not null references advertisers on delete cascade,
  name text not null check (length(name) between 1 and 100),
  scope_level text not null check (scope_level in ('advertiser', 'campaign', 'adgroup')),
  scope_id text,
  kind text not null check (kind in ('metric', 'insight')),
  -- kind metric: a formula-language condition over the last window_days days.
  condition text,
  window_days integer,
  -- kind insight: the codes watched (empty: all) and the lowest severity that counts.
  insight_codes jsonb not null default '[]',
  min_severity text,
  member_ids jsonb not null default '[]',
  emails jsonb not null default '[]',
  webhook_url text,
  cooldown_hours integer not null default 24 check (cooldown_hours >= 0),
  paused boolean not null default false,
  -- Where the rule stands, updated by each check.
  firing_since timestamptz,
  last_checked_at timestamptz,
  last_notified_at timestamptz,
  created_by text not null,
  created_at timestamptz not null default now(),
  modified_at timestamptz not null default now(),
  check ((kind = 'metric' and condition is not null and window_days is not null) or kind = 'insight')
);
create index alert_rules_advertiser_idx on alert_rules (advertiser_id);

-- One problem, one message: an episode opens when a rule starts firing (outside its cool-down) and is
-- delivered once; it closes when the condition clears.
create table alert_episodes (
  episode_id text primary key,
  alert_id text not null references alert_rules on delete cascade,
  started_at timestamptz not null,
  cleared_at timestamptz,
  summary text not null,
  -- What the check saw when the episode opened: the values, the window, the insights.
  detail jsonb not null
);
-- At most one open episode per rule, even when two processes check at once.
create unique index alert_episodes_open_idx on alert_episodes (alert_id) where cleared_at is null;

create table deliveries (
  delivery_id text primary key,
  advertiser_id text not null references advertisers on delete cascade,
  kind text not null check (kind in ('schedule', 'send_now', 'alert')),
  schedule_id text references report_schedules on delete set null,
  alert_id text references alert_rules on delete set null,
  episode_id text references alert_episodes on delete set null,
  -- The uniqueness that makes a message go out once: "schedule:<id>:<instant>", "now:<id>:<nonce>",
  -- "alert:<episode>".
  dedupe_key text not null unique,
  scheduled_for timestamptz not null,
  -- What to send, frozen when the row is made, so a retry sends the same message to the same people.
  payload jsonb not null,
  subject text,
  transport text,
  status text not null default 'pending'
    check (status in ('pending', 'sending', 'sent', 'retrying', 'failed')),
  attempts integer not null default 0,
  next_attempt_at timestamptz not null default now(),
  lease_owner text,
  lease_until timestamptz,
  last_error text,
  -- [{address, channel, status, response, at}]: progress per recipient, so a retry skips those done.
  recipients jsonb not null default '[]',
  -- [{attempt, at, outcome, message}]
  attempt_log jsonb not null default '[]',
  created_at timestamptz not null default now(),
  sent_at timestamptz
);
create index deliveries_advertiser_idx on deliveries (advertiser_id, created_at desc);
create index deliveries_ready_idx on deliveries (next_attempt_at) where status in ('pending', 'sending', 'retrying');

-- The mail settings an admin sets in the app; SMTP_URL in the environment wins over them. One row.
create table mail_settings (
  singleton boolean primary key default true check (singleton),
  smtp_url text,
  from_address text,
  app_url text,
  modified_by text,
  modified_at timestamptz not null default now()
);

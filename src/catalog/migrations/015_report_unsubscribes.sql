-- Outside recipients of a scheduled report can leave it with a signed link (RFC 8058 one-click). The
-- link is signed with a key generated once per installation and kept here, so every server process that
-- shares the catalog signs and checks alike, and a restart does not invalidate the links already sent.
create table signing_keys (
  purpose text primary key,
  secret text not null,
  created_at timestamptz not null default now()
);

-- One row per (schedule, address) that asked to stop. Kept when the schedule is deleted: the schedule
-- ids are never reused, and the row is the record of what the person asked.
create table report_unsubscribes (
  schedule_id text not null,
  email text not null check (email = lower(email)),
  unsubscribed_at timestamptz not null default now(),
  primary key (schedule_id, email)
);

-- What the team decided about an insight: dismissed (not a problem, or already handled) or snoozed until a
-- day. Keyed by the problem and the entity, not by the onset: a detector re-run with more days may move
-- the onset a little, and the same problem must stay dismissed. `since` keeps the onset the member saw, so
-- a new episode that begins after the dismissal shows again (see src/insights/states.ts).
create table insight_states (
  advertiser_id text not null references advertisers on delete cascade,
  code text not null,
  level text not null,
  entity_id text not null,
  status text not null check (status in ('dismissed', 'snoozed')),
  since date not null,
  snoozed_until date,
  acted_by text references users on delete set null,
  acted_at timestamptz not null default now(),
  primary key (advertiser_id, code, level, entity_id),
  check ((status = 'snoozed') = (snoozed_until is not null))
);

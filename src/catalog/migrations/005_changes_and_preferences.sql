-- Undo: the audit rows one request wrote share a change id; an undo records which change it undid.
alter table audit_log add column change_id text;
alter table audit_log add column undoes_change text;
create index audit_log_user_changes_idx on audit_log (actor_user_id, advertiser_id, audit_id);

-- Per-user settings of the web app (the Campaign tab's column sets, say), one JSON value per key.
create table user_preferences (
  user_id text not null references users on delete cascade,
  key text not null,
  value jsonb not null,
  primary key (user_id, key)
);

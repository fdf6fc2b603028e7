-- Accounts and access: users with a role and their advertisers, browser sessions, API tokens, login
-- throttling and the audit log. Secrets (passwords, session ids, tokens) are stored only as hashes.

create table users (
  user_id text primary key,
  email text not null,
  name text not null,
  role text not null check (role in ('owner', 'admin', 'analyst', 'viewer')),
  password_hash text not null,
  disabled boolean not null default false,
  created_at timestamptz not null default now(),
  last_login_at timestamptz
);
create unique index users_email_idx on users (lower(email));
create unique index users_single_owner_idx on users (role) where role = 'owner';

create table user_advertisers (
  user_id text not null references users on delete cascade,
  advertiser_id text not null references advertisers on delete cascade,
  primary key (user_id, advertiser_id)
);

create table sessions (
  session_hash text primary key,
  user_id text not null references users on delete cascade,
  csrf_token text not null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  last_seen_at timestamptz not null default now()
);
create index sessions_user_idx on sessions (user_id);

create table api_tokens (
  token_id text primary key,
  user_id text not null references users on delete cascade,
  name text not null,
  prefix text not null,
  token_hash text not null unique,
  created_at timestamptz not null default now(),
  last_used_at timestamptz,
  revoked_at timestamptz
);
create index api_tokens_user_idx on api_tokens (user_id);

create table login_failures (
  throttle_key text primary key,
  failures integer not null,
  first_failure_at timestamptz not null,
  locked_until timestamptz
);

create table audit_log (
  audit_id bigserial primary key,
  at timestamptz not null default now(),
  actor text not null,
  actor_user_id text,
  action text not null,
  target_type text,
  target_id text,
  advertiser_id text,
  before jsonb,
  after jsonb,
  ip text
);

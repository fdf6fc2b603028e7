-- Access tokens for server events (Events API), one pixel each: the Access-Token header of an
-- event/track request names the pixel it may send to. Only a SHA-256 hash of the token is kept; the token
-- itself is shown once, when it is created. Revoked tokens stay listed, with when they were revoked.
create table pixel_tokens (
  token_id text primary key,
  pixel_id text not null references pixels on delete cascade,
  name text not null check (length(name) between 1 and 100),
  prefix text not null,
  token_hash text not null unique,
  created_by text not null,
  created_at timestamptz not null default now(),
  last_used_at timestamptz,
  revoked_at timestamptz
);
create index pixel_tokens_pixel_idx on pixel_tokens (pixel_id);

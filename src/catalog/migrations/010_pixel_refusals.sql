-- Events API requests refused for a pixel (unhashed PII, invalid fields, bad batch size, another pixel's
-- token): nothing of them is stored, so this is the only trace a site owner has of them. One row per
-- (pixel, code, reason), the reason with event indexes taken out, so a million refused requests with the
-- same fault are one row; a pixel keeps at most its 50 most recently seen reasons.
create table pixel_refusals (
  pixel_id text not null references pixels on delete cascade,
  code integer not null,
  reason text not null,
  count bigint not null default 1,
  first_seen timestamptz not null default now(),
  last_seen timestamptz not null default now(),
  example text not null,
  primary key (pixel_id, code, reason)
);

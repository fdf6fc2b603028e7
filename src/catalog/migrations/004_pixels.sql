-- Pixels: the tracking code an advertiser installs on its site. Browser events and Events API calls name a
-- pixel by its code; an ad group reports its web conversions through one pixel (pixel_id).
create table pixels (
  pixel_id text primary key,
  advertiser_id text not null references advertisers on delete cascade,
  pixel_code text not null unique,
  pixel_name text not null,
  create_time timestamptz not null default now()
);
create index pixels_advertiser_idx on pixels (advertiser_id);

alter table adgroups add column pixel_id text references pixels on delete set null;
-- TikTok's dayparting: 336 characters of 0/1, one per half hour, Monday first; null = always on.
alter table adgroups add column dayparting text check (dayparting is null or (length(dayparting) = 336 and dayparting ~ '^[01]+$'));

-- The creative library's files. A media file is stored once by its SHA-256 (content-addressed under
-- <dataDir>/media), with the properties read from its own headers; creatives (the rows ads already use)
-- point to their file, and one advertiser holds a file at most once. Several advertisers may share a file.
create table media_files (
  sha256 text primary key check (sha256 ~ '^[0-9a-f]{64}$'),
  md5 text not null check (md5 ~ '^[0-9a-f]{32}$'),
  size_bytes bigint not null check (size_bytes > 0),
  format text not null check (format in ('mp4', 'mov', 'jpeg', 'png')),
  width integer not null,
  height integer not null,
  duration_s numeric(10, 3),
  video_codec text not null,
  audio_codec text,
  -- Previews made by ffmpeg: a poster frame (videos) and a thumbnail; when they could not be made, why.
  has_poster boolean not null default false,
  has_thumbnail boolean not null default false,
  preview_error text,
  create_time timestamptz not null default now()
);

alter table creatives add column media_sha256 text references media_files;
alter table creatives add column uploaded boolean not null default false;
create unique index creatives_advertiser_media_idx on creatives (advertiser_id, media_sha256);

-- Ad review, as on TikTok: an ad waits in review (REVIEWING) until it is approved (SUCCEED) or rejected
-- (FAIL, with the reason). Existing ads were delivering, so they count as approved.
alter table ads add column review_status text not null default 'SUCCEED' check (review_status in ('REVIEWING', 'SUCCEED', 'FAIL'));
alter table ads add column review_submitted_at timestamptz;
alter table ads add column reviewed_at timestamptz;
alter table ads add column reject_reason text;

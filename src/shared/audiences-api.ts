// Assets → Audiences as the API answers it: custom audiences from customer files (stored only as SHA-256
// hashes), website audiences (rules over pixel events), lookalikes, and how audiences narrow an ad group's
// targeting. Shared by the server, the CLI and the web.
//
// Routes, under /api/v1/advertisers/:advertiserId/audiences:
//   GET    /                        → AudienceList
//   GET    /lookalike-countries     → LookalikeCountries
//   POST   /customer-file?…         → Audience (query CustomerFileUploadQuery; the file itself is the body)
//   POST   /website                 → Audience (body WebsiteAudienceCreate)
//   POST   /website/preview         → WebsiteRulePreview (body WebsiteRule; the size a rule would have)
//   POST   /lookalike               → Audience (body LookalikeAudienceCreate)
//   GET    /:audienceId             → Audience
//   GET    /:audienceId/size        → AudienceSize (recomputed: website audiences follow new events)
//   PATCH  /:audienceId             → Audience (body AudienceUpdate)
//   DELETE /:audienceId             → AudienceDeleted (409 conflict while targeted, naming the ad groups)
// The ad group estimate (POST …/audience-estimate) takes audience_ids / excluded_audience_ids and answers
// AudienceEstimateBreakdown in its `audiences` field.
import { z } from 'zod';

/** TikTok delivers to no audience under 1,000 matched people; smaller ones can only be excluded. */
export const MIN_TARGETABLE_SIZE = 1000;
/** A lookalike needs a source audience of at least this many matched people. */
export const MIN_LOOKALIKE_SOURCE_SIZE = 100;
/** TikTok's limit per advertiser. */
export const MAX_AUDIENCES_PER_ADVERTISER = 400;
export const MAX_RETENTION_DAYS = 365;

export const AudienceType = z.enum(['customer_file', 'website', 'lookalike']);
export type AudienceType = z.infer<typeof AudienceType>;

/** ready: targetable (≥ 1,000 matched); too_small: can be excluded but not included. */
export const AudienceStatus = z.enum(['ready', 'too_small']);
export type AudienceStatus = z.infer<typeof AudienceStatus>;

const audienceName = z
  .string()
  .trim()
  .min(1, 'the name is empty')
  .max(128, 'the name is longer than 128 characters');
const retentionDays = z.number().int().min(1).max(MAX_RETENTION_DAYS);
const countryCode = z
  .string()
  .regex(/^[A-Za-z]{2}$/, 'expected a two-letter country code such as NL')
  .transform((c) => c.toUpperCase());

// ---------- Customer files ----------

/** What the file holds: `auto` reads headers (email, phone, email_sha256, phone_sha256) or sniffs each value. */
export const CustomerFileIdType = z.enum(['auto', 'email', 'phone']);
export type CustomerFileIdType = z.infer<typeof CustomerFileIdType>;

export const InvalidReason = z.object({
  /** In words, e.g. "phone number without a country code (start it with + and the country code, or give a default country)". */
  reason: z.string(),
  count: z.number().int(),
  /** 1-based line numbers in the file of the first few values refused for this reason. */
  example_lines: z.array(z.number().int()),
});
export type InvalidReason = z.infer<typeof InvalidReason>;

/**
 * The import of one file. Counts are of identifiers, not rows: a row with both an email and a phone counts
 * twice; a row with no identifier at all is one invalid value.
 */
export const CustomerFileReport = z.object({
  file_name: z.string(),
  /** The header row's recognised columns in order, or ["value"] for a file of bare values. */
  columns: z.array(z.string()),
  /** Data rows read (the header and blank lines excluded). */
  rows_read: z.number().int(),
  /** Identifiers normalised and hashed (duplicates included). */
  valid: z.number().int(),
  invalid: z.number().int(),
  invalid_reasons: z.array(InvalidReason),
  /** Valid identifiers whose hash was already in the file. */
  duplicates: z.number().int(),
  /** Distinct hashes stored: valid − duplicates. */
  members: z.number().int(),
  /** True when the file held SHA-256 values already (64 hexadecimal characters). */
  hashed_input: z.boolean(),
  /** Valid identifiers by kind: plain emails, plain phones, and values already hashed. */
  id_types: z.object({ email: z.number().int(), phone: z.number().int(), sha256: z.number().int() }),
  default_country: z.string().nullable(),
  duration_ms: z.number().int(),
});
export type CustomerFileReport = z.infer<typeof CustomerFileReport>;

/** The query string of an upload; the file itself is the request body (text/csv, text/plain or application/octet-stream). */
export const CustomerFileUploadQuery = z.object({
  name: audienceName,
  /** The file's name: .csv or .txt, as TikTok accepts. */
  file_name: z
    .string()
    .min(1)
    .max(255)
    .regex(/\.(csv|txt)$/i, 'the file must be a .csv or .txt file'),
  id_type: CustomerFileIdType.default('auto'),
  /** The country of phone numbers written without one (e.g. 0612345678 with NL → +31612345678). */
  default_country: countryCode.optional(),
  retention_days: z.coerce.number().pipe(retentionDays).default(MAX_RETENTION_DAYS),
});
export type CustomerFileUploadQuery = z.input<typeof CustomerFileUploadQuery>;

// ---------- Website audiences ----------

export const UrlMatch = z.object({
  match: z.enum(['contains', 'equals']),
  value: z.string().trim().min(1, 'the URL text is empty').max(500),
});
export type UrlMatch = z.infer<typeof UrlMatch>;

/** People with at least one event that matches: one of the events (any when empty), on a matching URL, within the last N days. */
export const WebsiteCondition = z.object({
  events: z.array(z.string().trim().min(1)).max(20).default([]),
  url: UrlMatch.nullable().default(null),
  within_days: retentionDays,
});
export type WebsiteCondition = z.infer<typeof WebsiteCondition>;
export type WebsiteConditionInput = z.input<typeof WebsiteCondition>;

/** People matching any include condition, minus people matching any exclude condition. */
export const WebsiteRule = z.object({
  /** The pixel whose events count; null = every pixel of the advertiser. */
  pixel_id: z.string().nullable().default(null),
  include: z.array(WebsiteCondition).min(1, 'give at least one include condition').max(10),
  exclude: z.array(WebsiteCondition).max(10).default([]),
});
export type WebsiteRule = z.infer<typeof WebsiteRule>;
export type WebsiteRuleInput = z.input<typeof WebsiteRule>;

export const WebsiteAudienceCreate = z.object({
  name: audienceName,
  rule: WebsiteRule,
  retention_days: retentionDays.default(180),
});
export type WebsiteAudienceCreate = z.input<typeof WebsiteAudienceCreate>;

export const WebsiteRulePreview = z.object({
  matched_size: z.number().int(),
  targetable: z.boolean(),
  size_basis: z.string(),
});
export type WebsiteRulePreview = z.infer<typeof WebsiteRulePreview>;

// ---------- Lookalikes ----------

export const LookalikePreset = z.enum(['narrow', 'balanced', 'broad']);
export type LookalikePreset = z.infer<typeof LookalikePreset>;
/** narrow = 1 %, balanced = 5 %, broad = 10 % of the country's population (see docs/audiences.md). */
export const LOOKALIKE_PRESET_PERCENT: Record<LookalikePreset, number> = {
  narrow: 1,
  balanced: 5,
  broad: 10,
};

export const LookalikeSize = z.union([LookalikePreset, z.number().int().min(1).max(10)]);
export type LookalikeSize = z.infer<typeof LookalikeSize>;

export const LookalikeAudienceCreate = z.object({
  name: audienceName,
  source_audience_id: z.string().min(1),
  country: countryCode,
  size: LookalikeSize,
  retention_days: retentionDays.default(MAX_RETENTION_DAYS),
});
export type LookalikeAudienceCreate = z.input<typeof LookalikeAudienceCreate>;

export const LookalikeSpec = z.object({
  source_audience_id: z.string(),
  /** Null when the source has been deleted since. */
  source_audience_name: z.string().nullable(),
  country: z.string(),
  size: LookalikeSize,
  /** The size as a percentage of the country's population (a preset resolved). */
  percent: z.number().int(),
});
export type LookalikeSpec = z.infer<typeof LookalikeSpec>;

/** The countries a lookalike can be built in, with their population in the model. */
export const LookalikeCountries = z.object({
  countries: z.array(z.object({ country: z.string(), population: z.number().int() })),
});
export type LookalikeCountries = z.infer<typeof LookalikeCountries>;

// ---------- Audiences ----------

export const AudienceUse = z.object({
  adgroup_id: z.string(),
  adgroup_name: z.string(),
  campaign_id: z.string(),
  campaign_name: z.string(),
  mode: z.enum(['include', 'exclude']),
});
export type AudienceUse = z.infer<typeof AudienceUse>;

export const Audience = z.object({
  audience_id: z.string(),
  advertiser_id: z.string(),
  name: z.string(),
  type: AudienceType,
  status: AudienceStatus,
  /** Matched people; null while unknown (e.g. a website audience whose events could not be read). */
  matched_size: z.number().int().nullable(),
  /** matched_size ≥ 1,000: can be included in an ad group's targeting. */
  targetable: z.boolean(),
  /** How matched_size was found, in words (e.g. "1,234 of 2,000 hashes matched pixel identities and the sandbox population"). */
  size_basis: z.string(),
  retention_days: z.number().int(),
  created_at: z.string(),
  updated_at: z.string(),
  /** Set for customer_file audiences: the import's report. */
  customer_file: CustomerFileReport.nullable(),
  /** Set for website audiences. */
  website: WebsiteRule.nullable(),
  /** Set for lookalikes. */
  lookalike: LookalikeSpec.nullable(),
  /** Ad groups (not deleted) that include or exclude it. */
  used_by: z.array(AudienceUse),
});
export type Audience = z.infer<typeof Audience>;

export const AudienceList = z.object({
  audiences: z.array(Audience),
  limit: z.number().int(),
});
export type AudienceList = z.infer<typeof AudienceList>;

/** Rename, or change how long members are kept. */
export const AudienceUpdate = z
  .object({ name: audienceName, retention_days: retentionDays })
  .partial()
  .strict();
export type AudienceUpdate = z.infer<typeof AudienceUpdate>;

export const AudienceSize = z.object({
  audience_id: z.string(),
  matched_size: z.number().int().nullable(),
  targetable: z.boolean(),
  size_basis: z.string(),
  computed_at: z.string(),
});
export type AudienceSize = z.infer<typeof AudienceSize>;

export const AudienceDeleted = z.object({ audience_id: z.string(), deleted: z.literal(true) });
export type AudienceDeleted = z.infer<typeof AudienceDeleted>;

// ---------- Targeting ----------

/** The ad group fields (create, update, read) naming audiences to include and exclude, as on TikTok. */
export const AudienceTargetingFields = {
  audience_ids: z.array(z.string().min(1)).max(MAX_AUDIENCES_PER_ADVERTISER),
  excluded_audience_ids: z.array(z.string().min(1)).max(MAX_AUDIENCES_PER_ADVERTISER),
};

export const EstimatedAudience = z.object({
  audience_id: z.string(),
  name: z.string(),
  matched_size: z.number().int().nullable(),
  /** The share of the audience assumed to fall inside the rest of the targeting (0–1). */
  share_in_targeting: z.number(),
});
export type EstimatedAudience = z.infer<typeof EstimatedAudience>;

/**
 * How the audiences changed the estimate: the targeting's size without them, then included audiences
 * cap it (the union of their people inside the targeting) and excluded ones subtract.
 */
export const AudienceEstimateBreakdown = z.object({
  targeting_size: z.number().int(),
  included: z.array(EstimatedAudience),
  excluded: z.array(EstimatedAudience),
});
export type AudienceEstimateBreakdown = z.infer<typeof AudienceEstimateBreakdown>;

// The JSON shapes of the HTTP API, declared once and used by the server (validation, OpenAPI) and the web app.
import { z } from 'zod';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD');

export const MetricInfo = z.object({
  id: z.string(),
  label: z.string(),
  format: z.enum(['money', 'percent', 'count', 'decimal', 'seconds']),
  act: z.enum(['awareness', 'consideration', 'conversion']),
  better: z.enum(['higher', 'lower', 'neutral']),
  /** custom: one of the advertiser's custom columns (GET /api/v1/metrics?advertiser_id=…). */
  kind: z.enum(['base', 'distinct', 'derived', 'custom']),
  description: z.string(),
  /** The formula in words for derived metrics, e.g. "clicks / impressions"; a custom column's formula as written. */
  formula: z.string().nullable(),
});
export type MetricInfo = z.infer<typeof MetricInfo>;

export const MetricList = z.object({ metrics: z.array(MetricInfo) });

export const AdvertiserInfo = z.object({
  advertiser_id: z.string(),
  name: z.string(),
  currency: z.string(),
  timezone: z.string(),
  source: z.enum(['sandbox', 'tiktok', 'import']),
  /** Today on the advertiser's clock. */
  today: isoDate,
  /** First and last day with facts, or null when there are none yet. */
  data_from: isoDate.nullable(),
  data_to: isoDate.nullable(),
  /** When facts were last written (ISO 8601 instant), for the freshness label. */
  data_updated_at: z.string().nullable(),
});
export type AdvertiserInfo = z.infer<typeof AdvertiserInfo>;

export const AdvertiserList = z.object({ advertisers: z.array(AdvertiserInfo) });

export const Dimension = z.enum([
  'hour',
  'day',
  'week',
  'month',
  'campaign',
  'adgroup',
  'ad',
  'age',
  'gender',
  'country',
  'placement',
  'platform',
]);
export type Dimension = z.infer<typeof Dimension>;

export const DateRangeQuery = z.object({ from: isoDate, to: isoDate });

/** A metric value: a plain number (money in currency units, ratios as fractions) or null when undefined. */
export const MetricValue = z.number().nullable();
export type MetricValues = Record<string, number | null>;

export const SummaryResponse = z.object({
  range: DateRangeQuery,
  compare_range: DateRangeQuery.nullable(),
  currency: z.string(),
  metrics: z.record(
    z.string(),
    z.object({
      value: MetricValue,
      previous: MetricValue,
      /** Relative change (0.12 = +12 %), null when there is no previous value to compare with. */
      change: MetricValue,
    }),
  ),
});
export type SummaryResponse = z.infer<typeof SummaryResponse>;

export const TrendResponse = z.object({
  grain: z.enum(['hour', 'day', 'week', 'month']),
  range: DateRangeQuery,
  metrics: z.array(z.string()),
  /** One point per period in the range, zero-filled where nothing was delivered. `period` is YYYY-MM-DD, or YYYY-MM-DD HH:00 for hours. */
  points: z.array(z.object({ period: z.string() }).catchall(MetricValue)),
});
export type TrendResponse = z.infer<typeof TrendResponse>;

export const TopLevel = z.enum(['campaign', 'adgroup', 'ad']);
export type TopLevel = z.infer<typeof TopLevel>;

export const TopRow = z
  .object({
    id: z.string(),
    name: z.string(),
    status: z.string(),
    campaign_name: z.string().optional(),
    adgroup_name: z.string().optional(),
  })
  .catchall(z.union([MetricValue, z.string()]));

export const TopResponse = z.object({
  level: TopLevel,
  sort: z.string(),
  metrics: z.array(z.string()),
  rows: z.array(TopRow),
});
export type TopResponse = z.infer<typeof TopResponse>;

export const ReportRequest = z.object({
  from: isoDate,
  to: isoDate,
  dimensions: z.array(Dimension).max(4).default([]),
  metrics: z.array(z.string()).min(1).max(60),
  sort: z.object({ by: z.string(), direction: z.enum(['asc', 'desc']).default('desc') }).optional(),
  limit: z.number().int().min(1).max(100_000).optional(),
});
export type ReportRequest = z.infer<typeof ReportRequest>;

export const ReportResponse = z.object({
  rows: z.array(z.record(z.string(), z.union([z.string(), MetricValue]))),
  totals: z.record(z.string(), MetricValue),
});
export type ReportResponse = z.infer<typeof ReportResponse>;

export const ErrorResponse = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.array(
      z.object({
        field: z.string().optional(),
        message: z.string(),
        /** For a formula: the 0-based offset and length of the text the problem is about. */
        position: z.number().optional(),
        length: z.number().optional(),
      }),
    ),
  }),
});

// ---- Accounts and access ----

export const Role = z.enum(['owner', 'admin', 'analyst', 'viewer']);
export type Role = z.infer<typeof Role>;

export const UserInfo = z.object({
  user_id: z.string(),
  email: z.string(),
  name: z.string(),
  role: Role,
  /** The advertisers this user may see; owners and admins see all ("all"). */
  advertiser_ids: z.union([z.literal('all'), z.array(z.string())]),
  disabled: z.boolean(),
  created_at: z.string(),
  last_login_at: z.string().nullable(),
});
export type UserInfo = z.infer<typeof UserInfo>;

export const AuthState = z.object({
  /** True on a fresh installation: no user exists yet, the setup page creates the owner. */
  setup_required: z.boolean(),
  user: UserInfo.nullable(),
  /** Send as the X-CSRF-Token header with every cookie-authenticated write. */
  csrf_token: z.string().nullable(),
});
export type AuthState = z.infer<typeof AuthState>;

const password = z.string().min(10, 'use at least 10 characters').max(200);
const email = z.string().trim().toLowerCase().email('expected an e-mail address');

export const SetupRequest = z.object({ email, name: z.string().trim().min(1).max(100), password });
export const LoginRequest = z.object({ email, password: z.string().min(1).max(200) });
export const PasswordChangeRequest = z.object({
  current_password: z.string().min(1),
  new_password: password,
});

export const UserCreateRequest = z.object({
  email,
  name: z.string().trim().min(1).max(100),
  password,
  role: Role.exclude(['owner']),
  advertiser_ids: z.array(z.string()).default([]),
});
export type UserCreateRequest = z.infer<typeof UserCreateRequest>;

export const UserUpdateRequest = z.object({
  name: z.string().trim().min(1).max(100).optional(),
  role: Role.exclude(['owner']).optional(),
  advertiser_ids: z.array(z.string()).optional(),
  disabled: z.boolean().optional(),
});
export type UserUpdateRequest = z.infer<typeof UserUpdateRequest>;

export const UserList = z.object({ users: z.array(UserInfo) });

export const ApiTokenInfo = z.object({
  token_id: z.string(),
  name: z.string(),
  /** The first characters of the token, to recognise it; the token itself is shown only once. */
  prefix: z.string(),
  created_at: z.string(),
  last_used_at: z.string().nullable(),
  revoked_at: z.string().nullable(),
});
export type ApiTokenInfo = z.infer<typeof ApiTokenInfo>;

export const ApiTokenList = z.object({ tokens: z.array(ApiTokenInfo) });
export const ApiTokenCreateRequest = z.object({ name: z.string().trim().min(1).max(100) });
export const ApiTokenCreated = z.object({ token: ApiTokenInfo, secret: z.string() });

export const AuditEntry = z.object({
  audit_id: z.string(),
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  target_type: z.string().nullable(),
  target_id: z.string().nullable(),
  advertiser_id: z.string().nullable(),
  before: z.unknown().nullable(),
  after: z.unknown().nullable(),
  ip: z.string().nullable(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;
export const AuditList = z.object({ entries: z.array(AuditEntry) });

// TikTok's return codes for the faults the Events API can meet (OFFICIAL-SDK tiktok_code.py), and its
// response envelope. Errors go out as HTTP 200 with a non-zero code, as TikTok's do: clients read `code`.
import { randomBytes } from 'node:crypto';

export const TIKTOK_CODES = {
  ok: 0,
  permission: 40001,
  invalidParams: 40002,
  batchSize: 40061,
  piiNotHashed: 40062,
  tooFrequent: 40100,
  emptyToken: 40104,
  invalidToken: 40105,
  systemError: 50000,
} as const;

export type TikTokCode = (typeof TIKTOK_CODES)[keyof typeof TIKTOK_CODES];

export interface TikTokEnvelope {
  code: number;
  message: string;
  request_id: string;
  data: Record<string, unknown>;
}

/** A refusal with TikTok's code; nothing of the request is kept. */
export class EventsFault extends Error {
  constructor(
    readonly code: TikTokCode,
    message: string,
  ) {
    super(message);
    this.name = 'EventsFault';
  }
}

/** A log id in TikTok's form: the UTC time to the second, then random hex. */
export function newRequestId(now = new Date()): string {
  const stamp = now.toISOString().replace(/\D/g, '').slice(0, 14);
  return `${stamp}${randomBytes(12).toString('hex').toUpperCase()}`;
}

export const envelope = (code: number, message: string, requestId: string): TikTokEnvelope => ({
  code,
  message,
  request_id: requestId,
  data: {},
});

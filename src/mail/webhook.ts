// Posts an alert to a webhook (Slack's incoming webhooks and anything accepting the same JSON). A 2xx
// answer is delivered; 408, 429 and 5xx answers, timeouts and refused connections are retried like mail;
// other 4xx answers mean the URL or the body is wrong and are final.
import { DeliveryError, type SendOutcome } from './transport.ts';

export const WEBHOOK_TIMEOUT_MS = 10_000;

export async function postWebhook(url: string, body: unknown, key: string): Promise<SendOutcome> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': key, 'user-agent': 'Adcockpit' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
    });
  } catch (error) {
    const reason =
      (error as Error).name === 'TimeoutError'
        ? `no answer within ${WEBHOOK_TIMEOUT_MS / 1000} s`
        : (error as Error).message;
    throw new DeliveryError(`Webhook not reached: ${reason}`, false);
  }
  const text = (await response.text().catch(() => '')).slice(0, 300);
  const answer = `HTTP ${response.status}${text ? ` ${text}` : ''}`;
  if (response.ok) return { response: answer };
  const retryable = response.status === 408 || response.status === 429 || response.status >= 500;
  throw new DeliveryError(`Webhook answered ${answer}`, !retryable);
}

import { createHmac } from 'node:crypto';

/** The payload POSTed to an organisation's webhook for one notice. */
export interface WebhookPayload {
  noticeId: string;
  recipientId: string;
  kind: string;
  deadlineId: string | null;
  subjectId: string | null;
  message: string;
  createdAt: string;
  late: boolean;
}

/**
 * `X-CE-Signature: sha256=<hex>` over `<X-CE-Timestamp>.<body>` with the organisation's secret; the
 * receiver recomputes it, rejects old timestamps, and dedupes by `noticeId` (delivery is at least once).
 */
export function signWebhook(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

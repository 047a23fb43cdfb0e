import { createHmac } from 'node:crypto';
import * as z from 'zod';
import { DOMAIN_EVENT_TYPES } from '#core/domain-events.ts';
import { safeJson } from '#shared/json.ts';
import { pause } from './pause.ts';

/** One company system told of domain events: where, which, and the key its requests are signed with. */
export const LocalWebhookSchema = z.strictObject({
  url: z.url({ protocol: /^https?$/ }),
  /** Detail types it is sent; absent, every one. */
  eventTypes: z.array(z.enum(DOMAIN_EVENT_TYPES)).min(1).optional(),
  secret: z.string().min(16, 'at least 16 characters').optional(),
});
export type LocalWebhook = z.infer<typeof LocalWebhookSchema>;

/** `ONETHREAD_WEBHOOKS`: a JSON list of webhooks; unset or empty, none. */
export function parseLocalWebhooks(raw: string | undefined): LocalWebhook[] {
  if (!raw?.trim()) return [];
  const parsed = z.array(LocalWebhookSchema).safeParse(safeJson(raw));
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new Error(`ONETHREAD_WEBHOOKS: ${issue?.path.join('.') || 'the value'}: ${issue?.message}`);
}

export const SIGNATURE_HEADER = 'x-onethread-signature';

/** `sha256=` and the hex HMAC-SHA256 of the exact body, keyed by the webhook's secret. */
export function webhookSignature(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/** An event as EventBridge hands it to a target. */
export interface BusEvent {
  id: string;
  'detail-type': string;
  source: string;
  time: string;
  detail: Record<string, unknown>;
}

export interface WebhookSenderOptions {
  webhooks: readonly LocalWebhook[];
  /** Tries of one delivery, as the rule's retry policy on AWS. */
  attempts?: number;
  /** Pause before the next try, by try number (from 1). */
  pauseMs?: (attempt: number) => number;
  onGiveUp?: (url: string, event: BusEvent, reason: string) => void;
}

/**
 * Posts each event to the webhooks that want it, signed, in the background: a webhook that
 * fails (no answer, 429, 5xx) is tried again with growing pauses, then given up on and
 * reported; a 4xx other than 429 is final, as it is for EventBridge API destinations.
 */
export function createWebhookSender(options: WebhookSenderOptions) {
  const inFlight = new Set<Promise<void>>();
  const controller = new AbortController();
  const attempts = options.attempts ?? 5;
  const pauseMs = options.pauseMs ?? ((attempt: number) => 1000 * 2 ** (attempt - 1));

  const deliver = async (webhook: LocalWebhook, event: BusEvent) => {
    const body = JSON.stringify(event);
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (webhook.secret) headers[SIGNATURE_HEADER] = webhookSignature(webhook.secret, body);
    let reason = '';
    for (let attempt = 1; attempt <= attempts && !controller.signal.aborted; attempt++) {
      if (attempt > 1) await pause(pauseMs(attempt - 1), controller.signal);
      try {
        const response = await fetch(webhook.url, {
          method: 'POST',
          headers,
          body,
          signal: controller.signal,
        });
        await response.body?.cancel();
        if (response.ok) return;
        reason = `answered ${response.status}`;
        if (response.status < 500 && response.status !== 429) break;
      } catch (error) {
        reason = (error as Error).message;
      }
    }
    if (!controller.signal.aborted) options.onGiveUp?.(webhook.url, event, reason);
  };

  return {
    send(event: BusEvent): void {
      for (const webhook of options.webhooks) {
        if (webhook.eventTypes && !webhook.eventTypes.some((type) => type === event['detail-type'])) continue;
        const delivery = deliver(webhook, event);
        inFlight.add(delivery);
        void delivery.finally(() => inFlight.delete(delivery));
      }
    },
    /** Deliveries still trying are dropped: a local run keeps nothing to send later. */
    async stop(): Promise<void> {
      controller.abort();
      await Promise.allSettled([...inFlight]);
    },
  };
}
export type WebhookSender = ReturnType<typeof createWebhookSender>;

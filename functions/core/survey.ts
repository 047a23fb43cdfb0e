import { createHmac, timingSafeEqual } from 'node:crypto';
import * as z from 'zod';

/** How long a survey sent as a message takes its answer as the customer's next reply. */
export const SURVEY_REPLY_WINDOW_MS = 24 * 3_600_000;
/** How long an emailed survey link stays good. */
export const SURVEY_LINK_TTL_SECONDS = 14 * 86_400;
export const SURVEY_COMMENT_LIMIT = 2000;

/** A customer's answer to the survey of one work item. */
export const SurveyAnswerSchema = z.strictObject({
  rating: z.number().int().min(1).max(5),
  comment: z.string().trim().max(SURVEY_COMMENT_LIMIT).optional(),
  /** The queue's own questions, by id. */
  answers: z.record(z.string().max(32), z.string().trim().max(500)).default({}),
});
export type SurveyAnswer = z.infer<typeof SurveyAnswerSchema>;

/** A survey answer as the timeline, the work item and the figures keep it. */
export const SurveyEntrySchema = SurveyAnswerSchema.extend({
  workItemId: z.string().min(1).max(256),
  queueId: z.string().min(1).max(256),
  agentId: z.string().max(256).optional(),
  /** Where it was answered: the widget's card, a reply, the emailed page. */
  via: z.enum(['chat', 'reply', 'page']),
  at: z.iso.datetime({ offset: true }),
});
export type SurveyEntry = z.infer<typeof SurveyEntrySchema>;

/** What the chat widget needs to show the survey as a card. */
export const ChatSurveyCardSchema = z.object({
  workItemId: z.string(),
  questions: z.array(z.object({ id: z.string(), text: z.string(), type: z.enum(['yesNo', 'text']) })),
});
export type ChatSurveyCard = z.infer<typeof ChatSurveyCardSchema>;

/**
 * A rating sent as a text reply ("4", "4/5", "5 - quick and kind"): the digit, and what follows
 * it as the comment. Anything else is a message for a person, not an answer.
 */
export function ratingReply(text: string | undefined): { rating: number; comment?: string } | undefined {
  const match =
    /^\s*([1-5])(?![0-9])(?:\s*\/\s*5)?(?:\s*(?:stars?|estrelas?|estrellas?))?[\s.!,:;-]*(.*)$/isu.exec(
      text ?? '',
    );
  if (!match) return undefined;
  const comment = (match[2] ?? '').trim().slice(0, SURVEY_COMMENT_LIMIT);
  return { rating: Number(match[1]), ...(comment ? { comment } : {}) };
}

/**
 * A survey link's token: the work item and an expiry, signed with HMAC-SHA256 under the
 * deployment's survey key. Only whoever holds the link can answer, and only for that item.
 */
export function signSurveyToken(workItemId: string, expiresAtSeconds: number, key: Uint8Array): string {
  const id = Buffer.from(workItemId, 'utf8').toString('base64url');
  return `${id}.${expiresAtSeconds.toString(36)}.${mac(id, expiresAtSeconds, key)}`;
}

export type TokenCheck = { ok: true; workItemId: string } | { ok: false; reason: 'invalid' | 'expired' };

export function verifySurveyToken(token: string, key: Uint8Array, nowSeconds: number): TokenCheck {
  const parts = token.split('.');
  if (parts.length !== 3 || token.length > 600) return { ok: false, reason: 'invalid' };
  const [id = '', expiry = '', given = ''] = parts;
  const expiresAt = Number.parseInt(expiry, 36);
  if (!/^[A-Za-z0-9_-]+$/.test(id) || !Number.isSafeInteger(expiresAt))
    return { ok: false, reason: 'invalid' };
  const expected = Buffer.from(mac(id, expiresAt, key));
  const presented = Buffer.from(given);
  if (presented.length !== expected.length || !timingSafeEqual(presented, expected)) {
    return { ok: false, reason: 'invalid' };
  }
  if (nowSeconds > expiresAt) return { ok: false, reason: 'expired' };
  return { ok: true, workItemId: Buffer.from(id, 'base64url').toString('utf8') };
}

function mac(id: string, expiresAtSeconds: number, key: Uint8Array): string {
  return createHmac('sha256', key).update(`survey:v1:${id}:${expiresAtSeconds}`).digest('base64url');
}

/** Mean rating and count, from the sums kept per day. */
export function csatFigure(count: number, sum: number): { count: number; mean: number | null } {
  return { count, mean: count ? Math.round((sum / count) * 100) / 100 : null };
}

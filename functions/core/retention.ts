import * as z from 'zod';
import { type Channel, ChannelSchema, type Interaction } from './model.ts';

/**
 * How long something is kept, in whole days; `null` keeps it forever (also what leaving a
 * setting out means). Ten years at most: a longer figure is a typo for "forever".
 */
const DaysSchema = z.number().int().min(1).max(3_653).nullable();

/**
 * A retention policy (docs/compliance.md#retention): how long each kind of record is kept after
 * it happened. `messages` applies to the messages, calls and reactions of every channel that
 * `channels` does not name; `events` to business events (orders, deliveries, surveys);
 * `emailRaw` to the original messages in the email bucket, `attachments` to stored files.
 * Merge and unmerge entries are kept forever: they are the evidence of who a customer is.
 */
export const RetentionPolicySchema = z.strictObject({
  messages: DaysSchema.optional(),
  channels: z.partialRecord(ChannelSchema, DaysSchema).optional(),
  events: DaysSchema.optional(),
  emailRaw: DaysSchema.optional(),
  attachments: DaysSchema.optional(),
});
export type RetentionPolicy = z.infer<typeof RetentionPolicySchema>;

/** No policy: nothing expires, as before retention could be set. */
export const KEEP_EVERYTHING: RetentionPolicy = {};

/** The kinds of record a policy gives days for. */
export type RetentionKind = 'messages' | 'events' | 'emailRaw' | 'attachments';

const DAY_SECONDS = 86_400;

/** Days a record of this kind on this channel is kept; undefined keeps it forever. */
export function retentionDays(
  policy: RetentionPolicy,
  kind: RetentionKind,
  channel?: Channel,
): number | undefined {
  if (kind === 'messages' && channel && policy.channels && channel in policy.channels) {
    return policy.channels[channel] ?? undefined;
  }
  return policy[kind] ?? undefined;
}

/**
 * When a record of this kind that happened `at` expires, in epoch seconds (DynamoDB TTL's
 * unit); undefined when the policy keeps it forever.
 */
export function expiresAtFor(
  policy: RetentionPolicy,
  kind: RetentionKind,
  channel: Channel | undefined,
  at: string | Date,
): number | undefined {
  const days = retentionDays(policy, kind, channel);
  if (days === undefined) return undefined;
  return Math.floor(new Date(at).getTime() / 1000) + days * DAY_SECONDS;
}

/** Which kind of the policy a timeline entry falls under; undefined for entries kept forever. */
function entryKind(entry: Pick<Interaction, 'kind'>): RetentionKind | undefined {
  switch (entry.kind) {
    case 'message':
    case 'reaction':
      return 'messages';
    case 'event':
      return 'events';
    default:
      return undefined;
  }
}

/** When a timeline entry expires under the policy, in epoch seconds; undefined keeps it. */
export function entryExpiresAt(policy: RetentionPolicy, entry: Interaction): number | undefined {
  const kind = entryKind(entry);
  return kind ? expiresAtFor(policy, kind, entry.channel, entry.at) : undefined;
}

/** Whether a TTL (epoch seconds) has passed: DynamoDB deletes such an item up to days later. */
export function isExpired(expiresAt: unknown, now: Date): expiresAt is number {
  return typeof expiresAt === 'number' && expiresAt * 1000 <= now.getTime();
}

/**
 * What the timeline shows of an entry retention removed at `removedAt` (epoch milliseconds or
 * ISO time): where and when it was, never what it said. The provider's message id stays so a
 * late redelivery is still known as a duplicate, the thread key so the thread still lists it.
 */
export function removedEntry(entry: Interaction, removedAt: number | string): Interaction {
  return {
    interactionId: entry.interactionId,
    customerId: entry.customerId,
    ...(entry.conversationId ? { conversationId: entry.conversationId } : {}),
    channel: entry.channel,
    direction: entry.direction,
    kind: entry.kind,
    at: entry.at,
    providerMessageId: entry.providerMessageId,
    // The chat session or email thread it belonged to: an id, and what erasure follows.
    ...(entry.threadKey ? { threadKey: entry.threadKey } : {}),
    attachments: [],
    recordedAt: entry.recordedAt,
    removed: { reason: 'retention', at: new Date(removedAt).toISOString() },
  };
}

/** Parses a policy given as JSON (CDK context, the environment); the error says what is wrong. */
export function parseRetentionPolicy(json: string): RetentionPolicy {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw new Error('not valid JSON');
  }
  const parsed = RetentionPolicySchema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue?.path.length ? ` (at ${issue.path.join('.')})` : '';
  throw new Error(`${issue?.message ?? 'invalid policy'}${where}`);
}

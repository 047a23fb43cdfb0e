import * as z from 'zod';
import { ErasureCountsSchema } from './erasure.ts';
import { InteractionFlagSchema } from './flags.ts';
import { derivedId } from './ids.ts';
import { ChannelSchema, DirectionSchema, InteractionSchema, WorkItemStateSchema } from './model.ts';
import { SurveyEntrySchema } from './survey.ts';

/**
 * Domain events: what happened, for the company's other systems. Each names its records by id
 * and says what kind of change it was (channel, queue, state, counts), never what anyone wrote
 * or who they are: a consumer that needs more reads it through the API, with its own rights.
 */
export const DOMAIN_EVENT_SOURCE = 'onethread';

/** Grows only when a detail changes incompatibly; see docs/events.md for the policy. */
export const SCHEMA_VERSION = 1;

const isoTime = z.iso.datetime({ offset: true });
const id = z.string().min(1).max(256);

const envelope = {
  schemaVersion: z.literal(SCHEMA_VERSION),
  /** The same for every delivery of one change: consumers deduplicate on it. */
  eventId: id,
  /** When the change was written to the table. */
  at: isoTime,
};

const workItem = {
  ...envelope,
  workItemId: id,
  conversationId: id,
  customerId: id,
  channel: ChannelSchema,
  queueId: id,
  priority: z.number().int().min(0).max(10),
  state: WorkItemStateSchema,
  agentId: id.optional(),
};
const withAgent = { ...workItem, agentId: id };

/** Every event's detail, by its detail type. Strict: a field not listed here is never sent. */
export const DOMAIN_EVENT_SCHEMAS = {
  'conversation.opened': z.strictObject({
    ...envelope,
    conversationId: id,
    customerId: id,
    channels: z.array(ChannelSchema),
    startedAt: isoTime,
  }),
  'conversation.closed': z.strictObject({
    ...envelope,
    conversationId: id,
    customerId: id,
    /** The work item whose end left nobody working on the conversation. */
    workItemId: id,
    lastActivityAt: isoTime,
  }),
  'interaction.recorded': z.strictObject({
    ...envelope,
    interactionId: id,
    customerId: id,
    conversationId: id.optional(),
    channel: ChannelSchema,
    direction: DirectionSchema,
    kind: InteractionSchema.shape.kind,
    /** When the message was sent or the call made, as the channel reported it. */
    occurredAt: isoTime,
    attachmentCount: z.number().int().nonnegative(),
    flags: z.array(InteractionFlagSchema),
  }),
  'work-item.queued': z.strictObject(workItem),
  'work-item.offered': z.strictObject(withAgent),
  'work-item.accepted': z.strictObject(withAgent),
  'work-item.completed': z.strictObject(workItem),
  'work-item.abandoned': z.strictObject(workItem),
  'customer.merged': z.strictObject({
    ...envelope,
    /** The customer merged away: its id now leads to the survivor. */
    customerId: id,
    survivorId: id,
  }),
  'customer.unmerged': z.strictObject({
    ...envelope,
    /** The customer split off again, with its own timeline. */
    customerId: id,
    splitFromId: id,
  }),
  'customer.erased': z.strictObject({
    ...envelope,
    /** The survivor named in the request; `customerIds` are every record erased with it. */
    customerId: id,
    customerIds: z.array(id),
    counts: ErasureCountsSchema,
  }),
  'survey.answered': z.strictObject({
    ...envelope,
    workItemId: id,
    conversationId: id,
    customerId: id,
    queueId: id,
    agentId: id.optional(),
    channel: ChannelSchema,
    via: SurveyEntrySchema.shape.via,
    rating: SurveyEntrySchema.shape.rating,
    questionsAnswered: z.number().int().nonnegative(),
    commented: z.boolean(),
  }),
} as const;

export type DomainEventType = keyof typeof DOMAIN_EVENT_SCHEMAS;
export const DOMAIN_EVENT_TYPES = Object.keys(DOMAIN_EVENT_SCHEMAS) as DomainEventType[];

export type DomainEvent = {
  [T in DomainEventType]: { detailType: T; detail: z.infer<(typeof DOMAIN_EVENT_SCHEMAS)[T]> };
}[DomainEventType];

/** A table item as it was and as it is now, decoded; a new item has no old image, a deleted one no new. */
export interface ItemChange {
  oldImage?: Record<string, unknown> | undefined;
  newImage?: Record<string, unknown> | undefined;
}

type Image = Record<string, unknown>;
type Draft = { type: DomainEventType; fields: Record<string, unknown>; change: string[] };

/**
 * The events one table change means, validated against their schemas (a field that does not fit
 * throws, naming it). `at` is when the change was written; the ids come from the item and the
 * change alone, so the same record read again yields the same events.
 */
export function domainEventsOf(change: ItemChange, at: Date): DomainEvent[] {
  const image = change.newImage ?? change.oldImage;
  const derive = DERIVERS[String(image?.entity)];
  if (!derive || !change.newImage) return [];
  return derive(change.oldImage, change.newImage).map(({ type, fields, change: parts }) => {
    const detail = {
      schemaVersion: SCHEMA_VERSION,
      eventId: derivedId('evt', type, ...parts),
      at: at.toISOString(),
      ...fields,
    };
    return { detailType: type, detail: DOMAIN_EVENT_SCHEMAS[type].parse(detail) } as DomainEvent;
  });
}

const DERIVERS: Record<string, (before: Image | undefined, after: Image) => Draft[]> = {
  conversation: (before, after) => {
    const conversationId = String(after.conversationId);
    const common = { conversationId, customerId: after.customerId };
    if (!before) {
      const opened = { ...common, channels: after.channels, startedAt: after.startedAt };
      return [{ type: 'conversation.opened', fields: opened, change: [conversationId] }];
    }
    const released = typeof before.openWorkItemId === 'string' ? before.openWorkItemId : undefined;
    if (!released || after.openWorkItemId) return [];
    const closed = { ...common, workItemId: released, lastActivityAt: after.lastActivityAt };
    return [{ type: 'conversation.closed', fields: closed, change: [conversationId, released] }];
  },
  interaction: (before, after) => {
    // A merge's copy on the other customer's timeline is the same entry, told once; the marker
    // retention leaves where an expired entry was is no new interaction.
    if (before || after.mirrorOf !== undefined || after.removed !== undefined) return [];
    const interactionId = String(after.interactionId);
    const fields = {
      ...pick(after, ['interactionId', 'customerId', 'conversationId', 'channel', 'direction', 'kind']),
      occurredAt: after.at,
      attachmentCount: Array.isArray(after.attachments) ? after.attachments.length : 0,
      flags: after.flags ?? [],
    };
    return [{ type: 'interaction.recorded', fields, change: [interactionId] }];
  },
  workItem: (before, after) => {
    const type = before ? WORK_ITEM_EVENTS[String(after.state)] : 'work-item.queued';
    if (!type || before?.state === after.state) return [];
    const fields = pick(after, [...WORK_ITEM_FIELDS]);
    // The routing version tells a second offer (or a second time in the queue) from the first.
    const change = [String(after.workItemId), String(after.routingVersion ?? 0)];
    return [{ type, fields, change }];
  },
  customer: (before, after) => {
    if (!before) return [];
    const customerId = String(after.customerId);
    const version = String(after.version);
    if (!before.mergedInto && after.mergedInto) {
      const fields = { customerId, survivorId: after.mergedInto };
      return [{ type: 'customer.merged', fields, change: [customerId, version] }];
    }
    if (before.mergedInto && !after.mergedInto) {
      const fields = { customerId, splitFromId: before.mergedInto };
      return [{ type: 'customer.unmerged', fields, change: [customerId, version] }];
    }
    return [];
  },
  erasure: (before, after) => {
    if (before?.phase === 'done' || after.phase !== 'done') return [];
    const fields = pick(after, ['customerId', 'customerIds', 'counts']);
    return [{ type: 'customer.erased', fields, change: [String(after.customerId)] }];
  },
  survey: (before, after) => {
    const answer = after.answer as Image | undefined;
    if (before?.answer || !answer) return [];
    const fields = {
      ...pick(after, ['workItemId', 'conversationId', 'customerId', 'queueId', 'agentId', 'channel']),
      via: answer.via,
      rating: answer.rating,
      questionsAnswered: Object.keys((answer.answers as Image | undefined) ?? {}).length,
      commented: typeof answer.comment === 'string' && answer.comment.length > 0,
    };
    return [{ type: 'survey.answered', fields, change: [String(after.workItemId)] }];
  },
};

const WORK_ITEM_FIELDS = [
  'workItemId',
  'conversationId',
  'customerId',
  'channel',
  'queueId',
  'priority',
  'state',
  'agentId',
] as const;

/** The state a work item moves into, as the event that tells of it. Connect's own routing is not ours to tell. */
const WORK_ITEM_EVENTS: Record<string, DomainEventType> = {
  queued: 'work-item.queued',
  offered: 'work-item.offered',
  assigned: 'work-item.accepted',
  wrapped: 'work-item.completed',
  abandoned: 'work-item.abandoned',
};

/** The named fields that are set: the strict schemas refuse anything else. */
function pick(image: Image, names: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(
    names.filter((name) => image[name] !== undefined).map((name) => [name, image[name]]),
  );
}

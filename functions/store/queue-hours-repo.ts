import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { type BusinessHours, BusinessHoursSchema, isOpen, nextOpening } from '#core/business-hours.ts';
import type { TableClient } from './dynamo.ts';
import { keys } from './table.ts';

/** Whether a queue is open now, and when it next opens if not. */
export interface QueueOpening {
  open: boolean;
  /** ISO time of the next opening, while closed; absent when open or when it never opens again. */
  nextOpening?: string;
}

const ALWAYS_OPEN: QueueOpening = { open: true };

/**
 * Each queue's opening hours as `PUT /queues/{queueId}` last set them, for the edges that tell a
 * customer whether the queue is open (the chat queue status, the contact flow lookup, notices).
 * Routing keeps its own copy in the engine; this one is read without waking an engine.
 */
export class QueueHoursRepo {
  constructor(private readonly table: TableClient) {}

  /** Records the queue's hours; `undefined` means always open. */
  async put(queueId: string, hours: BusinessHours | undefined, at: string): Promise<void> {
    await this.table.doc.send(
      new PutCommand({
        TableName: this.table.tableName,
        Item: {
          ...keys.queueHours(queueId),
          entity: 'queueHours',
          queueId,
          hours: hours ?? null,
          updatedAt: at,
        },
      }),
    );
  }

  async get(queueId: string): Promise<BusinessHours | undefined> {
    const { Item } = await this.table.doc.send(
      new GetCommand({ TableName: this.table.tableName, Key: keys.queueHours(queueId) }),
    );
    const parsed = BusinessHoursSchema.safeParse(Item?.hours);
    return parsed.success ? parsed.data : undefined;
  }

  /** The queue's opening at `now` (ms since epoch); a queue without hours is always open. */
  async opening(queueId: string, now: number): Promise<QueueOpening> {
    const hours = await this.get(queueId);
    return hours ? openingAt(hours, now) : ALWAYS_OPEN;
  }
}

/** Whether the hours are open at `now`, and if not when they next open. */
export function openingAt(hours: BusinessHours, now: number): QueueOpening {
  if (isOpen(hours, now)) return ALWAYS_OPEN;
  const next = nextOpening(hours, now);
  return next === undefined ? { open: false } : { open: false, nextOpening: new Date(next).toISOString() };
}

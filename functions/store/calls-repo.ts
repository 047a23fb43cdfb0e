import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { type Call, type CallEvent, CallEventSchema } from '#core/call-model.ts';
import type { CallStore } from '#core/calls.ts';
import { getRecord, type TableClient } from './dynamo.ts';
import { keys } from './table.ts';
import { updateIf } from './writes.ts';

/** Held reports outlive any plausible wait for the call's first report that names the caller. */
const HELD_CALL_EVENT_SECONDS = 7 * 24 * 3600;
const HeldCallEventsSchema = z.array(CallEventSchema);

/** The call part of voice interactions, and reports waiting for their call. */
export class CallsRepo implements CallStore {
  constructor(private readonly table: TableClient) {}

  async setCall(interactionId: string, call: Call, expectedEvents: number): Promise<boolean> {
    const values: Record<string, unknown> = { ':call': call };
    let condition = 'attribute_exists(pk) AND attribute_not_exists(#call)';
    if (expectedEvents > 0) {
      condition = 'size(#call.#events) = :expected';
      values[':expected'] = expectedEvents;
    }
    const written = await updateIf(this.table, {
      Key: keys.interaction(interactionId),
      UpdateExpression: 'SET #call = :call',
      ConditionExpression: condition,
      ExpressionAttributeNames:
        expectedEvents > 0 ? { '#call': 'call', '#events': 'events' } : { '#call': 'call' },
      ExpressionAttributeValues: values,
    });
    return written !== undefined;
  }

  async holdCallEvent(interactionId: string, event: CallEvent): Promise<void> {
    await this.table.doc.send(
      new UpdateCommand({
        TableName: this.table.tableName,
        Key: keys.heldCallEvents(interactionId),
        UpdateExpression:
          'SET updates = list_append(if_not_exists(updates, :none), :event), expiresAt = :expires, entity = :entity',
        ExpressionAttributeValues: {
          ':none': [],
          ':event': [event],
          ':expires': Math.floor(Date.now() / 1000) + HELD_CALL_EVENT_SECONDS,
          ':entity': 'heldCallEvents',
        },
      }),
    );
  }

  async heldCallEvents(interactionId: string): Promise<CallEvent[]> {
    const held = await getRecord(this.table, keys.heldCallEvents(interactionId), (item) =>
      HeldCallEventsSchema.parse(item.updates ?? []),
    );
    return held ?? [];
  }

  /** Whether the call's wait was already counted in its queue's figures. */
  async waitReported(interactionId: string): Promise<boolean> {
    const { Item } = await this.table.doc.send(
      new GetCommand({
        TableName: this.table.tableName,
        Key: keys.interaction(interactionId),
        ProjectionExpression: 'waitReportedAt',
      }),
    );
    return typeof Item?.waitReportedAt === 'string';
  }

  async markWaitReported(interactionId: string, at: string): Promise<void> {
    await this.table.doc.send(
      new UpdateCommand({
        TableName: this.table.tableName,
        Key: keys.interaction(interactionId),
        UpdateExpression: 'SET waitReportedAt = if_not_exists(waitReportedAt, :at)',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':at': at },
      }),
    );
  }
}

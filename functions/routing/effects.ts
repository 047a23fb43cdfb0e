import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { RoutingDecision } from '#core/routing/index.ts';
import { isConditionFailure, type TableClient } from '#store/dynamo.ts';
import { keys } from '#store/table.ts';
import type { Handoff } from './connect-handoff.ts';
import type { RoutingQueues } from './routing-queue.ts';

type Decision<T extends RoutingDecision['type']> = Extract<RoutingDecision, { type: T }>;

/** A customer reached an agent: whether it was within the queue's service-level target. */
export interface Answer {
  queueId: string;
  withinTarget: boolean;
}

/** Today's answers of one queue, kept for 35 days. */
export const serviceLevelKey = keys.queueStats;

/**
 * Carries the engine's decisions into the records people read: the work item's state and its
 * routing log (every offer with its explanation), the agent's status, the conversation's
 * open item, and timers. The engine's own state is already saved when these run.
 */
export class DecisionEffects {
  /** `handOff` queues the Connect task of an item whose queue Amazon Connect delivers. */
  constructor(
    private readonly table: TableClient,
    private readonly queues: RoutingQueues,
    private readonly handOff?: (handoff: Handoff) => Promise<void>,
  ) {}

  async apply(decisions: readonly RoutingDecision[], now: number): Promise<void> {
    for (const decision of decisions) await this.applyOne(decision, now);
  }

  /** Counts answers per queue and UTC day, for the service level supervisors see. */
  async recordAnswers(answers: readonly Answer[], now: number): Promise<void> {
    const day = new Date(now).toISOString().slice(0, 10);
    for (const answer of answers) {
      await this.table.doc.send(
        new UpdateCommand({
          TableName: this.table.tableName,
          Key: serviceLevelKey(answer.queueId, day),
          UpdateExpression: 'ADD answered :one, withinTarget :within SET expiresAt = :expires',
          ExpressionAttributeValues: {
            ':one': 1,
            ':within': answer.withinTarget ? 1 : 0,
            ':expires': Math.floor(now / 1000) + 35 * 86_400,
          },
        }),
      );
    }
  }

  private async applyOne(decision: RoutingDecision, now: number): Promise<unknown> {
    const at = new Date(now).toISOString();
    switch (decision.type) {
      case 'offer':
        return this.updateItem(decision.offer.workItemId, at, decision, {
          state: 'offered',
          agentId: decision.offer.agentId,
          offerId: decision.offer.offerId,
        });
      case 'assign':
        return this.updateItem(decision.workItemId, at, decision, {
          state: 'assigned',
          agentId: decision.agentId,
        });
      case 'requeue':
        return this.updateItem(decision.workItemId, at, decision, {
          state: 'queued',
          queueId: decision.queueId,
          routingStep: decision.step,
        });
      case 'step':
        return this.updateItem(decision.workItemId, at, decision, { routingStep: decision.step });
      case 'overflow':
        return this.updateItem(decision.workItemId, at, decision, {
          queueId: decision.toQueueId,
          routingStep: 0,
        });
      case 'close':
        return this.close(decision, at);
      case 'join':
        return this.updateItem(decision.workItemId, at, decision, {});
      case 'handoff':
        return this.handOffItem(decision, at);
      case 'agentStatus':
        return this.setAgentStatus(decision, at);
      case 'timer':
        return this.queues.schedule(decision, now);
      default:
        return;
    }
  }

  /** Sets fields and appends the decision to the item's routing log, for audit and tuning. */
  private async updateItem(
    workItemId: string,
    at: string,
    decision: RoutingDecision,
    fields: Record<string, string | number>,
    remove: readonly string[] = [],
  ): Promise<Record<string, unknown> | undefined> {
    const names: Record<string, string> = { '#log': 'routingLog' };
    const values: Record<string, unknown> = { ':entry': [{ at, ...decision }], ':empty': [], ':at': at };
    const sets = ['#log = list_append(if_not_exists(#log, :empty), :entry)', 'updatedAt = :at'];
    for (const [name, value] of Object.entries(fields)) {
      names[`#${name}`] = name;
      values[`:${name}`] = value;
      sets.push(`#${name} = :${name}`);
    }
    const removed = [
      ...remove,
      ...('state' in fields && fields.state === 'queued' ? ['agentId', 'offerId'] : []),
    ];
    try {
      const { Attributes } = await this.table.doc.send(
        new UpdateCommand({
          TableName: this.table.tableName,
          Key: keys.workItem(workItemId),
          UpdateExpression: `SET ${sets.join(', ')}${removed.length ? ` REMOVE ${removed.join(', ')}` : ''}`,
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
          ReturnValues: remove.length ? 'ALL_NEW' : undefined,
        }),
      );
      return Attributes;
    } catch (error) {
      // Items the engine knows but the table does not (simulations, tests) have no record.
      if (!isConditionFailure(error)) throw error;
      return undefined;
    }
  }

  /**
   * The item shows it is with Connect (and leaves the index of work waiting for our agents)
   * before its task is asked for: a failed request fails the event, whose retry repeats both.
   */
  private async handOffItem(decision: Handoff, at: string): Promise<void> {
    if (!this.handOff) {
      throw new Error(
        `queue ${decision.queueId} is delivered by Amazon Connect, which this function cannot reach`,
      );
    }
    const fields = { state: 'connect', queueId: decision.queueId };
    await this.updateItem(decision.workItemId, at, decision, fields, ['gsi2pk', 'gsi2sk']);
    await this.handOff(decision);
  }

  private async close(decision: Decision<'close'>, at: string): Promise<void> {
    // One write: wrapped, and out of the queue index.
    const Attributes = await this.updateItem(
      decision.workItemId,
      at,
      decision,
      { state: 'wrapped', closedReason: decision.reason },
      ['gsi2pk', 'gsi2sk'],
    );
    const conversationId = Attributes?.conversationId as string | undefined;
    if (!conversationId) return;
    // The conversation may take a new work item, and may now close when it goes quiet.
    await this.table.doc
      .send(
        new UpdateCommand({
          TableName: this.table.tableName,
          Key: keys.conversation(conversationId),
          UpdateExpression: 'REMOVE openWorkItemId',
          ConditionExpression: 'openWorkItemId = :item',
          ExpressionAttributeValues: { ':item': decision.workItemId },
        }),
      )
      .catch((error: unknown) => {
        if (!isConditionFailure(error)) throw error;
      });
  }

  private async setAgentStatus(decision: Decision<'agentStatus'>, at: string): Promise<void> {
    await this.table.doc
      .send(
        new UpdateCommand({
          TableName: this.table.tableName,
          Key: keys.agent(decision.agentId),
          UpdateExpression: 'SET #status = :status, updatedAt = :at',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':status': decision.status, ':at': at },
        }),
      )
      .catch((error: unknown) => {
        if (!isConditionFailure(error)) throw error;
      });
  }
}

import { gunzipSync } from 'node:zlib';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { type Agent, AgentSchema } from '#core/model.ts';
import { getRecord, queryAll, type TableClient } from './dynamo.ts';
import { keys } from './table.ts';
import { putIfAbsent, unlessConditionFails } from './writes.ts';

const agentKey = keys.agent;

export class AgentsRepo {
  constructor(private readonly table: TableClient) {}

  /** Creates the agent unless it exists, so seeding never overwrites a live agent's state. */
  async create(agent: Agent): Promise<boolean> {
    return putIfAbsent(this.table, { ...agentKey(agent.agentId), entity: 'agent', ...agent });
  }

  /**
   * Creates an agent or changes their definition, keeping what the router projects onto the
   * same item (load, offers, work) until it projects them again.
   */
  async put(agent: Agent): Promise<void> {
    const connect = agent.connectAgentId ? ', connectAgentId = :connect' : ' REMOVE connectAgentId';
    await this.table.doc.send(
      new UpdateCommand({
        TableName: this.table.tableName,
        Key: agentKey(agent.agentId),
        UpdateExpression: `SET entity = :entity, agentId = :id, #name = :name, skills = :skills, #capacity = :capacity, #status = :status, #load = if_not_exists(#load, :load)${connect}`,
        ExpressionAttributeNames: {
          '#name': 'name',
          '#capacity': 'capacity',
          '#status': 'status',
          '#load': 'load',
        },
        ExpressionAttributeValues: {
          ':entity': 'agent',
          ':id': agent.agentId,
          ':name': agent.name,
          ':skills': agent.skills,
          ':capacity': agent.capacity,
          ':status': agent.status,
          ':load': agent.load,
          ...(agent.connectAgentId ? { ':connect': agent.connectAgentId } : {}),
        },
      }),
    );
  }

  /**
   * Writes an agent's desk (as their routing partition's engine sees them) unless a later entry
   * wrote it: `fields` whole, plus the activity expressions the interval counts keep on it. The
   * desk as written, or the desk as it was (DynamoDB's own attribute form) when it was not.
   */
  async projectDesk(
    partition: string,
    agentId: string,
    fields: Record<string, unknown>,
    also: { sets: string[]; names: Record<string, string>; values: Record<string, unknown> },
  ): Promise<{ desk: Record<string, unknown> } | { previous: Record<string, AttributeValue> | undefined }> {
    const names = Object.keys(fields).filter((name) => fields[name] !== undefined);
    const update = this.table.doc.send(
      new UpdateCommand({
        TableName: this.table.tableName,
        Key: keys.agentDesk(partition, agentId),
        UpdateExpression: `SET ${[...names.map((name) => `#${name} = :${name}`), ...also.sets].join(', ')}`,
        ConditionExpression: 'attribute_not_exists(routingVersion) OR routingVersion < :routingVersion',
        ExpressionAttributeNames: {
          ...Object.fromEntries(names.map((name) => [`#${name}`, name])),
          ...also.names,
        },
        ExpressionAttributeValues: {
          ...Object.fromEntries(names.map((name) => [`:${name}`, fields[name]])),
          ...also.values,
        },
        ReturnValues: 'ALL_NEW',
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
    return unlessConditionFails(
      update.then(({ Attributes }) => ({ desk: Attributes ?? {} })),
      (failure) => ({ previous: (failure as { Item?: Record<string, AttributeValue> }).Item }),
    );
  }

  get(agentId: string): Promise<Agent | undefined> {
    return getRecord(this.table, agentKey(agentId), (item) => AgentSchema.parse(item));
  }

  /** Every agent of a routing partition, as its router last saw them. */
  async list(partition: string): Promise<Agent[]> {
    const desks = await queryAll(this.table, {
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.agentDesk(partition, '').pk },
    });
    return desks.map((desk) => AgentSchema.parse(desk));
  }

  /** The agent as their partition's router last saw them, with status and load. */
  seen(partition: string, agentId: string): Promise<Agent | undefined> {
    return getRecord(this.table, keys.agentDesk(partition, agentId), (item) => AgentSchema.parse(item));
  }

  /** The agent's pending offers and work in hand, as the router last saw them. */
  async desk(partition: string, agentId: string): Promise<{ offers: unknown[]; workItems: unknown[] }> {
    const { Item } = await this.table.doc.send(
      new GetCommand({
        TableName: this.table.tableName,
        Key: keys.agentDesk(partition, agentId),
        ProjectionExpression: 'desk',
        ConsistentRead: true,
      }),
    );
    if (!Item?.desk) return { offers: [], workItems: [] };
    return JSON.parse(gunzipSync(Item.desk as Uint8Array).toString('utf8'));
  }
}

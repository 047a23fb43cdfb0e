import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { type Agent, AgentSchema } from '#core/model.ts';
import { getRecord, type TableClient } from './dynamo.ts';
import { keys } from './table.ts';

const agentKey = keys.agent;

export class AgentsRepo {
  constructor(private readonly table: TableClient) {}

  /** Creates the agent unless it exists, so seeding never overwrites a live agent's state. */
  async create(agent: Agent): Promise<boolean> {
    try {
      await this.table.doc.send(
        new PutCommand({
          TableName: this.table.tableName,
          Item: { ...agentKey(agent.agentId), entity: 'agent', ...agent },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if ((error as Error).name === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  }

  /** Creates or replaces an agent's definition. */
  async put(agent: Agent): Promise<void> {
    await this.table.doc.send(
      new PutCommand({
        TableName: this.table.tableName,
        Item: { ...agentKey(agent.agentId), entity: 'agent', ...agent },
      }),
    );
  }

  get(agentId: string): Promise<Agent | undefined> {
    return getRecord(this.table, agentKey(agentId), (item) => AgentSchema.parse(item));
  }
}

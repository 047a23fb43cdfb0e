import {
  type Activity,
  ActivitySchema,
  type AgentInterval,
  dayOf,
  QUEUE_COUNTS,
  type QueueIncrement,
  type QueueInterval,
} from '#core/intervals.ts';
import { type Channel, ChannelSchema } from '#core/model.ts';
import { queryAll, type TableClient } from './dynamo.ts';
import { keys } from './table.ts';
import { updateIf } from './writes.ts';

/** Interval items outlive the routing log by far, but S3 holds the history: about 13 months. */
const KEEP_SECONDS = 400 * 86_400;

/**
 * The 15-minute interval records in the table: one item per queue, channel and interval, and one
 * per agent and interval, under the UTC day's partition. Counters are added with `ADD`, each write
 * guarded by the routing log version of the partition that makes it, the same guard as the daily
 * service-level count: an entry carried out twice is counted once.
 */
export class IntervalsRepo {
  constructor(private readonly table: TableClient) {}

  /** Adds one entry's counts to a queue interval. */
  addQueue(partition: string, version: number, increment: QueueIncrement): Promise<void> {
    const start = new Date(increment.start).toISOString();
    const counts = Object.entries(increment.counts).filter(([, value]) => value !== undefined);
    return this.add(
      keys.queueInterval(dayOf(increment.start), start, increment.queueId, increment.channel),
      partition,
      version,
      { entity: 'queueInterval', start, queueId: increment.queueId, channel: increment.channel },
      Object.fromEntries(counts) as Record<string, number>,
      increment.start,
    );
  }

  /** Adds seconds an agent spent in one activity to an agent interval. */
  addAgent(
    partition: string,
    version: number,
    agentId: string,
    start: number,
    activity: Activity,
    seconds: number,
  ): Promise<void> {
    const iso = new Date(start).toISOString();
    return this.add(
      keys.agentInterval(dayOf(start), iso, agentId),
      partition,
      version,
      { entity: 'agentInterval', start: iso, agentId },
      { [activity]: seconds },
      start,
    );
  }

  /** Queue intervals of one day whose start is in `[from, to)`: one query, in start order. */
  async queues(day: string, from: string, to: string): Promise<QueueInterval[]> {
    const items = await this.range(day, 'QUEUE', from, to);
    return items.map((item) => ({
      start: String(item.start),
      queueId: String(item.queueId),
      channel: ChannelSchema.parse(item.channel) as Channel,
      ...Object.fromEntries(QUEUE_COUNTS.map((name) => [name, Number(item[name] ?? 0)])),
    })) as QueueInterval[];
  }

  /** Agent intervals of one day whose start is in `[from, to)`: one query, in start order. */
  async agents(day: string, from: string, to: string): Promise<AgentInterval[]> {
    const items = await this.range(day, 'AGENT', from, to);
    return items.map((item) => ({
      start: String(item.start),
      agentId: String(item.agentId),
      secondsByStatus: Object.fromEntries(
        ActivitySchema.options
          .filter((name) => item[name] !== undefined)
          .map((name) => [name, Number(item[name])]),
      ),
    }));
  }

  private range(day: string, kind: 'QUEUE' | 'AGENT', from: string, to: string) {
    // An interval starting at `to` sorts after `<kind>#<to>` (its key goes on with `#<id>`), so
    // the range ends just before it.
    return queryAll(this.table, {
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: {
        ':pk': keys.intervalsPartition(day),
        ':from': `${kind}#${from}`,
        ':to': `${kind}#${to}`,
      },
    });
  }

  private async add(
    key: { pk: string; sk: string },
    partition: string,
    version: number,
    fields: Record<string, string>,
    counts: Record<string, number>,
    startMs: number,
  ): Promise<void> {
    const names: Record<string, string> = { '#seen': `version_${partition}` };
    const values: Record<string, unknown> = {
      ':v': version,
      ':expires': Math.floor(startMs / 1000) + KEEP_SECONDS,
    };
    const sets = ['#seen = :v', 'expiresAt = :expires'];
    for (const [name, value] of Object.entries(fields)) {
      names[`#${name}`] = name;
      values[`:${name}`] = value;
      sets.push(`#${name} = :${name}`);
    }
    const adds = Object.entries(counts).map(([name, value]) => {
      names[`#${name}`] = name;
      values[`:${name}`] = value;
      return `#${name} :${name}`;
    });
    await updateIf(this.table, {
      Key: key,
      UpdateExpression: `SET ${sets.join(', ')}${adds.length ? ` ADD ${adds.join(', ')}` : ''}`,
      ConditionExpression: 'attribute_not_exists(#seen) OR #seen < :v',
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    });
  }
}

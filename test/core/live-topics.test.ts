import { describe, expect, it } from 'vitest';
import {
  MAX_TOPICS_PER_CONNECTION,
  mayListen,
  SubscribeMessageSchema,
  TopicSchema,
  topicsFor,
} from '#core/live-topics.ts';
import { LIVE_SOURCE_PREFIXES, recordChange } from '#store/live-changes.ts';
import { keys } from '#store/table.ts';

/** The topics one table write leads to, from its images as the stream carries them. */
const topicsOf = (oldImage: Record<string, unknown> | undefined, newImage?: Record<string, unknown>) => {
  const change = recordChange(oldImage, newImage);
  return change ? topicsFor([change]) : [];
};

describe('which topics a table change touches', () => {
  it('tells the agent of an offer, and the floor, when a work item is offered', () => {
    const before = { ...keys.workItem('wi_1'), state: 'queued', customerId: 'cust_1' };
    const after = { ...before, state: 'offered', agentId: 'agent-ana' };
    expect(topicsOf(before, after)).toEqual(['agent:agent-ana', 'agents', 'queues']);
  });

  it('tells the agent who lost an offer as well as the one who got the item', () => {
    const before = { ...keys.workItem('wi_1'), agentId: 'agent-ana' };
    expect(topicsOf(before, { ...before, agentId: 'agent-ben' })).toEqual([
      'agent:agent-ana',
      'agent:agent-ben',
      'agents',
      'queues',
    ]);
    expect(topicsOf(before, { ...keys.workItem('wi_1'), state: 'queued' })).toContain('agent:agent-ana');
  });

  it('names the customer of a timeline entry by its timeline partition', () => {
    const entry = {
      ...keys.interaction('int_1'),
      gsi1pk: keys.timelinePartition('cust_01H'),
      gsi1sk: keys.timelineSort('2026-01-01T00:00:00.000Z', 'int_1'),
    };
    expect(topicsOf(undefined, entry)).toEqual(['customer:cust_01H']);
    // A delivery status moving forward is a change of the same entry.
    expect(topicsOf(entry, { ...entry, deliveryStatus: 'read' })).toEqual(['customer:cust_01H']);
  });

  it('names the customer of a customer record, the agent of an agent record', () => {
    expect(topicsOf(undefined, keys.customer('cust_2'))).toEqual(['customer:cust_2']);
    expect(topicsOf(keys.agent('agent-chloe'), { ...keys.agent('agent-chloe'), status: 'away' })).toEqual([
      'agent:agent-chloe',
      'agents',
    ]);
  });

  it('tells the floor about the queue board and queue statistics, not about the routing log', () => {
    expect(topicsOf(undefined, keys.routingQueues('default'))).toEqual(['agents', 'queues']);
    expect(topicsOf(undefined, { pk: 'ROUTING#default', sk: 'LOG#000000000001' })).toEqual([]);
    expect(topicsOf(undefined, keys.queueStats('billing', '2026-01-01'))).toEqual(['queues']);
  });

  it("tells an agent and the floor when the router's view of that agent changes", () => {
    expect(topicsOf(undefined, keys.agentDesk('default', 'agent-ana'))).toEqual([
      'agent:agent-ana',
      'agents',
    ]);
  });

  it('reads a deleted item from its old image', () => {
    expect(topicsOf(keys.customer('cust_3'), undefined)).toEqual(['customer:cust_3']);
  });

  it("tells a customer's listeners when the customer types in a chat, not when the agent does", () => {
    const typing = (side: 'customer' | 'agent') => ({ ...keys.typing('conv_1', side), customerId: 'cust_1' });
    expect(topicsOf(undefined, typing('customer'))).toEqual(['customer:cust_1']);
    expect(topicsOf(typing('customer'), undefined)).toEqual(['customer:cust_1']);
    expect(topicsOf(undefined, typing('agent'))).toEqual([]);
  });

  it('ignores everything else, its own subscriptions above all', () => {
    expect(topicsOf(undefined, keys.liveSubscription('queues', 'c1'))).toEqual([]);
    expect(topicsOf(undefined, keys.liveConnection('c1'))).toEqual([]);
    expect(topicsOf(undefined, keys.identity('email:ana@example.com'))).toEqual([]);
    expect(topicsOf(undefined, keys.conversation('conv_1'))).toEqual([]);
    expect(topicsOf(undefined, keys.interaction('int_2'))).toEqual([]);
    expect(topicsOf(undefined, undefined)).toEqual([]);
  });

  it('merges a batch into each topic once', () => {
    const changes = [
      recordChange(undefined, { ...keys.workItem('a'), agentId: 'agent-ana' }),
      recordChange(undefined, { ...keys.workItem('b'), agentId: 'agent-ana' }),
      recordChange(undefined, keys.queueStats('billing', '2026-01-01')),
    ].filter((change) => change !== undefined);
    expect(topicsFor(changes)).toEqual(['agent:agent-ana', 'agents', 'queues']);
  });

  it('lets the stream filter through exactly the partitions that map to topics', () => {
    expect([...LIVE_SOURCE_PREFIXES].sort()).toEqual(
      [
        'AGENT#',
        'AGENTS#',
        'CUSTOMER#',
        'INTERACTION#',
        'QUEUESTATS#',
        'ROUTING#',
        'TYPING#',
        'WORKITEM#',
      ].sort(),
    );
    expect(
      LIVE_SOURCE_PREFIXES.some((prefix) => keys.liveSubscription('queues', 'c').pk.startsWith(prefix)),
    ).toBe(false);
  });
});

describe('who may listen to what', () => {
  const agent = { agentId: 'agent-ana', isSupervisor: false };
  const supervisor = { agentId: 'sup', isSupervisor: true };

  it('lets an agent listen to their own topic, the queues and customers, not to others', () => {
    expect(mayListen(agent, 'agent:agent-ana')).toBe(true);
    expect(mayListen(agent, 'customer:cust_1')).toBe(true);
    expect(mayListen(agent, 'queues')).toBe(true);
    expect(mayListen(agent, 'agent:agent-ben')).toBe(false);
    // The agent list is a supervisor's view over HTTP too.
    expect(mayListen(agent, 'agents')).toBe(false);
  });

  it('lets a supervisor listen to everything', () => {
    for (const topic of ['agent:agent-ben', 'agents', 'queues', 'customer:cust_1']) {
      expect(mayListen(supervisor, topic)).toBe(true);
    }
  });
});

describe('subscribe messages', () => {
  it('takes known topic shapes only', () => {
    for (const topic of ['agent:agent-ana', 'customer:cust_01HXYZ', 'queues', 'agents']) {
      expect(TopicSchema.safeParse(topic).success, topic).toBe(true);
    }
    for (const topic of ['agent:', 'customer:a#b', 'queue', 'LIVE#queues', `customer:${'x'.repeat(129)}`]) {
      expect(TopicSchema.safeParse(topic).success, topic).toBe(false);
    }
  });

  it('caps the topics of one connection', () => {
    const topics = (n: number) => Array.from({ length: n }, (_, i) => `customer:c${i}`);
    const parse = (n: number) => SubscribeMessageSchema.safeParse({ action: 'subscribe', topics: topics(n) });
    expect(parse(MAX_TOPICS_PER_CONNECTION).success).toBe(true);
    expect(parse(MAX_TOPICS_PER_CONNECTION + 1).success).toBe(false);
  });
});

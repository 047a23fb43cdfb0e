import { describe, expect, it } from 'vitest';
import {
  createRoutingState,
  type QueueInput,
  QueueSchema,
  queueStats,
  snapshot,
  viewItem,
} from '#core/routing/index.ts';
import { billing, general, Harness, offersIn, ofType, only } from './harness.ts';

/** Returns handed to agents inside Amazon Connect, as tasks in its queue `q-returns`. */
const returns: QueueInput = {
  queueId: 'returns',
  name: 'Returns',
  steps: [{ skills: {} }],
  serviceLevel: { seconds: 60, target: 0.8 },
  delivery: { mode: 'connect', connectQueueId: 'q-returns', contactFlowId: 'flow-returns' },
};

function withReturns(): Harness {
  const h = new Harness({ queues: [billing, general, returns] });
  h.addAgent('ana', { billing: 5 });
  return h;
}

describe('queue delivery', () => {
  it('is native unless a queue says otherwise, and connect needs the Connect queue', () => {
    expect(QueueSchema.parse(general).delivery).toEqual({ mode: 'native' });
    expect(QueueSchema.parse(returns).delivery).toEqual(returns.delivery);
    const issues = (delivery: unknown) =>
      QueueSchema.safeParse({ ...general, delivery }).error?.issues.map((issue) => issue.path.join('.'));
    expect(issues({ mode: 'connect' })).toEqual(['delivery.connectQueueId']);
    expect(issues({ mode: 'connect', connectQueueId: '' })).toEqual(['delivery.connectQueueId']);
    expect(issues({ mode: 'native', connectQueueId: 'q' })).toEqual(['delivery']);
    expect(issues({ mode: 'email' })?.[0]).toMatch(/^delivery/);
  });

  it('hands an arriving item to Connect instead of offering it to our agents', () => {
    const h = withReturns();
    const decided = h.enqueue('wi-1', { queueId: 'returns' });
    expect(offersIn(decided)).toEqual([]);
    expect(ofType(decided, 'timer')).toEqual([]);
    expect(only(ofType(decided, 'handoff'))).toEqual({
      type: 'handoff',
      workItemId: 'wi-1',
      conversationId: 'conv-wi-1',
      customerId: 'cust-wi-1',
      channel: 'chat',
      queueId: 'returns',
      connectQueueId: 'q-returns',
      contactFlowId: 'flow-returns',
    });
    expect(viewItem(h.state, 'wi-1')).toMatchObject({ state: 'connect', queueId: 'returns' });
    expect(queueStats(h.state, h.now).find((q) => q.queueId === 'returns')).toMatchObject({
      waiting: 0,
      inConnect: 1,
    });
  });

  it('keeps the item as the conversation’s open one, so a new contact joins it', () => {
    const h = withReturns();
    h.enqueue('wi-1', { queueId: 'returns' });
    const decided = h.enqueue('wi-2', { queueId: 'billing', conversationId: 'conv-wi-1' });
    expect(only(ofType(decided, 'join'))).toMatchObject({ workItemId: 'wi-1', joinedWorkItemId: 'wi-2' });
    expect(offersIn(decided)).toEqual([]);
  });

  it('hands off again when the same arrival is retried, and never offers it', () => {
    const h = withReturns();
    h.enqueue('wi-1', { queueId: 'returns' });
    const again = h.enqueue('wi-1', { queueId: 'returns' });
    expect(ofType(again, 'handoff')).toHaveLength(1);
    expect(offersIn(again)).toEqual([]);
    expect(ofType(h.enqueue('wi-9'), 'handoff')).toEqual([]);
  });

  it('hands off an item that overflows into a Connect queue, keeping its wait', () => {
    const h = new Harness({ queues: [{ ...billing, overflowQueueId: 'returns' }, general, returns] });
    h.enqueue('wi-1');
    const decided = h.advance(300);
    expect(ofType(decided, 'overflow')).toMatchObject([{ fromQueueId: 'billing', toQueueId: 'returns' }]);
    expect(only(ofType(decided, 'handoff'))).toMatchObject({ workItemId: 'wi-1', queueId: 'returns' });
    expect(viewItem(h.state, 'wi-1')).toMatchObject({
      state: 'connect',
      enqueuedAt: new Date(h.now - 300_000).toISOString(),
    });
    expect(h.pendingTimers().filter((timer) => 'workItemId' in timer && timer.workItemId === 'wi-1')).toEqual(
      [],
    );
  });

  it('hands off an item transferred into a Connect queue and frees the agent', () => {
    const h = withReturns();
    h.enqueue('wi-1');
    h.send({ type: 'offerAccepted', offerId: only(offersIn(h.log)).offerId });
    const decided = h.send({ type: 'transferRequested', workItemId: 'wi-1', to: { queueId: 'returns' } });
    expect(ofType(decided, 'requeue')).toMatchObject([
      { reason: 'transfer', queueId: 'returns', fromAgentId: 'ana' },
    ]);
    expect(only(ofType(decided, 'handoff'))).toMatchObject({ workItemId: 'wi-1' });
    expect(offersIn(decided)).toEqual([]);
    expect(snapshot(h.state).agents.find((a) => a.agentId === 'ana')?.load).toEqual({});
  });

  it('hands off items already waiting when their queue turns to Connect', () => {
    const h = new Harness();
    h.enqueue('wi-1', { queueId: 'general' });
    const decided = h.send({
      type: 'queueUpserted',
      queue: { ...returns, queueId: 'general', name: 'General' },
    });
    expect(only(ofType(decided, 'handoff'))).toMatchObject({ workItemId: 'wi-1', queueId: 'general' });
    expect(h.addAgent('ana', {}).filter((d) => d.type === 'offer')).toEqual([]);
  });

  it('refuses to move or complete an item that is with Connect', () => {
    const h = withReturns();
    h.enqueue('wi-1', { queueId: 'returns' });
    expect(
      h.send({ type: 'transferRequested', workItemId: 'wi-1', to: { queueId: 'billing' } }),
    ).toMatchObject([{ type: 'rejected', code: 'conflict' }]);
    expect(h.send({ type: 'workCompleted', workItemId: 'wi-1' })).toMatchObject([
      { type: 'rejected', code: 'conflict' },
    ]);
  });

  it('closes the item when its task ends; a repeated end is ignored', () => {
    const h = withReturns();
    h.enqueue('wi-1', { queueId: 'returns' });
    expect(h.send({ type: 'connectTaskEnded', workItemId: 'wi-1' })).toEqual([
      { type: 'close', workItemId: 'wi-1', reason: 'completed' },
    ]);
    expect(viewItem(h.state, 'wi-1')).toBeUndefined();
    expect(h.send({ type: 'connectTaskEnded', workItemId: 'wi-1' })).toMatchObject([{ type: 'ignored' }]);
    // The conversation may open a new item again.
    expect(
      ofType(h.enqueue('wi-2', { queueId: 'returns', conversationId: 'conv-wi-1' }), 'handoff'),
    ).toHaveLength(1);
  });

  it('ignores a task end for an item our agents hold', () => {
    const h = withReturns();
    h.enqueue('wi-1');
    expect(h.send({ type: 'connectTaskEnded', workItemId: 'wi-1' })).toMatchObject([{ type: 'ignored' }]);
    expect(viewItem(h.state, 'wi-1')).toMatchObject({ state: 'offered' });
  });

  it('survives a snapshot and restore as an item with Connect', () => {
    const h = withReturns();
    h.enqueue('wi-1', { queueId: 'returns' });
    const restored = createRoutingState(snapshot(h.state));
    expect(viewItem(restored, 'wi-1')).toMatchObject({ state: 'connect' });
    expect(queueStats(restored, h.now).find((q) => q.queueId === 'returns')).toMatchObject({ inConnect: 1 });
  });
});

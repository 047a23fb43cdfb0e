import { describe, expect, it } from 'vitest';
import { conversationHolder, viewItem } from '#core/routing/index.ts';
import { Harness, offersIn, only } from './harness.ts';

describe('one work item per customer issue', () => {
  it('joins a call about an open chat to the chat’s item instead of queueing a second one', () => {
    const h = new Harness();
    h.addAgent('ana', { billing: 5 });
    h.send({
      type: 'offerAccepted',
      offerId: only(offersIn(h.enqueue('chat-1', { conversationId: 'issue-7' }))).offerId,
    });
    h.now += 120_000;
    const decided = h.enqueue('call-1', { conversationId: 'issue-7', channel: 'voice' });
    expect(decided).toEqual([
      {
        type: 'join',
        workItemId: 'chat-1',
        joinedWorkItemId: 'call-1',
        conversationId: 'issue-7',
        channel: 'voice',
      },
    ]);
    expect(viewItem(h.state, 'call-1')).toBeUndefined();
    expect(viewItem(h.state, 'chat-1')).toMatchObject({
      agentId: 'ana',
      enqueuedAt: new Date(h.now - 120_000).toISOString(),
    });
  });

  it('joins a contact to an item that is still waiting, which keeps its age', () => {
    const h = new Harness();
    h.enqueue('mail-1', { conversationId: 'issue-8', channel: 'email' });
    expect(h.enqueue('sms-1', { conversationId: 'issue-8', channel: 'sms' })).toMatchObject([
      { type: 'join' },
    ]);
  });

  it('opens a new item once the earlier one is complete', () => {
    const h = new Harness();
    h.addAgent('ana', { billing: 5 });
    h.send({
      type: 'offerAccepted',
      offerId: only(offersIn(h.enqueue('chat-1', { conversationId: 'issue-9' }))).offerId,
    });
    h.send({ type: 'workCompleted', workItemId: 'chat-1' });
    expect(offersIn(h.enqueue('chat-2', { conversationId: 'issue-9' }))).toHaveLength(1);
  });

  it('names the assigned agent as the only one who may reply on the conversation', () => {
    const h = new Harness();
    h.addAgent('ana', { billing: 5 });
    const offer = only(offersIn(h.enqueue('chat-1', { conversationId: 'issue-3' })));
    expect(conversationHolder(h.state, 'issue-3')).toBeUndefined();
    h.send({ type: 'offerAccepted', offerId: offer.offerId });
    expect(conversationHolder(h.state, 'issue-3')).toBe('ana');
    h.send({ type: 'workCompleted', workItemId: 'chat-1' });
    expect(conversationHolder(h.state, 'issue-3')).toBeUndefined();
  });

  it('ignores a redelivered enqueue of the same item', () => {
    const h = new Harness();
    h.enqueue('wi-1');
    expect(h.enqueue('wi-1')).toMatchObject([{ type: 'ignored' }]);
  });

  it('rejects an item for a queue it does not know', () => {
    const h = new Harness();
    expect(h.enqueue('wi-1', { queueId: 'nowhere' })).toMatchObject([
      { type: 'rejected', code: 'not_found' },
    ]);
  });
});

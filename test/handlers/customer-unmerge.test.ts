import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Interaction } from '#core/model.ts';
import { makeHandler } from '#handlers/agent-api.ts';
import { makeHandler as makeIngest } from '#handlers/ingest.ts';
import type { HttpResult } from '#http/response.ts';
import { chatMessage, context, httpEvent, sqsEvent } from '../support/events.ts';
import { createTestStack, type TestStack } from '../support/local-aws.ts';

const body = (result: HttpResult) => JSON.parse(result.body ?? '{}');
const asAgent = { sub: 'ana-sub', 'cognito:username': 'ana', 'cognito:groups': 'agents' };
const asSupervisor = { sub: 'sam-sub', 'cognito:username': 'sam', 'cognito:groups': 'agents,supervisors' };

describe('POST /customers/{customerId}/unmerge', () => {
  let stack: TestStack;
  let api: ReturnType<typeof makeHandler>;
  let ingest: ReturnType<typeof makeIngest>;

  beforeAll(async () => {
    stack = await createTestStack();
    api = makeHandler(stack);
    ingest = makeIngest(stack);
  });

  let phones = 0;
  const freshPhone = () => `phone:+1415555${2000 + ++phones}`;

  async function say(identity: string, text: string, channel: 'sms' | 'email' = 'sms') {
    const result = await ingest(sqsEvent([chatMessage({ channel, identities: [identity], text })]), context);
    expect(result.batchItemFailures).toEqual([]);
  }

  async function customerOf(identity: string) {
    const found = await stack.customers.findByIdentity(identity);
    if (!found) throw new Error(`no customer for ${identity}`);
    return found;
  }

  const post = (action: 'merge' | 'unmerge', customerId: string, payload: unknown, claims = asSupervisor) =>
    api(
      httpEvent(`POST /customers/{customerId}/${action}`, {
        pathParameters: { customerId },
        body: payload,
        claims,
      }),
      context,
    );

  async function timeline(customerId: string): Promise<Interaction[]> {
    const result = await api(
      httpEvent('GET /customers/{customerId}/timeline', { pathParameters: { customerId }, claims: asAgent }),
      context,
    );
    return body(result).items;
  }

  it('gives each customer back their identities, contacts and conversations, with both entries on both timelines', async () => {
    const ana = `email:${randomUUID().slice(0, 8)}@example.net`;
    const bob = freshPhone();
    await say(ana, 'ana before', 'email');
    await say(bob, 'bob before');
    const [anaId, bobId] = [(await customerOf(ana)).customerId, (await customerOf(bob)).customerId];
    expect(
      (await post('merge', anaId, { customerId: bobId, reason: 'looked alike' }, asAgent)).statusCode,
    ).toBe(200);
    await say(bob, 'bob while merged');
    await say(ana, 'ana while merged', 'email');

    const result = await post('unmerge', anaId, { customerId: bobId, reason: 'two people' });

    expect(result.statusCode).toBe(200);
    // Bob's message joined Ana's open conversation: it stays hers, and his part becomes his own.
    expect(body(result)).toMatchObject({ unmerged: true, moved: { interactions: 1, conversations: 0 } });
    expect((await customerOf(bob)).customerId).toBe(bobId);
    expect((await customerOf(ana)).identities).toEqual([ana]);
    const texts = async (id: string) =>
      (await timeline(id)).filter((i) => i.kind === 'message').map((i) => i.text);
    expect(await texts(anaId)).toEqual(['ana while merged', 'ana before']);
    expect(await texts(bobId)).toEqual(['bob while merged', 'bob before']);
    for (const id of [anaId, bobId]) {
      const kinds = (await timeline(id)).filter((i) => i.kind !== 'message');
      expect(kinds.map((i) => i.kind)).toEqual(['unmerge', 'merge']);
      expect(kinds[0]?.merge).toMatchObject({ agentId: 'sam', reason: 'two people' });
      expect(kinds[1]?.merge).toMatchObject({ agentId: 'ana', reason: 'looked alike' });
    }
    const [moved] = (await timeline(bobId)).filter((i) => i.text === 'bob while merged');
    const [stayed] = (await timeline(anaId)).filter((i) => i.text === 'ana while merged');
    expect((await stack.conversations.get(moved?.conversationId ?? ''))?.customerId).toBe(bobId);
    expect((await stack.conversations.get(stayed?.conversationId ?? ''))?.customerId).toBe(anaId);
    expect(moved?.conversationId).not.toBe(stayed?.conversationId);
  });

  it('takes a conversation back whole when only the absorbed customer wrote in it', async () => {
    const [a, b] = [freshPhone(), freshPhone()];
    await say(b, 'b alone');
    const bId = (await customerOf(b)).customerId;
    await say(a, 'a later');
    const aId = (await customerOf(a)).customerId;
    // B is the older customer, so B survives a merge the agent makes into B.
    await post('merge', bId, { customerId: aId }, asAgent);
    const result = await post('unmerge', bId, { customerId: aId });
    expect(body(result)).toMatchObject({ unmerged: true });
    const [entry] = (await timeline(aId)).filter((i) => i.kind === 'message');
    expect(entry?.text).toBe('a later');
    expect((await stack.conversations.get(entry?.conversationId ?? ''))?.customerId).toBe(aId);
  });

  it('splits a chain one merge at a time', async () => {
    const [a, b, c] = [freshPhone(), freshPhone(), freshPhone()];
    for (const identity of [a, b, c]) await say(identity, `first from ${identity}`);
    const [aId, bId, cId] = await Promise.all([a, b, c].map(async (i) => (await customerOf(i)).customerId));
    await post('merge', aId as string, { customerId: bId }, asAgent);
    await post('merge', aId as string, { customerId: cId }, asAgent);

    await post('unmerge', aId as string, { customerId: cId });
    expect((await customerOf(c)).customerId).toBe(cId);
    expect((await customerOf(b)).customerId).toBe(aId);
    await post('unmerge', aId as string, { customerId: bId });
    expect((await customerOf(b)).customerId).toBe(bId);
    expect((await stack.customers.get(aId as string))?.mergedFrom).toEqual([]);
  });

  it('changes nothing the second time, and a later merge of the two is a new entry', async () => {
    const [a, b] = [freshPhone(), freshPhone()];
    await say(a, 'a');
    await say(b, 'b');
    const [aId, bId] = [(await customerOf(a)).customerId, (await customerOf(b)).customerId];
    await post('merge', aId, { customerId: bId }, asAgent);
    await post('unmerge', aId, { customerId: bId });
    const again = await post('unmerge', aId, { customerId: bId });
    expect(body(again)).toMatchObject({ unmerged: false, moved: { interactions: 0, conversations: 0 } });
    expect(body(await post('merge', aId, { customerId: bId }, asAgent)).merged).toBe(true);
    expect((await timeline(aId)).filter((i) => i.kind === 'merge')).toHaveLength(2);
  });

  it('is for supervisors only, and refuses a customer that is not merged into this one', async () => {
    const [a, b] = [freshPhone(), freshPhone()];
    await say(a, 'a');
    await say(b, 'b');
    const [aId, bId] = [(await customerOf(a)).customerId, (await customerOf(b)).customerId];
    expect((await post('unmerge', aId, { customerId: bId }, asAgent)).statusCode).toBe(403);
    expect((await post('unmerge', aId, { customerId: bId })).statusCode).toBe(404);
    expect((await post('unmerge', aId, { customerId: aId })).statusCode).toBe(400);
    expect((await post('unmerge', aId, { customer: bId })).statusCode).toBe(400);
  });
});

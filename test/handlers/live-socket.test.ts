import { randomUUID } from 'node:crypto';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { MAX_TOPICS_PER_CONNECTION } from '#core/live-topics.ts';
import { makeHandler } from '#handlers/live-socket.ts';
import { LiveSubscriptionsRepo } from '#store/live-subscriptions-repo.ts';
import { keys } from '#store/table.ts';
import { context, supervisorClaims } from '../support/events.ts';
import { socketEvent } from '../support/live.ts';
import { createTestStack, type TestStack } from '../support/local-aws.ts';

const agentClaims = { sub: 'sub-ana', 'cognito:username': 'agent-ana' };

describe('live socket: connect, subscribe, disconnect', () => {
  let stack: TestStack;
  let subscriptions: LiveSubscriptionsRepo;
  let handler: ReturnType<typeof makeHandler>;

  beforeAll(async () => {
    stack = await createTestStack();
    subscriptions = new LiveSubscriptionsRepo(stack.table, stack.clock.now);
    handler = makeHandler({ subscriptions });
  });

  const connect = async (claims: Record<string, string> = agentClaims) => {
    const connectionId = `c-${randomUUID()}`;
    const result = await handler(socketEvent('$connect', connectionId, { authorizer: claims }), context);
    expect(result.statusCode).toBe(200);
    return connectionId;
  };
  const send = async (connectionId: string, body: unknown) => {
    const result = await handler(socketEvent('subscribe', connectionId, { body }), context);
    return { status: result.statusCode, body: JSON.parse(result.body ?? '{}') };
  };
  const subscribe = (connectionId: string, topics: unknown) =>
    send(connectionId, { action: 'subscribe', topics });
  const listenersOf = (topic: string) => subscriptions.listeners(topic);

  it('lets a chat visitor listen to their own session only, and answers a ping', async () => {
    const connectionId = await connect({ principalId: 'chat:chat_mine', chatSessionId: 'chat_mine' });
    for (const topics of [['chat:chat_theirs'], ['customer:cust_1'], ['agent:agent-ana'], ['queues']]) {
      const answer = await subscribe(connectionId, topics);
      expect(answer.status, topics[0]).toBe(403);
    }
    expect(await subscribe(connectionId, ['chat:chat_mine'])).toEqual({
      status: 200,
      body: { type: 'subscribed', topics: ['chat:chat_mine'] },
    });
    expect(await listenersOf('chat:chat_mine')).toEqual([connectionId]);
    const ping = await handler(socketEvent('$default', connectionId, { body: { action: 'ping' } }), context);
    expect(JSON.parse(ping.body ?? '{}')).toEqual({ type: 'pong' });
  });

  it('keeps agents, supervisors too, off chat sessions’ topics', async () => {
    const connectionId = await connect(supervisorClaims);
    expect((await subscribe(connectionId, ['chat:chat_mine'])).status).toBe(403);
  });

  it('refuses a connection that reached it without verified claims', async () => {
    const result = await handler(socketEvent('$connect', 'c-anonymous'), context);
    expect(result.statusCode).toBe(401);
    expect(await subscriptions.get('c-anonymous')).toBeUndefined();
  });

  it('stores a subscription where a change finds it, and answers with the topics', async () => {
    const connectionId = await connect();
    const answer = await subscribe(connectionId, ['agent:agent-ana', 'customer:cust_1', 'queues']);
    expect(answer).toEqual({
      status: 200,
      body: { type: 'subscribed', topics: ['agent:agent-ana', 'customer:cust_1', 'queues'] },
    });
    expect(await listenersOf('agent:agent-ana')).toContain(connectionId);
    expect(await listenersOf('customer:cust_1')).toContain(connectionId);
    const { Items = [] } = await stack.table.doc.send(
      new QueryCommand({
        TableName: stack.table.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.liveSubscription('queues', connectionId).pk },
      }),
    );
    const item = Items.find((i) => i.connectionId === connectionId);
    // Gone with API Gateway's two-hour connection limit, even if no disconnect comes.
    const inTwoHours = Date.now() / 1000 + 2 * 3600;
    expect(item?.expiresAt).toBeGreaterThan(inTwoHours - 60);
    expect(item?.expiresAt).toBeLessThan(inTwoHours + 900);
  });

  it('makes each subscribe the whole subscription: topics left out are dropped', async () => {
    const connectionId = await connect();
    await subscribe(connectionId, ['customer:cust_a', 'customer:cust_b']);
    await subscribe(connectionId, ['customer:cust_b', 'customer:cust_c']);
    expect(await listenersOf('customer:cust_a')).not.toContain(connectionId);
    expect(await listenersOf('customer:cust_b')).toContain(connectionId);
    expect(await listenersOf('customer:cust_c')).toContain(connectionId);
    expect((await subscriptions.get(connectionId))?.topics.sort()).toEqual([
      'customer:cust_b',
      'customer:cust_c',
    ]);
  });

  it("refuses an agent another agent's topic or the agent list, and stores nothing of it", async () => {
    const connectionId = await connect();
    const answer = await subscribe(connectionId, ['agent:agent-ana', 'agent:agent-ben', 'agents']);
    expect(answer.status).toBe(403);
    expect(answer.body).toEqual({
      type: 'error',
      message: 'not allowed to listen to agent:agent-ben, agents',
    });
    expect(await listenersOf('agent:agent-ana')).not.toContain(connectionId);
  });

  it("lets a supervisor listen to any agent's topic and the floor", async () => {
    const connectionId = await connect(supervisorClaims);
    const answer = await subscribe(connectionId, ['agent:agent-ben', 'agents', 'queues']);
    expect(answer.status).toBe(200);
    expect(await listenersOf('agent:agent-ben')).toContain(connectionId);
  });

  it('rejects malformed messages clearly', async () => {
    const connectionId = await connect();
    expect(await send(connectionId, 'not json')).toEqual({
      status: 400,
      body: { type: 'error', message: 'the message is not valid JSON' },
    });
    const notAList = await subscribe(connectionId, 'queues');
    expect(notAList.status).toBe(400);
    expect(notAList.body.message).toMatch(/^topics: /);
    const badTopic = await subscribe(connectionId, ['queues', 'LIVE#queues']);
    expect(badTopic.status).toBe(400);
    expect(badTopic.body.message).toMatch(/^topics\.1: /);
    const tooMany = Array.from({ length: MAX_TOPICS_PER_CONNECTION + 1 }, (_, i) => `customer:c${i}`);
    expect((await subscribe(connectionId, tooMany)).status).toBe(400);
    const unknown = await handler(
      socketEvent('$default', connectionId, { body: { action: 'hello' } }),
      context,
    );
    expect(unknown.statusCode).toBe(400);
    expect(JSON.parse(unknown.body ?? '{}').message).toMatch(/unknown action/);
  });

  it('answers a subscribe on a connection it does not know with 410', async () => {
    expect((await subscribe('c-never-connected', ['queues'])).status).toBe(410);
  });

  it('forgets the connection and every subscription on disconnect, and twice is harmless', async () => {
    const connectionId = await connect();
    await subscribe(connectionId, ['agent:agent-ana', 'queues']);
    for (let i = 0; i < 2; i++) {
      const result = await handler(socketEvent('$disconnect', connectionId), context);
      expect(result.statusCode).toBe(200);
    }
    expect(await subscriptions.get(connectionId)).toBeUndefined();
    expect(await listenersOf('agent:agent-ana')).not.toContain(connectionId);
    expect(await listenersOf('queues')).not.toContain(connectionId);
  });
});

import { ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { makeHandler as makeRouter } from '#handlers/router.ts';
import { makeHandler as makeRoutingApi } from '#handlers/routing-api.ts';
import { PartitionMap, parsePartitionLayout } from '#routing/partitions.ts';
import { context, httpEvent, supervisorClaims } from '../support/events.ts';
import { floorAgent, floorItem, T0 } from '../support/routing-floor.ts';
import { createRoutingTestStack, type RoutingTestStack } from '../support/routing-stack.ts';

describe('routing partitions', () => {
  it('places a queue or agent in the partition that lists it, and everything else at home', () => {
    const map = new PartitionMap(
      'home',
      parsePartitionLayout('{"east":{"queues":["east-chat"],"agents":["eve"]}}'),
    );
    expect(map.ofQueue('east-chat')).toBe('east');
    expect(map.ofAgent('eve')).toBe('east');
    expect(map.ofQueue('billing')).toBe('home');
    expect(map.all()).toEqual(['home', 'east']);
  });

  it('refuses a layout that puts a queue in two partitions, or is not a layout at all', () => {
    expect(
      () => new PartitionMap('home', { a: { queues: ['q'], agents: [] }, b: { queues: ['q'], agents: [] } }),
    ).toThrow(/queue q is in both a and b/);
    expect(() => parsePartitionLayout('{"east":{"queue":["q"]}}')).toThrow(/ONETHREAD_ROUTING_PARTITIONS/);
    expect(() => parsePartitionLayout('{"bad name":{}}')).toThrow(/ONETHREAD_ROUTING_PARTITIONS/);
  });

  describe('side by side on one table', () => {
    const chat = (queueId: string) => ({
      queueId,
      name: queueId,
      steps: [{}],
      serviceLevel: { seconds: 60, target: 0.8 },
    });

    async function floor(): Promise<RoutingTestStack> {
      const stack = await createRoutingTestStack({}, {});
      const partitions = new PartitionMap(stack.routingPartition, {
        east: { queues: ['east-chat'], agents: ['eve'] },
      });
      return createRoutingTestStack({}, { partitions });
    }

    const api = (stack: RoutingTestStack, routeKey: string, options: Parameters<typeof httpEvent>[1]) =>
      makeRoutingApi(stack)(httpEvent(routeKey, { claims: supervisorClaims, ...options }), context);

    /** What the FIFO queue delivers, as Lambda hands it over: with each message's group. */
    async function deliver(stack: RoutingTestStack): Promise<void> {
      const { Messages = [] } = await stack.sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: stack.eventsQueueUrl,
          MaxNumberOfMessages: 10,
          WaitTimeSeconds: 1,
          MessageSystemAttributeNames: ['All'],
        }),
      );
      await makeRouter(stack)(
        {
          Records: Messages.map((message) => ({
            messageId: message.MessageId ?? '',
            receiptHandle: message.ReceiptHandle ?? '',
            body: message.Body ?? '',
            attributes: {
              ApproximateReceiveCount: '1',
              SentTimestamp: '0',
              SenderId: 'test',
              ApproximateFirstReceiveTimestamp: '0',
              MessageGroupId: message.Attributes?.MessageGroupId,
            },
            messageAttributes: {},
            md5OfBody: '',
            eventSource: 'aws:sqs',
            eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:routing.fifo',
            awsRegion: 'us-east-1',
          })),
        },
        context,
      );
    }

    it('routes each queue to its own agents, through its own log, and shows one floor', async () => {
      const stack = await floor();
      const home = stack.routingPartition;
      for (const queueId of ['home-chat', 'east-chat']) {
        expect(
          (await api(stack, 'PUT /queues/{queueId}', { pathParameters: { queueId }, body: chat(queueId) }))
            .statusCode,
        ).toBe(200);
      }
      for (const agentId of ['hana', 'eve']) {
        const body = { name: agentId, skills: {}, capacity: { chat: 2 }, status: 'available' };
        expect(
          (await api(stack, 'PUT /agents/{agentId}', { pathParameters: { agentId }, body })).statusCode,
        ).toBe(200);
      }
      await stack.routingQueues.publish(
        { type: 'itemEnqueued', item: floorItem(1, T0, 'east-chat') },
        'e1',
        'east',
      );
      await stack.routingQueues.publish(
        { type: 'itemEnqueued', item: floorItem(2, T0, 'home-chat') },
        'h2',
        home,
      );
      await deliver(stack);

      const offersOf = async (agentId: string) =>
        JSON.parse(
          (await api(stack, 'GET /agents/{agentId}/offers', { pathParameters: { agentId } })).body ?? '[]',
        );
      expect(await offersOf('eve')).toEqual([expect.objectContaining({ workItemId: 'wi_1' })]);
      expect(await offersOf('hana')).toEqual([expect.objectContaining({ workItemId: 'wi_2' })]);
      expect(await stack.routingFor('east').routing.read((state) => [...state.queues.keys()])).toEqual([
        'east-chat',
      ]);
      expect(await stack.routing.read((state) => [...state.agents.keys()])).toEqual(['hana']);

      const floorView = JSON.parse((await api(stack, 'GET /agents', {})).body ?? '{}').agents;
      expect(floorView.map((agent: { agentId: string }) => agent.agentId)).toEqual(['eve', 'hana']);
      await expect
        .poll(async () =>
          JSON.parse((await api(stack, 'GET /queues', {})).body ?? '{}')
            .queues.map((q: { queueId: string }) => q.queueId)
            .sort(),
        )
        .toEqual(['east-chat', 'home-chat']);
    });

    it('keeps work and overflow inside the partition that routes them', async () => {
      const stack = await floor();
      const overflow = { ...chat('home-chat'), steps: [{ seconds: 30 }], overflowQueueId: 'east-chat' };
      const refused = await api(stack, 'PUT /queues/{queueId}', {
        pathParameters: { queueId: 'home-chat' },
        body: overflow,
      });
      expect(refused.statusCode).toBe(400);
      expect(JSON.parse(refused.body ?? '{}').error).toMatchObject({ field: 'overflowQueueId' });
      expect(await stack.routing.read((state) => state.queues.size)).toBe(0);

      await api(stack, 'PUT /queues/{queueId}', {
        pathParameters: { queueId: 'home-chat' },
        body: chat('home-chat'),
      });
      await stack.routing.dispatch([
        { type: 'agentUpserted', agent: floorAgent('hana', 1) },
        { type: 'itemEnqueued', item: floorItem(3, T0, 'home-chat') },
      ]);
      const moved = await api(stack, 'POST /work-items/{workItemId}/transfer', {
        pathParameters: { workItemId: 'wi_3' },
        body: { queueId: 'east-chat' },
      });
      expect(moved.statusCode).toBe(409);
      expect(JSON.parse(moved.body ?? '{}').error).toMatchObject({ code: 'other_partition' });
    });
  });
});

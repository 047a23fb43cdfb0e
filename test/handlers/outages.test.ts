import { beforeAll, describe, expect, it } from 'vitest';
import { createDeps } from '#app/create-deps.ts';
import { makeHandler as makeChatApi } from '#handlers/chat-api.ts';
import { makeHandler as makeHealth } from '#handlers/health.ts';
import { freePort, localClientConfig, localSqsConfig } from '#local/emulators.ts';
import { context, httpEvent } from '../support/events.ts';
import { createTestStack, dynamoEndpoint, sqsEndpoint, type TestStack } from '../support/local-aws.ts';

describe('routes while a dependency is down', () => {
  let stack: TestStack;
  let closed: string;
  beforeAll(async () => {
    stack = await createTestStack();
    closed = `http://127.0.0.1:${await freePort()}`;
  });

  /** The stack's settings with the table or the queue at a port nobody listens on. */
  const down = (which: 'table' | 'queue') =>
    createDeps(stack.config, {
      dynamo: localClientConfig(which === 'table' ? closed : dynamoEndpoint()),
      sqs: localSqsConfig(which === 'queue' ? closed : sqsEndpoint()),
    });

  it('answers 503 with Retry-After, not 500, when the table is unreachable', async () => {
    const chat = makeChatApi(down('table'));
    const result = await chat(
      httpEvent('POST /chat/sessions', { body: { name: 'Ana', email: 'ana@example.com' } }),
      context,
    );
    expect(result.statusCode).toBe(503);
    expect(Number(result.headers?.['retry-after'])).toBeGreaterThan(0);
    expect(JSON.parse(result.body ?? '{}')).toEqual({
      error: { code: 'unavailable', message: 'temporarily unavailable, retry shortly' },
    });
  });

  it('reports healthy with every dependency named when all answer', async () => {
    const result = await makeHealth(stack)(httpEvent('GET /health'), context);
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body ?? '{}')).toEqual({
      status: 'ok',
      dependencies: { table: 'ok', queue: 'ok' },
    });
  });

  it.each([
    ['table', { table: 'unavailable', queue: 'ok' }],
    ['queue', { table: 'ok', queue: 'unavailable' }],
  ] as const)('names the %s when it is down, with 503 and Retry-After', async (which, dependencies) => {
    const result = await makeHealth(down(which))(httpEvent('GET /health'), context);
    expect(result.statusCode).toBe(503);
    expect(result.headers?.['retry-after']).toBeDefined();
    expect(JSON.parse(result.body ?? '{}')).toEqual({ status: 'unavailable', dependencies });
  });
});

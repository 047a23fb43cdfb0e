import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeHandler as makeAgentApi } from '#handlers/agent-api.ts';
import { makeHandler as makeChatApi } from '#handlers/chat-api.ts';
import { LOCAL_AWS } from '#local/emulators.ts';
import { createGateway } from '#local/gateway.ts';
import { createLocalLive, LIVE_MANAGEMENT_PATH, type LocalLive, localManagementConfig } from '#local/live.ts';
import { LiveConnections } from '#shared/live-connections.ts';
import { queueDepth, tableItemCount } from '../support/channels.ts';
import { createTestStack, type TestStack } from '../support/local-aws.ts';

const TOKEN = 'gateway-test-token';
const JSON_TYPE = { 'content-type': 'application/json' };

describe('the local gateway, given client mistakes', () => {
  let stack: TestStack;
  let server: Server;
  let live: LocalLive;
  let base: string;
  /** How often the stand-in redrive route ran. */
  let redrives = 0;

  beforeAll(async () => {
    stack = await createTestStack();
    // Only its management API is called here.
    live = createLocalLive({ devToken: TOKEN, handler: async () => ({ statusCode: 200 }) });
    server = createGateway({
      functions: { chatApi: makeChatApi(stack), agentApi: makeAgentApi(stack) },
      devToken: TOKEN,
      staticSites: {},
      localRoutes: {
        ...live.routes,
        'POST /local/queues/ingest/redrive': async () => {
          redrives += 1;
          return { status: 200, body: { moved: 0 } };
        },
        'GET /console/config.json': async () => ({ status: 200, body: { apiUrl: base } }),
      },
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await live.stop();
    await new Promise((done) => server.close(done));
  });

  const call = async (method: string, path: string, init: { headers?: object; body?: string } = {}) => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${TOKEN}`, ...init.headers },
      body: init.body,
    });
    return { status: response.status, body: await response.json() };
  };

  const expectNothingWritten = async () => {
    expect(await tableItemCount(stack)).toBe(0);
    expect(await queueDepth(stack)).toBe(0);
  };

  it('serves a literal route before a route with a parameter in its place, as API Gateway does', async () => {
    const { status, body } = await call('GET', '/customers/search?q=nobody');
    expect(status).toBe(200);
    expect(body).toEqual({ customers: [] });
  });

  it('answers 400 naming the path parameter for malformed percent-encoding', async () => {
    const message = { headers: JSON_TYPE, body: '{"text":"hi","clientMessageId":"m1"}' };
    for (const [method, path, field, init] of [
      ['GET', '/customers/%ZZ', 'customerId', {}],
      ['GET', '/customers/cust_%E0%A4%A/timeline', 'customerId', {}],
      ['POST', '/customers/%ZZ/merge', 'customerId', { headers: JSON_TYPE, body: '{"customerId":"c"}' }],
      ['POST', '/chat/sessions/%ZZ/messages', 'sessionId', message],
      ['GET', '/chat/sessions/%ZZ/messages', 'sessionId', {}],
    ] as const) {
      const answer = await call(method, path, init);
      expect(answer, path).toMatchObject({ status: 400, body: { error: { field } } });
    }
    await expectNothingWritten();
  });

  it('answers 400 naming the path parameter for ids far over any key DynamoDB can hold', async () => {
    for (const length of [2_100, 15_000]) {
      const id = 'c'.repeat(length);
      const customer = await call('GET', `/customers/${id}/timeline`);
      expect(customer).toMatchObject({ status: 400, body: { error: { field: 'customerId' } } });
      const merge = await call('POST', `/customers/${id}/merge`, {
        headers: JSON_TYPE,
        body: '{"customerId":"cust_other"}',
      });
      expect(merge).toMatchObject({ status: 400, body: { error: { field: 'customerId' } } });
      const message = await call('POST', `/chat/sessions/${id}/messages`, {
        headers: JSON_TYPE,
        body: '{"text":"hi","clientMessageId":"m1"}',
      });
      expect(message).toMatchObject({ status: 400, body: { error: { field: 'sessionId' } } });
    }
    await expectNothingWritten();
  });

  it('answers 401 on a /local/ route without the dev token, and runs nothing', async () => {
    for (const authorization of [undefined, 'Bearer wrong-token', `Basic ${TOKEN}`, TOKEN]) {
      for (const path of ['/local/queues/ingest/redrive', `${LIVE_MANAGEMENT_PATH}/@connections/c1`]) {
        const response = await fetch(`${base}${path}`, {
          method: 'POST',
          headers: authorization ? { authorization } : {},
          body: '{}',
        });
        expect(response.status, `${authorization} ${path}`).toBe(401);
      }
    }
    expect(redrives).toBe(0);
    expect((await call('POST', '/local/queues/ingest/redrive')).status).toBe(200);
    expect(redrives).toBe(1);
  });

  it('serves the console its config.json without a token', async () => {
    const response = await fetch(`${base}/console/config.json`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ apiUrl: base });
  });

  it("lets the platform's own management client through with the dev token, and no SigV4 signature", async () => {
    const own = new LiveConnections(`${base}${LIVE_MANAGEMENT_PATH}`, localManagementConfig(TOKEN));
    const signed = new LiveConnections(`${base}${LIVE_MANAGEMENT_PATH}`, { ...LOCAL_AWS, maxAttempts: 1 });
    try {
      // Past the gateway, to the management API itself: there is no such connection.
      expect(await own.post('c1', { type: 'changed' })).toEqual({ outcome: 'gone' });
      expect(await signed.post('c1', { type: 'changed' })).toMatchObject({
        outcome: 'failed',
        reason: expect.stringContaining('401'),
      });
    } finally {
      own.destroy();
      signed.destroy();
    }
  });

  it('answers 400 for a malformed connection id on the local management API', async () => {
    const answer = await call('POST', `${LIVE_MANAGEMENT_PATH}/@connections/%ZZ`, { body: '{}' });
    expect(answer).toMatchObject({ status: 400, body: { message: /connectionId/ } });
  });

  it('answers 415 naming content-type for a body not sent as JSON, and parses nothing', async () => {
    const body = '{"name":"Ana","email":"ana@example.com"}';
    for (const type of ['text/plain;charset=UTF-8', 'application/x-www-form-urlencoded', 'text/html']) {
      const answer = await call('POST', '/chat/sessions', { headers: { 'content-type': type }, body });
      expect(answer, type).toMatchObject({
        status: 415,
        body: { error: { code: 'unsupported_media_type', field: 'content-type' } },
      });
    }
    await expectNothingWritten();
  });

  it('answers 400 naming a key the body gives twice', async () => {
    const answer = await call('POST', '/chat/sessions', {
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: '{"name":"Ana","email":"ana@example.com","email":"eve@example.com"}',
    });
    expect(answer).toMatchObject({ status: 400, body: { error: { field: 'email' } } });
    await expectNothingWritten();
  });

  it('still takes a JSON body, with or without charset', async () => {
    for (const type of ['application/json', 'application/json; charset=utf-8']) {
      const answer = await call('POST', '/chat/sessions', {
        headers: { 'content-type': type },
        body: '{"name":"Ana"}',
      });
      expect(answer.status).toBe(201);
    }
  });
});

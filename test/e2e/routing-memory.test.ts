import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type ChildPlatform, startChildPlatform } from '#local/child-platform.ts';

/**
 * What the router knows beyond the work in hand, on `npm start` and across a restart of it:
 * who last served each customer (sticky routing) and how many offers in a row an agent let
 * expire (auto-away).
 */
describe('the running platform remembers what routing depends on', () => {
  const token = 'e2e-routing-memory';
  const dataDir = mkdtempSync(path.join(tmpdir(), 'onethread-routing-'));
  const env = {
    ONETHREAD_DEV_TOKEN: token,
    ONETHREAD_SMTP_PORT: '0',
    ONETHREAD_DATA_DIR: dataDir,
    ONETHREAD_ROUTING_CONFIG: JSON.stringify({ offerSeconds: 2, retrySeconds: 1 }),
  };
  let platform: ChildPlatform | undefined;

  afterAll(async () => {
    await platform?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }, 30_000);

  const call = async (method: string, route: string, body?: unknown) => {
    const response = await fetch(`${platform?.url}${route}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: await response.json() };
  };
  const offersOf = async (agentId: string) =>
    (await call('GET', `/agents/${agentId}/offers`)).body as Array<{ offerId: string; workItemId: string }>;
  const until = async <T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 15_000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await read();
      if (done(value) || Date.now() > deadline) return value;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  const chat = async (name: string, email: string) => {
    const response = await fetch(`${platform?.url}/chat/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name, email, topic: 'anything else' }),
    });
    const session = (await response.json()) as { sessionId: string; token: string };
    return async (clientMessageId: string, text: string) => {
      const sent = await fetch(`${platform?.url}/chat/sessions/${session.sessionId}/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${session.token}` },
        body: JSON.stringify({ text, clientMessageId }),
      });
      expect(sent.status).toBe(202);
    };
  };

  it("sends a customer's follow-up to the agent who just served her, after a restart too", async () => {
    platform = await startChildPlatform(env);
    // Ben has been waiting longest, so Zoe's first chat goes to him.
    expect((await call('PUT', '/agents/agent-ben/status', { status: 'available' })).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect((await call('PUT', '/agents/agent-ana/status', { status: 'available' })).status).toBe(200);
    const zoe = await chat('Zoe', 'zoe@example.com');
    await zoe('z1', 'My parcel never came.');
    const [offer] = await until(
      () => offersOf('agent-ben'),
      (offers) => offers.length > 0,
    );
    expect(offer).toBeDefined();
    expect(await offersOf('agent-ana')).toEqual([]);
    expect((await call('POST', `/offers/${offer?.offerId}/accept`)).status).toBe(200);
    expect((await call('POST', `/work-items/${offer?.workItemId}/complete`, {})).status).toBe(200);
    await until(
      async () => (await call('GET', `/work-items/${offer?.workItemId}`)).body.workItem?.state,
      (state) => state === 'wrapped',
    );

    // A new router process: everything it knows comes from the table.
    expect(await platform.stop()).toBe(0);
    platform = await startChildPlatform(env);
    // Ana has now been free far longer than Ben, who has just finished: only stickiness picks Ben.
    await zoe('z2', 'Sorry, one more thing about that parcel.');
    const [followUp] = await until(
      () => offersOf('agent-ben'),
      (offers) => offers.length > 0,
    );
    expect(followUp?.workItemId).toBeDefined();
    expect(followUp?.workItemId).not.toBe(offer?.workItemId);
    expect(await offersOf('agent-ana')).toEqual([]);
    expect((await call('POST', `/offers/${followUp?.offerId}/accept`)).status).toBe(200);
  }, 120_000);

  it('sets an agent away once they let offer after offer expire', async () => {
    for (const agentId of ['agent-ana', 'agent-ben']) {
      expect((await call('PUT', `/agents/${agentId}/status`, { status: 'offline' })).status).toBe(200);
    }
    expect((await call('PUT', '/agents/agent-chloe/status', { status: 'available' })).status).toBe(200);
    const yan = await chat('Yan', 'yan@example.com');
    await yan('y1', 'Hello?');
    // Offers last two seconds here; after the second one lapses Chloe is away.
    const agent = await until(
      async () => (await call('GET', '/agents/agent-chloe')).body.agent,
      (found) => found?.status === 'away',
      20_000,
    );
    expect(agent).toMatchObject({ status: 'away' });
    expect(await offersOf('agent-chloe')).toEqual([]);
  }, 60_000);
});

import type { Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChildPlatform, startChildPlatform } from '#local/child-platform.ts';
import { type LaunchedChromium, launchChromium } from '../support/chromium.ts';

/**
 * `npm start`'s chat widget hears of the agent's reply over the live socket: from the moment it
 * listens, it reads the session's messages not once, where it used to every two seconds.
 */
describe('npm start: the widget is live', () => {
  const token = 'e2e-live-widget-token';
  const staff = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  let platform: ChildPlatform | undefined;
  let browser: LaunchedChromium | undefined;
  let customer: Page;
  const reads: string[] = [];

  const api = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${platform?.url}${path}`, {
      method,
      headers: staff,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: await response.json().catch(() => ({})) };
  };

  beforeAll(async () => {
    platform = await startChildPlatform({ ONETHREAD_DEV_TOKEN: token, ONETHREAD_SMTP_PORT: '0' }, 120_000);
    browser = await launchChromium(platform.url);
    customer = await browser.context.newPage();
    customer.on('request', (request: Request) => {
      if (
        request.method() === 'GET' &&
        /\/chat\/sessions\/[^/]+\/messages$/.test(new URL(request.url()).pathname)
      )
        reads.push(request.url());
    });
  }, 150_000);

  afterAll(async () => {
    await browser?.close();
    await platform?.stop();
  }, 30_000);

  it('shows the agent’s reply without reading the messages', async () => {
    await customer.goto('/chat/');
    await customer.locator('input[name="name"]').fill('Leonor');
    await customer.getByRole('button', { name: 'Start chat' }).click();
    await customer.locator('#panel[data-connection="live"]').waitFor({ timeout: 30_000 });
    await customer.locator('textarea[name="text"]').fill('Can I change my delivery address?');
    await customer.getByRole('button', { name: 'Send', exact: true }).click();
    // Confirmed (no longer pending) by the session's own frame.
    await customer
      .locator('.msg.inbound:not(.pending)')
      .getByText('Can I change my delivery address?')
      .waitFor({
        timeout: 30_000,
      });
    const session = await customer.evaluate(() => {
      const key = Object.keys(sessionStorage).find(
        (k) => k.startsWith('onethread-chat:') && !k.endsWith(':surveys'),
      );
      return JSON.parse(sessionStorage.getItem(key ?? '') ?? 'null') as { customerId: string };
    });
    let conversationId: string | undefined;
    await expect
      .poll(
        async () => {
          conversationId = (await api('GET', `/customers/${session.customerId}/timeline`)).body.items?.[0]
            ?.conversationId;
          return conversationId;
        },
        { timeout: 30_000 },
      )
      .toEqual(expect.any(String));
    const readsBefore = reads.length;

    const reply = await api('POST', `/conversations/${conversationId}/replies`, {
      channel: 'chat',
      text: 'Yes, until the parcel ships.',
    });
    expect(reply.status).toBe(202);
    await customer
      .locator('.msg.outbound')
      .getByText('Yes, until the parcel ships.')
      .waitFor({ timeout: 30_000 });
    expect(reads.slice(readsBefore)).toEqual([]);
    expect(await customer.locator('#panel').getAttribute('data-connection')).toBe('live');
  }, 120_000);
});

import type { Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChildPlatform, startChildPlatform } from '#local/child-platform.ts';
import { type LaunchedChromium, launchChromium } from '../support/chromium.ts';

/**
 * The customer's side of the queue on `npm start`, in the chat widget: their place and wait
 * while nobody is free, a call back on request, typing both ways, the survey card when the agent
 * completes the chat, the transcript only to a proved address, a closed queue, leaving the line,
 * and the agent's reply heard over the live socket with no read of the messages.
 */
describe('npm start: the customer’s side of the queue, in the widget', () => {
  const token = 'e2e-queue-token';
  const staff = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  let platform: ChildPlatform | undefined;
  let browser: LaunchedChromium | undefined;
  let customer: Page;

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
  }, 150_000);

  afterAll(async () => {
    await browser?.close();
    await platform?.stop();
  }, 30_000);

  async function startChat(name: string, text: string, page = customer) {
    await page.goto('/chat/');
    await page.locator('input[name="name"]').fill(name);
    await page.getByRole('button', { name: 'Start chat' }).click();
    await page.locator('textarea[name="text"]').fill(text);
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await page.getByText(text).waitFor();
  }

  /** The session the widget keeps in the page's sessionStorage. */
  const sessionOf = (page: Page) =>
    page.evaluate(() => {
      const key = Object.keys(sessionStorage).find(
        (k) => k.startsWith('onethread-chat:') && !k.endsWith(':surveys'),
      );
      return JSON.parse(sessionStorage.getItem(key ?? '') ?? 'null') as { customerId: string };
    });

  const queueLine = () => customer.getByRole('status');

  it('shows the waiting visitor their place and wait, and takes a call-back request', async () => {
    await startChat('Rui Costa', 'My parcel never arrived.');
    await queueLine().getByText('You are number 1 in line.').waitFor({ timeout: 15_000 });

    await customer.getByRole('button', { name: 'Call me back instead' }).click();
    await customer.getByLabel('Your phone number').fill('+351 912 345 678');
    await customer.getByRole('button', { name: 'Call me back', exact: true }).click();
    await queueLine()
      .getByText(/We will call you/)
      .waitFor({ timeout: 10_000 });
    expect(await customer.getByRole('button', { name: 'Call me back instead' }).isVisible()).toBe(false);
  }, 60_000);

  it('shows the visitor the agent typing, and tells the agent while the visitor types', async () => {
    const session = await sessionOf(customer);
    const { items } = (await api('GET', `/customers/${session.customerId}/timeline`)).body;
    const path = `/conversations/${items[0].conversationId}/typing`;
    // As an agent typing does, a signal every second or so, until the widget shows it.
    const agentTyping = customer.getByText('Agent is typing…');
    await expect
      .poll(
        async () => {
          expect((await api('POST', path)).status).toBe(202);
          return agentTyping.isVisible();
        },
        { timeout: 15_000, interval: 1_000 },
      )
      .toBe(true);

    // The visitor keeps typing, as a person does: the widget signals at most every few seconds,
    // so a burst right after an earlier one may be folded into it.
    const text = customer.locator('textarea[name="text"]');
    await text.fill('Any news');
    await expect
      .poll(
        async () => {
          await text.pressSequentially('.');
          return (await api('GET', path)).body.customerTypingUntil;
        },
        { timeout: 15_000, interval: 1_000 },
      )
      .toEqual(expect.any(String));
    await text.fill('');
  }, 60_000);

  it('shows the survey card once the agent completes the chat, and counts the answer', async () => {
    expect((await api('PUT', '/agents/agent-ana/status', { status: 'available' })).status).toBe(200);
    let offers: Array<{ offerId: string; workItemId: string }> = [];
    await expect
      .poll(
        async () => {
          offers = (await api('GET', '/agents/agent-ana/offers')).body;
          return offers.length;
        },
        { timeout: 15_000 },
      )
      .toBeGreaterThan(0);
    const [offer] = offers as [(typeof offers)[number]];
    expect((await api('POST', `/offers/${offer.offerId}/accept`)).status).toBe(200);
    await expect
      .poll(async () => (await api('GET', `/work-items/${offer.workItemId}`)).body.workItem?.state, {
        timeout: 10_000,
      })
      .toBe('assigned');
    const item = (await api('GET', `/work-items/${offer.workItemId}`)).body.workItem;
    // The call back is kept on the item, to the number typed, placed when Connect is configured.
    expect(item.callback).toMatchObject({ phone: '+351912345678' });
    expect((await api('POST', `/work-items/${offer.workItemId}/complete`, {})).status).toBe(200);

    const card = customer.getByRole('form', { name: 'How did we do?' });
    await card.waitFor({ timeout: 15_000 });
    await card.getByRole('button', { name: '4', exact: true }).click();
    await card.getByLabel(/Anything to add/).fill('Quick and kind');
    await card.getByRole('button', { name: 'Send', exact: true }).click();
    await card.getByText('Thank you for your answer.').waitFor({ timeout: 10_000 });

    const answered = (await api('GET', `/work-items/${offer.workItemId}`)).body.workItem;
    expect(answered.survey).toMatchObject({ rating: 4, comment: 'Quick and kind', via: 'chat' });
    const { queues } = (await api('GET', '/queues')).body;
    expect(queues.find((q: { queueId: string }) => q.queueId === 'general').csatToday).toEqual({
      count: 1,
      mean: 4,
    });
    expect((await api('PUT', '/agents/agent-ana/status', { status: 'offline' })).status).toBe(200);
  }, 90_000);

  it('sends the transcript only to an address the visitor proved', async () => {
    await customer.getByRole('button', { name: 'End chat' }).click();
    const form = customer.getByRole('form', { name: 'Email me this chat' });
    await form.getByLabel('Email me this chat').fill('rui@example.com');
    await form.getByRole('button', { name: 'Send transcript' }).click();
    await customer
      .getByRole('alert')
      .getByText(/only an address you have confirmed/)
      .waitFor();
  }, 30_000);

  it('tells a visitor writing while the queue is closed when it opens, and lets them leave the line', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const weekly = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'].map((day) => ({
      day,
      open: '09:00',
      close: '17:00',
    }));
    const put = await api('PUT', '/queues/general', {
      name: 'General',
      steps: [{ skills: {} }],
      serviceLevel: { seconds: 60, target: 0.8 },
      hours: { timeZone: 'UTC', weekly, holidays: [{ date: today, name: 'Closing day' }] },
    });
    expect(put.status).toBe(200);

    await startChat('Ana Lima', 'Are you open?');
    await queueLine()
      .getByText(/We are closed now\. We open again .*; your message will be answered then\./)
      .waitFor({
        timeout: 15_000,
      });
    await customer.getByRole('button', { name: 'End chat' }).click();
    await queueLine().getByText('Chat ended. Thank you.').waitFor();
    await expect
      .poll(
        async () => {
          const { queues } = (await api('GET', '/queues')).body;
          return queues.find((q: { queueId: string }) => q.queueId === 'general').abandonedToday;
        },
        { timeout: 15_000 },
      )
      .toBe(1);
  }, 60_000);

  it('shows the agent’s reply heard over the live socket, with no read of the messages', async () => {
    // A page of its own: a session of its own, and only its requests counted.
    const page = await (browser as LaunchedChromium).context.newPage();
    const reads: string[] = [];
    page.on('request', (request: Request) => {
      const { pathname } = new URL(request.url());
      if (request.method() === 'GET' && /^\/chat\/sessions\/[^/]+\/messages$/.test(pathname))
        reads.push(pathname);
    });
    await startChat('Leonor Reis', 'Can I change my delivery address?', page);
    await page.locator('#panel[data-connection="live"]').waitFor({ timeout: 30_000 });
    // Confirmed, no longer pending, by the session's own frame or the read on connecting.
    await page.locator('.msg.inbound:not(.pending)').getByText('Can I change my delivery address?').waitFor({
      timeout: 30_000,
    });
    const { customerId } = await sessionOf(page);
    const conversation = async () =>
      (await api('GET', `/customers/${customerId}/timeline`)).body.items?.[0]?.conversationId as string;
    await expect.poll(conversation, { timeout: 30_000 }).toEqual(expect.any(String));
    const readsBefore = reads.length;

    const text = 'Yes, until the parcel ships.';
    expect(
      (await api('POST', `/conversations/${await conversation()}/replies`, { channel: 'chat', text })).status,
    ).toBe(202);
    await page.locator('.msg.outbound').getByText(text).waitFor({ timeout: 30_000 });
    expect(reads.slice(readsBefore)).toEqual([]);
    expect(await page.locator('#panel').getAttribute('data-connection')).toBe('live');
    await page.close();
  }, 90_000);
});

import { copyFile, mkdir } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_ATTACHMENT_BYTES } from '#core/attachment-types.ts';
import { type ChildPlatform, startChildPlatform } from '#local/child-platform.ts';
import { DEMO_QUEUES } from '#local/demo-data.ts';
import { expectAccessible } from '../support/axe.ts';
import { type LaunchedChromium, launchChromium } from '../support/chromium.ts';

const RESULTS = 'test-results/shift';
/** A whole 1×1 PNG, so the console's preview has an image to show. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);
/** The machine may be busy: every step that waits for the platform gets this long. */
const SETTLE = 30_000;

/**
 * A slice of a shift on `npm start`, in Chromium: two agents and a supervisor at work on the
 * console, a customer in the chat widget. Ana takes a chat, answers with a canned response and
 * passes it on to Ben with a note; Ben completes it with an outcome; the customer rates it;
 * a supervisor hands a waiting chat to an agent who can take it. On the way the customer sends a
 * photo, which Ana sees in the timeline.
 */
describe('a shift on the agent desktop, end to end in Chromium', () => {
  const token = 'shift-e2e-token';
  let platform: ChildPlatform | undefined;
  let browser: LaunchedChromium | undefined;
  let ana: Page;
  let ben: Page;
  let customer: Page;

  beforeAll(async () => {
    platform = await startChildPlatform({ ONETHREAD_DEV_TOKEN: token, ONETHREAD_SMTP_PORT: '0' }, 120_000);
    await mkdir(RESULTS, { recursive: true });
    browser = await launchChromium(platform.url);
    // Each tab keeps its own sign-in, as two agents at two desks would.
    const open = () => (browser as LaunchedChromium).context.newPage();
    ana = await open();
    ben = await open();
    customer = await open();
  }, 150_000);

  afterAll(async () => {
    await browser?.close();
    // Ctrl-C, so the platform stops its emulators; it is killed if it hangs.
    await platform?.stop();
  }, 30_000);

  it('starts from a floor whose general queue asks for an outcome, with a shared canned response', async () => {
    const general = DEMO_QUEUES.find((queue) => queue.queueId === 'general');
    expect(
      await call('PUT', '/queues/general', {
        ...general,
        dispositions: [
          { code: 'resolved', label: 'Resolved' },
          { code: 'follow-up', label: 'Needs a follow-up' },
        ],
        dispositionRequired: true,
      }),
    ).toBe(200);
    expect(
      await call('PUT', '/canned-responses/parcel-reshipped', {
        title: 'Parcel reshipped',
        shortcut: 'reship',
        text: 'Hi {{customer.firstName}}, a new parcel ships today. {{agent.name}}',
        language: 'en',
      }),
    ).toBe(200);
  });

  it('signs Ana in and makes her available', async () => {
    await signIn(ana, 'Ana Lima');
    await ana.getByRole('button', { name: 'Available' }).click();
    await expect.poll(() => statusOf('agent-ana'), { timeout: SETTLE }).toBe('available');
  });

  it('offers Ana the chat, which she answers with a canned response filled in for the customer', async () => {
    await customer.goto('/chat/');
    await customer.locator('input[name="name"]').fill('Dana Ruiz');
    await customer.locator('input[name="email"]').fill('dana@example.com');
    await customer.getByRole('button', { name: 'Start chat' }).click();
    const question = 'My parcel never arrived.';
    await customer.locator('textarea[name="text"]').fill(question);
    await customer.getByRole('button', { name: 'Send', exact: true }).click();

    const offer = ana.getByTestId('offer');
    await offer.waitFor({ timeout: SETTLE });
    await offer.getByRole('button', { name: 'Accept' }).click();
    await ana
      .getByRole('list', { name: 'Customer timeline' })
      .getByText(question)
      .waitFor({ timeout: SETTLE });

    await ana.locator('textarea[aria-label="Reply text"]').fill('/reship');
    await ana.getByRole('button', { name: 'Insert Parcel reshipped' }).click({ timeout: SETTLE });
    const filled = 'Hi Dana, a new parcel ships today. Ana Lima';
    await expect.poll(() => ana.locator('textarea[aria-label="Reply text"]').inputValue()).toBe(filled);
    await ana.screenshot({ path: `${RESULTS}/canned-response.png` });
    await expectAccessible(ana, 'the canned responses in the reply box');
    await ana.getByRole('button', { name: 'Send', exact: true }).click();
    await customer.getByText(filled).waitFor({ timeout: SETTLE });
  }, 120_000);

  it('refuses a file in the widget before any upload, and shows the customer’s PNG to Ana', async () => {
    const grants: string[] = [];
    customer.on('response', async (response) => {
      if (response.request().method() === 'POST' && response.url().endsWith('/attachments')) {
        grants.push(((await response.json()) as { attachmentId: string }).attachmentId);
      }
    });
    const pick = async (file: { name: string; mimeType: string; buffer: Buffer }) => {
      const [chooser] = await Promise.all([
        customer.waitForEvent('filechooser'),
        customer.getByRole('button', { name: 'Attach a file' }).click(),
      ]);
      await chooser.setFiles(file);
    };
    const status = (text: string) => customer.getByRole('status').filter({ hasText: text });

    await pick({
      name: 'invoice.html',
      mimeType: 'text/html',
      buffer: Buffer.from('<script>alert(1)</script>'),
    });
    await status('invoice.html cannot be sent').waitFor({ timeout: SETTLE });
    await pick({ name: 'scan.png', mimeType: 'image/png', buffer: Buffer.alloc(MAX_ATTACHMENT_BYTES + 1) });
    await status('scan.png is larger than 10 MB').waitFor({ timeout: SETTLE });
    expect(grants).toEqual([]);
    expect(await customer.getByRole('list', { name: 'Files to send' }).isHidden()).toBe(true);

    await pick({ name: 'parcel.png', mimeType: 'image/png', buffer: PNG });
    await status('parcel.png is ready to send.').waitFor({ timeout: SETTLE });
    const picked = customer.getByRole('list', { name: 'Files to send' });
    await picked.getByRole('button', { name: 'Remove parcel.png' }).waitFor({ timeout: SETTLE });
    await expectAccessible(customer, 'the widget with a file picked');
    await customer.locator('textarea[name="text"]').fill('This is what arrived.');
    await customer.getByRole('button', { name: 'Send', exact: true }).click();
    await picked.waitFor({ state: 'hidden', timeout: SETTLE });

    await ana
      .getByRole('list', { name: 'Customer timeline' })
      .getByRole('img', { name: 'parcel.png' })
      .waitFor({ timeout: SETTLE });
    expect(grants).toHaveLength(1);
    const read = await fetch(`${platform?.url}/attachments/${grants[0]}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(read.status).toBe(200);
    expect(read.headers.get('content-type')).toBe('image/png');
    expect(read.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Buffer.from(await read.arrayBuffer()).equals(PNG)).toBe(true);
  }, 120_000);

  it('lets Ana pass the chat to Ben with a note, which Ben reads when he takes it', async () => {
    await signIn(ben, 'Ben Okafor');
    await ben.getByRole('button', { name: 'Available' }).click();
    await expect.poll(() => statusOf('agent-ben'), { timeout: SETTLE }).toBe('available');

    await ana.getByRole('button', { name: 'Transfer…' }).click();
    await choose(ana, 'Transfer to', /Ben Okafor/);
    const note = 'Wants it reshipped to her office; address already checked';
    await ana.getByLabel('Note for the next agent').fill(note);
    await ana.screenshot({ path: `${RESULTS}/transfer.png` });
    await expectAccessible(ana, 'the transfer dialog');
    await ana.getByRole('button', { name: 'Transfer', exact: true }).click();

    const offer = ben.getByTestId('offer');
    await offer.waitFor({ timeout: SETTLE });
    await offer.getByRole('button', { name: 'Accept' }).click();
    await ben.getByText(note).waitFor({ timeout: SETTLE });
    await ana.getByText('No work in hand.').waitFor({ timeout: SETTLE });
  }, 120_000);

  it('has Ben complete the chat with an outcome, which the customer then rates', async () => {
    await ben.getByRole('button', { name: 'Complete…' }).click();
    // The queue asks for an outcome: nothing closes without one.
    await ben.getByText('This queue asks for one.').waitFor({ timeout: SETTLE });
    expect(await ben.getByRole('button', { name: 'Complete', exact: true }).isDisabled()).toBe(true);
    await choose(ben, 'Outcome', /Resolved/);
    await ben.getByLabel('Wrap-up note').fill('Reshipped to the office address.');
    await ben.screenshot({ path: `${RESULTS}/complete.png` });
    await expectAccessible(ben, 'the completion dialog with outcomes');
    await ben.getByRole('button', { name: 'Complete', exact: true }).click();
    await ben.getByText('No work in hand.').waitFor({ timeout: SETTLE });

    const survey = customer.getByRole('form', { name: 'How did we do?' });
    await survey.waitFor({ timeout: SETTLE });
    await survey.getByRole('button', { name: '5', exact: true }).click();
    await survey.getByRole('button', { name: 'Send', exact: true }).click();
    await expect
      .poll(async () => (await queue('general'))?.csatToday, { timeout: SETTLE })
      .toEqual({ count: 1, mean: 5 });
  }, 120_000);

  it('lets a supervisor hand a chat waiting for a sales expert to Ben', async () => {
    // Nobody on shift has the sales skill: the chat waits in its first step.
    const session = await fetch(`${platform?.url}/chat/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Eli Moss', email: 'eli@example.com', topic: 'sales' }),
    });
    expect(session.status).toBe(201);
    const { sessionId, token: chatToken } = (await session.json()) as { sessionId: string; token: string };
    const sent = await fetch(`${platform?.url}/chat/sessions/${sessionId}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${chatToken}` },
      body: JSON.stringify({ text: 'Do you ship to Norway?', clientMessageId: 'm1' }),
    });
    expect(sent.status).toBe(202);

    await ana.goto('/console/#/supervisor');
    await ana.getByLabel('Show what waits in Sales').first().check({ timeout: SETTLE });
    const reassign = ana.getByRole('button', { name: /^Reassign / });
    await reassign.first().waitFor({ timeout: SETTLE });
    await ana.screenshot({ path: `${RESULTS}/waiting-list.png` });
    await expectAccessible(ana, "a queue's waiting list");
    await reassign.first().click();
    await choose(ana, 'Reassign to', /Ben Okafor/);
    await ana.getByRole('button', { name: 'Reassign', exact: true }).click();

    const offer = ben.getByTestId('offer');
    await offer.waitFor({ timeout: SETTLE });
    expect(await offer.textContent()).toMatch(/Chat/);
    if (process.env.ONETHREAD_UPDATE_SCREENSHOTS === '1') {
      for (const name of ['canned-response', 'transfer', 'complete', 'waiting-list']) {
        await copyFile(`${RESULTS}/${name}.png`, `docs/images/shift-${name}.png`);
      }
    }
  }, 120_000);

  async function signIn(page: Page, agentName: string): Promise<void> {
    await page.goto('/console/');
    await page.getByLabel('Agent token').fill(token);
    if (agentName !== 'Ana Lima') await choose(page, 'Agent', new RegExp(agentName));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: new RegExp(agentName) }).waitFor({ timeout: SETTLE });
  }

  /** Picks an option of a select, again if a list still loading moved it under the pointer. */
  async function choose(page: Page, label: string, option: RegExp): Promise<void> {
    const trigger = page.getByLabel(label, { exact: true }).first();
    for (let attempt = 0; attempt < 3; attempt++) {
      await trigger.click();
      const wanted = page.getByRole('option', { name: option }).first();
      await wanted.waitFor({ timeout: SETTLE });
      await wanted.click();
      if (option.test((await trigger.textContent()) ?? '')) return;
    }
    throw new Error(`${label}: could not pick ${option}`);
  }

  async function call(method: string, path: string, body: unknown): Promise<number> {
    const response = await fetch(`${platform?.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!response.ok) console.error(method, path, response.status, await response.text());
    return response.status;
  }

  async function statusOf(agentId: string): Promise<string> {
    const response = await fetch(`${platform?.url}/agents/${agentId}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    return ((await response.json()) as { agent: { status: string } }).agent.status;
  }

  async function queue(queueId: string): Promise<{ csatToday?: unknown } | undefined> {
    const response = await fetch(`${platform?.url}/queues`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const { queues } = (await response.json()) as { queues: { queueId: string; csatToday?: unknown }[] };
    return queues.find((candidate) => candidate.queueId === queueId);
  }
});

import { copyFile, mkdir } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChildPlatform, startChildPlatform } from '#local/child-platform.ts';
import { expectAccessible } from '../support/axe.ts';
import { type LaunchedChromium, launchChromium } from '../support/chromium.ts';

const RESULTS = 'test-results/console';

describe('agent console, end to end in Chromium', () => {
  const token = 'console-e2e-token';
  let platform: ChildPlatform | undefined;
  let browser: LaunchedChromium | undefined;
  let agent: Page;
  let customer: Page;

  beforeAll(async () => {
    platform = await startChildPlatform({ ONETHREAD_DEV_TOKEN: token, ONETHREAD_SMTP_PORT: '0' }, 120_000);
    await mkdir(RESULTS, { recursive: true });
    browser = await launchChromium(platform.url);
    agent = await browser.context.newPage();
    customer = await browser.context.newPage();
  }, 150_000);

  afterAll(async () => {
    await browser?.close();
    // Ctrl-C, so the platform stops its emulators; it is killed if it hangs.
    await platform?.stop();
  }, 30_000);

  it('signs the agent in with the dev token and a seeded agent, and goes available', async () => {
    await agent.goto('/console/');
    await agent.getByLabel('Agent token').fill('not-the-token');
    await agent.getByRole('button', { name: 'Sign in' }).click();
    await agent.getByText('That token was not accepted').waitFor();
    await agent.screenshot({ path: `${RESULTS}/sign-in.png` });
    await expectAccessible(agent, 'the sign-in');

    await agent.getByLabel('Agent token').fill(token);
    await agent.getByRole('button', { name: 'Sign in' }).click();
    await agent.getByRole('heading', { name: /Ana Lima/ }).waitFor();
    await agent.getByRole('button', { name: 'Available' }).click();
    await expect.poll(() => agentStatus(), { timeout: 10_000 }).toBe('available');
    await expectAccessible(agent, 'the agent workspace');
  });

  it('offers the customer’s chat with a countdown, and shows it on the timeline once accepted', async () => {
    // `/chat/`: the page loads its widget script relative to the folder.
    await customer.goto('/chat/');
    await customer.locator('input[name="name"]').fill('Dana Ruiz');
    await customer.locator('input[name="email"]').fill('dana@example.com');
    await customer.getByRole('button', { name: 'Start chat' }).click();
    const message = 'Hi, my parcel never arrived. Can you help?';
    await customer.locator('textarea[name="text"]').fill(message);
    await customer.getByRole('button', { name: 'Send', exact: true }).click();
    await customer.getByText(message).waitFor();

    const offer = agent.getByTestId('offer');
    await offer.waitFor({ timeout: 20_000 });
    expect(await offer.textContent()).toMatch(/Chat · general queue/);
    expect(await offer.textContent()).toMatch(/left to answer/);
    await agent.screenshot({ path: `${RESULTS}/agent-offer.png` });
    await expectAccessible(agent, 'an offer');

    await offer.getByRole('button', { name: 'Accept' }).click();
    const timeline = agent.getByRole('list', { name: 'Customer timeline' });
    await timeline.getByText(message).waitFor({ timeout: 15_000 });
    // The email Dana typed is a claim, shown as one; the chat session is what she proved.
    await agent
      .getByRole('list', { name: 'Claims' })
      .getByText(/dana@example\.com/)
      .waitFor();
    expect(await timeline.locator('[data-channel="chat"][data-direction="inbound"]').count()).toBe(1);
    await agent.screenshot({ path: `${RESULTS}/agent-conversation.png` });

    const reply = 'Thanks Dana, a new parcel ships today.';
    await agent.locator('textarea[aria-label="Reply text"]').fill(reply);
    await agent.getByRole('button', { name: 'Send', exact: true }).click();
    await customer.getByText(reply).waitFor({ timeout: 15_000 });
    await timeline.getByText(reply).waitFor({ timeout: 15_000 });
    // The outcome shows in the page's notifications.
    await agent.getByRole('region', { name: 'Outcomes' }).getByText('Sent on Chat.').waitFor();
    await expectAccessible(agent, 'a conversation');
  }, 90_000);

  it('shows every queue and agent to the supervisor', async () => {
    await agent.goto('/console/#/supervisor');
    const queues = agent.getByRole('table').first();
    await queues.getByText('General').waitFor();
    await queues.getByText('Billing').waitFor();
    await agent.getByText('Ben Okafor (agent-ben)').waitFor();
    await agent.screenshot({ path: `${RESULTS}/supervisor.png` });
    await expectAccessible(agent, 'the supervisor view');
  });

  it('leaves no serious accessibility problem on the history, search and screen-pop views', async () => {
    await agent.goto('/console/#/history');
    await agent.getByRole('table', { name: 'Queues' }).waitFor();
    await expectAccessible(agent, 'history');

    await agent.goto('/console/#/customers');
    await agent.getByLabel('Search customers').fill('Dana');
    await agent
      .getByRole('table', { name: 'Customers found' })
      .getByText('Dana Ruiz')
      .waitFor({ timeout: 10_000 });
    await expectAccessible(agent, 'customer search');

    await agent.goto('/console/#/screen-pop');
    await agent.getByLabel('Phone number').waitFor();
    await expectAccessible(agent, 'the screen pop');
  }, 60_000);

  it('keeps the work in hand across a reload, and merges another record of the customer', async () => {
    await agent.goto('/console/#/agent');
    await agent.reload();
    await agent
      .getByRole('table', { name: 'Active work' })
      .getByText('Dana Ruiz')
      .waitFor({ timeout: 10_000 });

    // Dana also wrote once from her work address: a second record, until the agent merges it.
    const created = await fetch(`${platform?.url}/chat/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Dana R.', email: 'dana.ruiz@work.example' }),
    });
    expect(created.status).toBe(201);
    const other = (await created.json()) as { sessionId: string };
    await agent.getByRole('button', { name: 'Merge…' }).click();
    // A typed email finds nobody: the agent looks the record up by what it proved, its chat session.
    await agent.getByLabel('Identity kind').first().click();
    await agent.getByRole('option', { name: 'Chat session' }).click();
    const identity = agent.getByLabel('Chat session of the other record');
    await identity.fill(other.sessionId);
    await identity.press('Enter');
    await agent.getByRole('list', { name: 'Identities of the record found' }).waitFor();
    await expectAccessible(agent, 'the merge dialog');
    await agent.getByPlaceholder('Told us on the phone').fill('Same person, said so in the chat');
    await agent.getByRole('button', { name: 'Merge', exact: true }).click();
    await agent.getByRole('list', { name: 'Identities' }).getByText(other.sessionId).waitFor();
    await agent
      .getByRole('list', { name: 'Customer timeline' })
      .getByText(/by agent .*: Same person, said so in the chat/)
      .waitFor({ timeout: 10_000 });
  }, 60_000);

  it('completes the work with a wrap-up note', async () => {
    await agent.goto('/console/#/agent');
    await agent.getByRole('button', { name: 'Complete…' }).click();
    await agent.getByLabel('Wrap-up note').fill('Reshipped the parcel.');
    await expectAccessible(agent, 'the complete dialog');
    await agent.getByRole('button', { name: 'Complete', exact: true }).click();
    await agent.getByText('No work in hand.').waitFor({ timeout: 10_000 });

    if (process.env.ONETHREAD_UPDATE_SCREENSHOTS === '1') {
      for (const name of ['agent-offer', 'agent-conversation', 'supervisor']) {
        await copyFile(`${RESULTS}/${name}.png`, `docs/images/console-${name}.png`);
      }
    }
  }, 60_000);

  async function agentStatus(): Promise<string> {
    const response = await fetch(`${platform?.url}/agents/agent-ana`, {
      headers: { authorization: `Bearer ${token}` },
    });
    return ((await response.json()) as { agent: { status: string } }).agent.status;
  }
});

import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChildPlatform, startChildPlatform } from '#local/child-platform.ts';

/** Debian's Chromium (`apt-get install -y chromium`); nothing is downloaded. */
const CHROMIUM = process.env.ONETHREAD_CHROMIUM ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const RESULTS = 'test-results/console';
const haveChromium = existsSync(CHROMIUM);
const skip = !haveChromium && process.env.ONETHREAD_SKIP_BROWSER === '1';
if (skip) console.warn(`console e2e skipped: no Chromium at ${CHROMIUM} and ONETHREAD_SKIP_BROWSER=1`);

describe.skipIf(skip)('agent console, end to end in Chromium', () => {
  const token = 'console-e2e-token';
  let platform: ChildPlatform | undefined;
  let context: BrowserContext | undefined;
  let profile: string | undefined;
  let agent: Page;
  let customer: Page;

  beforeAll(async () => {
    if (!haveChromium) {
      throw new Error(
        `Chromium not found at ${CHROMIUM}: install it (apt-get install -y chromium) or set ONETHREAD_SKIP_BROWSER=1 to skip`,
      );
    }
    platform = await startChildPlatform({ ONETHREAD_DEV_TOKEN: token, ONETHREAD_SMTP_PORT: '0' }, 120_000);
    profile = await mkdtemp(join(tmpdir(), 'onethread-chromium-'));
    await mkdir(RESULTS, { recursive: true });
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 1280, height: 800 },
      baseURL: platform.url,
    });
    agent = await context.newPage();
    customer = await context.newPage();
  }, 150_000);

  afterAll(async () => {
    await context?.close().catch(() => undefined);
    if (profile) await rm(profile, { recursive: true, force: true });
    // Ctrl-C, so the platform stops its emulators; SIGKILL only if it hangs.
    const running = platform;
    if (running && running.child.exitCode === null) {
      const hung = setTimeout(() => running.child.kill('SIGKILL'), 15_000);
      await running.stop();
      clearTimeout(hung);
    }
  }, 30_000);

  it('signs the agent in with the dev token and a seeded agent, and goes available', async () => {
    await agent.goto('/console/');
    await agent.getByLabel('Agent token').fill('not-the-token');
    await agent.getByRole('button', { name: 'Sign in' }).click();
    await agent.getByText('That token was not accepted').waitFor();
    await agent.screenshot({ path: `${RESULTS}/sign-in.png` });

    await agent.getByLabel('Agent token').fill(token);
    await agent.getByRole('button', { name: 'Sign in' }).click();
    await agent.getByRole('heading', { name: /Ana Lima/ }).waitFor();
    await agent.getByRole('button', { name: 'Available' }).click();
    await expect.poll(() => agentStatus(), { timeout: 10_000 }).toBe('available');
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

    await offer.getByRole('button', { name: 'Accept' }).click();
    const timeline = agent.getByRole('list', { name: 'Customer timeline' });
    await timeline.getByText(message).waitFor({ timeout: 15_000 });
    await agent.getByRole('list', { name: 'Identities' }).getByText('dana@example.com').waitFor();
    expect(await timeline.locator('[data-channel="chat"][data-direction="inbound"]').count()).toBe(1);
    await agent.screenshot({ path: `${RESULTS}/agent-conversation.png` });

    const reply = 'Thanks Dana, a new parcel ships today.';
    await agent.locator('textarea[aria-label="Reply text"]').fill(reply);
    await agent.getByRole('button', { name: 'Send', exact: true }).click();
    await customer.getByText(reply).waitFor({ timeout: 15_000 });
    await timeline.getByText(reply).waitFor({ timeout: 15_000 });
  }, 90_000);

  it('shows every queue and agent to the supervisor', async () => {
    await agent.goto('/console/#/supervisor');
    const queues = agent.getByRole('table').first();
    await queues.getByText('General').waitFor();
    await queues.getByText('Billing').waitFor();
    await agent.getByText('Ben Okafor (agent-ben)').waitFor();
    await agent.screenshot({ path: `${RESULTS}/supervisor.png` });
  });

  it('completes the work with a wrap-up note', async () => {
    await agent.goto('/console/#/agent');
    await agent.getByRole('button', { name: 'Complete…' }).click();
    await agent.getByLabel('Wrap-up note').fill('Reshipped the parcel.');
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

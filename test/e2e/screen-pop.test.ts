import { copyFile, mkdir } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simulatedCall } from '#channels/connect/simulate.ts';
import { type ChildPlatform, startChildPlatform } from '#local/child-platform.ts';
import { playCall } from '#local/connect-call.ts';
import { expectAccessible } from '../support/axe.ts';
import { type LaunchedChromium, launchChromium } from '../support/chromium.ts';
import { IDENTITY_TOKEN_ENV, signedIdentity } from '../support/identity-token.ts';

const RESULTS = 'test-results/console';

const CALLER = '+14155550123';
const CHAT_MESSAGE = 'My invoice shows two charges for May.';
/** Stands in for the Connect instance: never reached, every request to it is answered here. */
const INSTANCE_URL = 'https://onethread-test.my.connect.aws';

/** An agent desktop that frames the screen pop and tells it about contacts, as a host page would. */
const AGENT_DESKTOP = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Agent desktop</title>
<style>body { margin: 0 } iframe { border: 0; width: 100vw; height: 100vh }</style></head>
<body><iframe title="OneThread screen pop" src="/console/#/screen-pop"></iframe></body></html>`;

/**
 * A stand-in for the Amazon Connect agent workspace: it frames the screen pop as a third-party
 * app and speaks the part of the workspace's app protocol the page uses. The app's SDK sends
 * `connect-app-host-init` with a MessagePort; over that port the host acknowledges, answers
 * requests (`contact/listContacts`, `contact/getAttributes`, `contact/getQueue`,
 * `voice/getInitialCustomerPhoneNumber`) and publishes
 * contact events on the topics the app subscribed to. `window.workspace` lets the test play it.
 */
const AGENT_WORKSPACE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Agent workspace</title>
<style>body { margin: 0 } iframe { border: 0; width: 100vw; height: 100vh }</style></head>
<body><iframe title="OneThread screen pop" src="/console/?host=workspace#/screen-pop"></iframe>
<script>
const workspace = (window.workspace = { topics: [], requests: [], attributes: {}, port: undefined });
const answers = {
  'contact/listContacts': () => [],
  'contact/getAttributes': ({ contactId }) => workspace.attributes[contactId] ?? {},
  'contact/getQueue': () => ({ name: 'BillingQueue', queueARN: 'arn:aws:connect:queue/billing', queueId: 'billing' }),
  'voice/getInitialCustomerPhoneNumber': () => ({ phoneNumber: '${CALLER}' }),
};
workspace.publish = (key, data) => {
  for (const topic of workspace.topics.filter((t) => t.key === key)) workspace.port.postMessage({ type: 'publish', topic, data });
};
window.addEventListener('message', (event) => {
  if (event.data?.type !== 'connect-app-host-init' || event.source !== document.querySelector('iframe').contentWindow) return;
  const port = (workspace.port = event.ports[0]);
  port.onmessage = ({ data }) => {
    if (data.type === 'subscribe') workspace.topics.push(data.topic);
    if (data.type !== 'request') return;
    workspace.requests.push(data.command);
    const answer = answers[data.command];
    port.postMessage({ type: 'response', requestId: data.requestId, namespace: data.namespace, command: data.command,
      isError: !answer, data: answer ? answer(data.data ?? {}) : undefined });
  };
  port.postMessage({ type: 'acknowledge', connectionId: 'workspace-stand-in', status: { initialized: true }, healthCheckInterval: 0 });
});
</script></body></html>`;

describe('screen pop, end to end in Chromium', () => {
  const token = 'screen-pop-e2e-token';
  let platform: ChildPlatform | undefined;
  let browser: LaunchedChromium | undefined;
  let agent: Page;
  let customerId: string;
  const streamsRequests: string[] = [];

  beforeAll(async () => {
    platform = await startChildPlatform(
      { ONETHREAD_DEV_TOKEN: token, ONETHREAD_SMTP_PORT: '0', ...IDENTITY_TOKEN_ENV },
      120_000,
    );
    const base = platform.url;

    // The signed-in customer chats (the company vouches for their number), then calls in from it.
    const session = (await post(`${base}/chat/sessions`, {
      name: 'Maya Chen',
      identityToken: await signedIdentity({ sub: 'maya-chen', phone: CALLER }),
      topic: 'billing',
    })) as { sessionId: string; token: string; customerId: string };
    customerId = session.customerId;
    await post(
      `${base}/chat/sessions/${session.sessionId}/messages`,
      { text: CHAT_MESSAGE, clientMessageId: 'm1' },
      session.token,
    );
    await playCall({ url: base, devToken: token }, { from: CALLER, queue: 'billing', durationSeconds: 95 });

    await mkdir(RESULTS, { recursive: true });
    browser = await launchChromium(base);
    const { context } = browser;
    // The Connect instance of the last test: its CCP, and the sign-in window Streams may open.
    await context.route(`${INSTANCE_URL}/**`, (route) =>
      route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>CCP stand-in</title>' }),
    );
    agent = await context.newPage();
    agent.on('request', (request) => {
      if (request.url().includes('connect-streams')) streamsRequests.push(request.url());
    });
    await agent.route(`${base}/agent-desktop.html`, (route) =>
      route.fulfill({ contentType: 'text/html', body: AGENT_DESKTOP }),
    );
    await agent.route(`${base}/agent-workspace.html`, (route) =>
      route.fulfill({ contentType: 'text/html', body: AGENT_WORKSPACE }),
    );

    await agent.goto('/console/');
    await agent.getByLabel('Agent token').fill(token);
    await agent.getByRole('button', { name: 'Sign in' }).click();
    await agent.getByRole('heading', { name: /Ana Lima/ }).waitFor();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await platform?.stop();
  }, 30_000);

  it('shows the customer card and the unified timeline for a phone number', async () => {
    // A plain `+`, as a link from another tool would carry it.
    await agent.goto(`/console/#/screen-pop?phone=${CALLER}`);
    await agent.getByRole('heading', { name: 'Screen pop' }).waitFor();
    const identities = agent.getByRole('list', { name: 'Identities' });
    await identities.getByText(CALLER).waitFor({ timeout: 10_000 });
    await agent.getByText('Maya Chen').first().waitFor();
    const timeline = agent.getByRole('list', { name: 'Customer timeline' });
    await timeline.getByText(CHAT_MESSAGE).waitFor();
    // The call is on the same timeline once its contact events are ingested.
    await timeline.locator('[data-channel="voice"]').first().waitFor({ timeout: 15_000 });
    await agent.screenshot({ path: `${RESULTS}/screen-pop-phone.png` });
    await expectAccessible(agent, 'the screen pop of a caller');

    // Nothing from Connect without an instance URL: Streams is not even downloaded.
    expect(streamsRequests).toEqual([]);
  }, 60_000);

  it('says so for a number nobody has, instead of failing', async () => {
    await agent.getByLabel('Phone number').fill('+14155550999');
    await agent.getByRole('button', { name: 'Look up' }).click();
    await agent.getByText('New caller').waitFor({ timeout: 10_000 });
    expect(await agent.getByRole('list', { name: 'Customer timeline' }).count()).toBe(0);
    expect(agent.url()).toContain('#/screen-pop?phone=%2B14155550999');
  });

  it('pops the caller’s timeline when the framing agent desktop reports an incoming contact', async () => {
    // What Connect does before offering the contact: the flow's lookup, copied into attributes.
    const call = simulatedCall({ from: CALLER, queue: 'billing', contactId: 'contact-incoming-1' });
    const answer = (await post(
      `${platform?.url}/local/connect/contact-flow`,
      call.flowEvent,
      token,
    )) as Record<string, string>;
    expect(answer.customerId).toBe(customerId);

    await agent.goto('/agent-desktop.html');
    const pop = agent.frameLocator('iframe[title="OneThread screen pop"]');
    await pop.getByText('Waiting for a contact').waitFor({ timeout: 10_000 });
    expect(await pop.getByRole('list', { name: 'Customer timeline' }).count()).toBe(0);

    await postContact({
      contactId: call.contactId,
      phase: 'incoming',
      channel: 'voice',
      callerNumber: CALLER,
      queue: 'BillingQueue',
      attributes: {
        onethreadCustomerId: answer.customerId ?? '',
        onethreadConversationId: answer.openConversationId ?? '',
      },
    });
    const current = pop.getByRole('region', { name: 'Current contact' });
    await current.getByText(`Call from ${CALLER}`).waitFor({ timeout: 10_000 });
    await current.getByText('Incoming', { exact: true }).waitFor();
    await current.getByText(answer.openConversationId ?? 'missing').waitFor();
    await pop.getByRole('list', { name: 'Customer timeline' }).getByText(CHAT_MESSAGE).waitFor();
    await pop.getByRole('list', { name: 'Identities' }).getByText(CALLER).waitFor();

    await postContact({
      contactId: call.contactId,
      phase: 'connected',
      channel: 'voice',
      callerNumber: CALLER,
    });
    await current.getByText('Connected', { exact: true }).waitFor({ timeout: 5_000 });
    // A host may post only what changed: the rest of the contact stays.
    await current.getByText(answer.openConversationId ?? 'missing').waitFor();
    await pop.getByRole('list', { name: 'Customer timeline' }).getByText(CHAT_MESSAGE).waitFor();
    await agent.screenshot({ path: `${RESULTS}/screen-pop.png` });

    // Another page's message is not a contact: only the parent frame is listened to.
    await pop.locator('body').evaluate(() =>
      window.postMessage(
        {
          type: 'onethread:contact',
          contact: { contactId: 'forged', phase: 'incoming', callerNumber: '+14155550999' },
        },
        window.location.origin,
      ),
    );
    await new Promise((done) => setTimeout(done, 500));
    expect(await pop.getByText('New caller').count()).toBe(0);
    expect(streamsRequests).toEqual([]);

    if (process.env.ONETHREAD_UPDATE_SCREENSHOTS === '1') {
      await copyFile(`${RESULTS}/screen-pop.png`, 'docs/images/console-screen-pop.png');
    }
  }, 60_000);

  it('pops the caller as an agent-workspace app, from the workspace’s contact events', async () => {
    const call = simulatedCall({ from: CALLER, queue: 'billing', contactId: 'contact-workspace-1' });
    const answer = (await post(
      `${platform?.url}/local/connect/contact-flow`,
      call.flowEvent,
      token,
    )) as Record<string, string>;
    const workspaceRequests: string[] = [];
    agent.on('request', (request) => {
      if (request.url().includes('workspace-sdk')) workspaceRequests.push(request.url());
    });

    await agent.goto('/agent-workspace.html');
    const pop = agent.frameLocator('iframe[title="OneThread screen pop"]');
    await pop.getByText('Waiting for a contact').waitFor({ timeout: 10_000 });
    // The app subscribed to the contact lifecycle and asked which contacts the agent has.
    await expect
      .poll(() => agent.evaluate(() => (window as unknown as WorkspaceStandIn).workspace.topics.length), {
        timeout: 10_000,
      })
      .toBeGreaterThanOrEqual(6);
    expect(workspaceRequests.length).toBeGreaterThan(0);
    expect(await agent.evaluate(() => (window as unknown as WorkspaceStandIn).workspace.requests)).toContain(
      'contact/listContacts',
    );

    await agent.evaluate(
      ({ contactId, attributes }) => {
        const { workspace } = window as unknown as WorkspaceStandIn;
        workspace.attributes[contactId] = attributes;
        workspace.publish('contact/incoming', { contactId, type: 'voice', subtype: 'connect:Telephony' });
      },
      {
        contactId: call.contactId,
        attributes: {
          onethreadCustomerId: answer.customerId ?? '',
          onethreadConversationId: answer.openConversationId ?? '',
        },
      },
    );
    const current = pop.getByRole('region', { name: 'Current contact' });
    await current.getByText('Incoming', { exact: true }).waitFor({ timeout: 10_000 });
    await current.getByText('BillingQueue').waitFor();
    await current.getByText(`Call from ${CALLER}`).waitFor();
    await current.getByText(answer.openConversationId ?? 'missing').waitFor();
    await pop.getByRole('list', { name: 'Customer timeline' }).getByText(CHAT_MESSAGE).waitFor();
    await pop.getByRole('list', { name: 'Identities' }).getByText(CALLER).waitFor();

    await agent.evaluate((contactId) => {
      const { workspace } = window as unknown as WorkspaceStandIn;
      workspace.publish('contact/connected', { contactId, type: 'voice', subtype: 'connect:Telephony' });
    }, call.contactId);
    await current.getByText('Connected', { exact: true }).waitFor({ timeout: 5_000 });
    await agent.evaluate((contactId) => {
      const { workspace } = window as unknown as WorkspaceStandIn;
      workspace.publish('contact/acw', { contactId, type: 'voice', subtype: 'connect:Telephony' });
    }, call.contactId);
    await current.getByText('Ended', { exact: true }).waitFor({ timeout: 5_000 });
    await agent.screenshot({ path: `${RESULTS}/screen-pop-workspace.png` });
    // The workspace holds the only CCP: the page embeds none, and never loads Streams.
    expect(await pop.getByTitle('Amazon Connect Contact Control Panel').count()).toBe(0);
    expect(streamsRequests).toEqual([]);
  }, 60_000);

  it('loads Streams and embeds the Contact Control Panel only when an instance URL is configured', async () => {
    // The stack writes `connectInstanceUrl` into config.json; here the page is told so directly.
    await agent.route('**/console/config.json', (route) =>
      route.fulfill({ json: { apiUrl: '', connectInstanceUrl: INSTANCE_URL } }),
    );
    await agent.goto('/console/#/screen-pop');
    const ccp = agent.getByTitle('Amazon Connect Contact Control Panel');
    await ccp.waitFor({ timeout: 15_000 });
    expect(await ccp.getAttribute('src')).toMatch(new RegExp(`^${INSTANCE_URL}/ccp-v2/`));
    expect(streamsRequests.length).toBeGreaterThan(0);
    await agent.getByText('Waiting for a contact').waitFor();
    await agent.screenshot({ path: `${RESULTS}/screen-pop-ccp.png` });

    // Streams starts once per page: away and back, the same frame is hidden and shown again.
    await agent.getByRole('link', { name: 'Queues (supervisor)' }).click();
    await ccp.waitFor({ state: 'hidden' });
    await agent.getByRole('link', { name: 'Screen pop' }).click();
    await ccp.waitFor({ state: 'visible' });
    expect(await agent.locator('iframe').count()).toBe(1);
    await agent.unroute('**/console/config.json');
  }, 60_000);

  async function postContact(contact: Record<string, unknown>): Promise<void> {
    await agent.evaluate(
      (message) => {
        const frame = document.querySelector('iframe');
        frame?.contentWindow?.postMessage(message, window.location.origin);
      },
      { type: 'onethread:contact', contact },
    );
  }
});

interface WorkspaceStandIn {
  workspace: {
    topics: unknown[];
    requests: string[];
    attributes: Record<string, Record<string, string>>;
    publish(key: string, data: unknown): void;
  };
}

async function post(url: string, body: unknown, bearer?: string): Promise<unknown> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${url} answered ${response.status}: ${text}`);
  return text ? JSON.parse(text) : undefined;
}

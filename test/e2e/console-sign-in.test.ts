import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSOLE_DIST, ensureConsoleBuilt } from '#local/console-build.ts';
import { createGateway } from '#local/gateway.ts';
import { expectAccessible } from '../support/axe.ts';
import { type LaunchedChromium, launchChromium } from '../support/chromium.ts';
import { type StandInHostedUi, startHostedUi } from '../support/hosted-ui.ts';

const RESULTS = 'test-results/console';

interface ApiCall {
  method: string;
  path: string;
  authorization: string | undefined;
}

const ANA = { agentId: 'agent-ana', name: 'Ana Lima', skills: { billing: 4 }, capacity: { chat: 2 } };

/**
 * Stands in for the HTTP API on AWS: another origin, CORS for the console's origin only, and a
 * JWT authorizer that lets through only the ID tokens the Hosted UI issued.
 */
async function startApi(consoleOrigin: string, hostedUi: () => StandInHostedUi) {
  const calls: ApiCall[] = [];
  const cors = {
    'access-control-allow-origin': consoleOrigin,
    'access-control-allow-headers': 'content-type,authorization',
    'access-control-allow-methods': 'GET,POST,PUT,OPTIONS',
  };
  const server = createServer((request, response) => {
    const path = request.url ?? '/';
    if (request.method === 'OPTIONS') {
      response.writeHead(204, cors);
      return response.end();
    }
    calls.push({ method: request.method ?? 'GET', path, authorization: request.headers.authorization });
    const send = (status: number, body: unknown) => {
      response.writeHead(status, { ...cors, 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    };
    const bearer = /^Bearer (\S+)$/.exec(request.headers.authorization ?? '')?.[1];
    if (!bearer || !hostedUi().idTokens.includes(bearer)) return send(401, { message: 'Unauthorized' });
    if (path === '/agents/agent-ana') return send(200, { agent: { ...ANA, status: 'offline', load: {} } });
    if (path === '/agents/agent-ana/offers') return send(200, []);
    if (path === '/agents/agent-ana/work-items') return send(200, { workItems: [] });
    if (path === '/queues') return send(200, { queues: [] });
    if (path === '/agents') return send(200, { agents: [{ ...ANA, status: 'offline', load: {} }] });
    send(404, { message: 'Not Found' });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, calls };
}

const listen = async (server: Server) => {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
};
const close = (server: Server | undefined) =>
  new Promise<void>((done) => (server ? server.close(() => done()) : done()));

describe('console sign-in with the Cognito Hosted UI, end to end in Chromium', () => {
  let consoleServer: Server | undefined;
  let api: Awaited<ReturnType<typeof startApi>> | undefined;
  let hostedUi: StandInHostedUi;
  let browser: LaunchedChromium | undefined;
  let page: Page;
  let consoleUrl: string;
  let runtimeConfig: Record<string, string> = {};

  beforeAll(async () => {
    await ensureConsoleBuilt();
    // The built console behind the local gateway, with the config.json a deployed stack writes.
    consoleServer = createGateway({
      functions: {},
      devToken: 'not-used-by-this-console',
      staticSites: { '/console': CONSOLE_DIST },
      localRoutes: { 'GET /console/config.json': async () => ({ status: 200, body: runtimeConfig }) },
    });
    const origin = await listen(consoleServer);
    consoleUrl = `${origin}/console/`;
    hostedUi = await startHostedUi({
      clientId: 'console-client-id',
      consoleUrls: [consoleUrl],
      claims: {
        sub: '7d8e9f00-1111-4222-8333-944455556666',
        'cognito:username': '7d8e9f00-1111-4222-8333-944455556666',
        'cognito:groups': ['agents'],
        'custom:agentId': 'agent-ana',
        name: 'Ana Lima',
        email: 'ana@example.com',
      },
    });
    api = await startApi(origin, () => hostedUi);
    runtimeConfig = {
      apiUrl: api.url,
      region: 'us-east-1',
      userPoolId: 'us-east-1_StandIn',
      userPoolClientId: hostedUi.clientId,
      authDomainUrl: hostedUi.url,
    };
    browser = await launchChromium(origin);
    page = await browser.context.newPage();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await Promise.all([close(consoleServer), close(api?.server), hostedUi?.close()]);
  });

  it('offers the Hosted UI sign-in instead of the dev token when config.json names a user pool', async () => {
    await page.goto('/console/');
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    expect(await page.getByLabel('Agent token').count()).toBe(0);
    await expectAccessible(page, 'the Hosted UI sign-in');
  });

  it('signs in with the code and PKCE, as the agent the ID token names', async () => {
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Ana Lima (agent-ana)' }).waitFor({ timeout: 15_000 });
    await page.screenshot({ path: `${RESULTS}/hosted-ui-signed-in.png` });
    await expectAccessible(page, 'the agent workspace of a Cognito user');

    const authorize = hostedUi.events.find((event) => event.kind === 'authorize');
    expect(authorize?.query).toMatchObject({
      response_type: 'code',
      client_id: 'console-client-id',
      redirect_uri: consoleUrl,
      scope: 'openid email profile',
      code_challenge_method: 'S256',
    });
    // The stand-in exchanged the code only because the verifier matched the challenge.
    expect(hostedUi.events).toContainEqual({
      kind: 'token',
      grantType: 'authorization_code',
      accepted: true,
    });
    // The code and state are gone from the address bar.
    expect(page.url()).toBe(`${consoleUrl}`);
  }, 60_000);

  it('calls the configured API URL with the ID token as bearer', async () => {
    await expect
      .poll(() => api?.calls.some((call) => call.path === '/agents/agent-ana/offers'), { timeout: 10_000 })
      .toBe(true);
    const idToken = hostedUi.idTokens.at(-1);
    expect(api?.calls.every((call) => call.authorization === `Bearer ${idToken}`)).toBe(true);
    expect(api?.calls.map((call) => call.path)).toContain('/agents/agent-ana');
  });

  it('stays signed in across a reload without signing in again', async () => {
    const exchanges = hostedUi.events.filter((event) => event.kind === 'token').length;
    await page.reload();
    await page.getByRole('button', { name: 'Ana Lima (agent-ana)' }).waitFor();
    expect(hostedUi.events.filter((event) => event.kind === 'token')).toHaveLength(exchanges);
  });

  it('signs out on the Hosted UI, revoking the refresh token, and comes back to the sign-in', async () => {
    await page.getByRole('button', { name: 'Ana Lima (agent-ana)' }).click();
    await page.getByRole('menuitem', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor({ timeout: 10_000 });
    expect(hostedUi.events).toContainEqual({
      kind: 'logout',
      query: { client_id: 'console-client-id', logout_uri: consoleUrl },
    });
    await expect.poll(() => hostedUi.events.some((event) => event.kind === 'revoke')).toBe(true);
    await page.reload();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
  });

  it('says why a refused sign-in failed, and signs in on a retry, back where the agent was', async () => {
    await page.goto('/console/#/supervisor');
    hostedUi.refuseNextSignIn();
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page
      .getByText('The sign-in page refused the sign-in: User is disabled.')
      .waitFor({ timeout: 10_000 });
    await page.screenshot({ path: `${RESULTS}/hosted-ui-refused.png` });

    await page.getByRole('button', { name: 'Try again' }).click();
    await page.getByRole('button', { name: 'Ana Lima (agent-ana)' }).waitFor({ timeout: 15_000 });
    expect(new URL(page.url()).hash).toBe('#/supervisor');
    await expect
      .poll(() => api?.calls.some((call) => call.path === '/queues'), { timeout: 10_000 })
      .toBe(true);
  }, 60_000);

  it('ignores a sign-in answer this tab did not ask for', async () => {
    const exchanges = hostedUi.events.filter((event) => event.kind === 'token').length;
    await page.evaluate(() => sessionStorage.clear());
    await page.goto('/console/?code=stolen-code&state=forged');
    await page.getByText('does not belong to a sign-in started in this tab').waitFor();
    expect(hostedUi.events.filter((event) => event.kind === 'token')).toHaveLength(exchanges);
    expect(page.url()).toBe(consoleUrl);
  });

  it('signs in a console framed by another page in a pop-up, ignoring forged answers', async () => {
    if (!browser) throw new Error('no browser');
    // The agent workspace: a page of another site that frames the console. A real server, since
    // Chromium blocks a page it cannot place on the network from framing a local address.
    const workspace = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/html' });
      response.end(
        `<!doctype html><title>Agent workspace</title><iframe title="OneThread" src="${consoleUrl}" style="width:100vw;height:90vh;border:0"></iframe>`,
      );
    });
    const hostUrl = `${(await listen(workspace)).replace('127.0.0.1', 'localhost')}/agent-app-v2/`;
    const host = await browser.context.newPage();
    // The Hosted UI answers only once the test lets it, so that forged answers come first.
    let answer: () => void = () => undefined;
    const answered = new Promise<void>((done) => {
      answer = done;
    });
    const authorize = `${hostedUi.url}/oauth2/authorize?**`;
    await browser.context.route(authorize, async (route) => {
      await answered;
      await route.continue();
    });
    const exchanges = () => hostedUi.events.filter((event) => event.kind === 'token').length;
    const before = exchanges();
    const callsBefore = api?.calls.length ?? 0;

    await host.goto(hostUrl);
    const frame = host.frameLocator('iframe[title="OneThread"]');
    const popupOpened = browser.context.waitForEvent('page');
    await frame.getByRole('button', { name: 'Sign in' }).click();
    const popup = await popupOpened;

    // Neither the host page (another origin) nor another window of the console's origin is the pop-up.
    const forged = { type: 'onethread:sign-in', callback: `${consoleUrl}?code=forged&state=popup.forged` };
    await host.evaluate(
      (message) => document.querySelector('iframe')?.contentWindow?.postMessage(message, '*'),
      forged,
    );
    await host
      .frames()
      .find((f) => f.url().startsWith(consoleUrl))
      ?.evaluate((message) => window.postMessage(message, window.location.origin), forged);
    await new Promise((done) => setTimeout(done, 1_000));
    expect(exchanges()).toBe(before);
    expect(await frame.getByText('Sign-in failed').count()).toBe(0);

    answer();
    await popup.waitForEvent('close', { timeout: 15_000 });
    await frame.getByRole('button', { name: 'Ana Lima (agent-ana)' }).waitFor({ timeout: 15_000 });
    await host.screenshot({ path: `${RESULTS}/hosted-ui-framed-signed-in.png` });
    await browser.context.unroute(authorize);

    const started = hostedUi.events.filter((event) => event.kind === 'authorize').at(-1);
    expect(started?.kind === 'authorize' && started.query.state?.startsWith('popup.')).toBe(true);
    expect(hostedUi.events.at(-1)).toEqual({
      kind: 'token',
      grantType: 'authorization_code',
      accepted: true,
    });
    // The framed console holds the tokens and calls the API with its ID token.
    const idToken = hostedUi.idTokens.at(-1);
    await expect
      .poll(() => api?.calls.slice(callsBefore).some((call) => call.path === '/agents/agent-ana/offers'), {
        timeout: 10_000,
      })
      .toBe(true);
    expect(api?.calls.slice(callsBefore).every((call) => call.authorization === `Bearer ${idToken}`)).toBe(
      true,
    );
    await host.close();
    workspace.closeAllConnections();
    await close(workspace);
  }, 60_000);
});

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sanitizeHtml } from '#channels/email/sanitize-html.ts';
import { EMAIL_SANDBOX, emailDocument } from '../../console/src/email-frame.ts';
import { type LaunchedChromium, launchChromium } from '../support/chromium.ts';

/** The frame as the console builds it, around markup that tries to run and to call home. */
function framePage(html: string, remoteImages: boolean): string {
  const srcdoc = emailDocument(html, remoteImages).replace(/&/g, '&amp;').replace(/"/g, '&quot;');
  // The page records every message a script in the frame manages to send it.
  const listen = "window.ran = []; addEventListener('message', (event) => ran.push(String(event.data)));";
  return `<!doctype html><body><script>${listen}</script><iframe sandbox="${EMAIL_SANDBOX}" srcdoc="${srcdoc}"></iframe></body>`;
}

describe('an email in the console’s frame, in Chromium', () => {
  let server: Server;
  let base: string;
  let browser: LaunchedChromium | undefined;
  let page: Page;
  const calls: string[] = [];

  beforeAll(async () => {
    server = createServer((request, response) => {
      calls.push(request.url ?? '');
      response.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launchChromium(base);
    page = await browser.context.newPage();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
  });

  async function show(html: string, remoteImages = false) {
    calls.length = 0;
    await page.setContent(framePage(html, remoteImages));
    const frame = page.frames().find((candidate) => candidate !== page.mainFrame());
    if (!frame) throw new Error('no email frame');
    await frame.waitForLoadState();
    await page.waitForTimeout(300);
    return frame;
  }

  const hostile = () =>
    `<p>Order <b>42</b> is late</p><script>parent.postMessage('script', '*'); fetch('${base}/script')</script>` +
    `<img src="x" onerror="parent.postMessage('handler', '*')"><img src="${base}/pixel.gif">` +
    `<a id="link" href="javascript:parent.postMessage('link', '*')">click</a>`;

  it('renders the sanitised HTML, and nothing in it runs or loads', async () => {
    const frame = await show(sanitizeHtml(hostile()));
    expect(await frame.textContent('body')).toContain('Order 42 is late');
    expect(await frame.innerHTML('b')).toBe('42');
    expect(await page.evaluate(() => (window as { ran?: string[] }).ran)).toEqual([]);
    expect(calls).toEqual([]);
  });

  it('runs no script and loads nothing even from HTML that was never sanitised', async () => {
    const frame = await show(hostile());
    expect(await frame.textContent('body')).toContain('Order 42 is late');
    await frame.click('#link').catch(() => undefined);
    await page.waitForTimeout(300);
    expect(await page.evaluate(() => (window as { ran?: string[] }).ran)).toEqual([]);
    expect(calls).toEqual([]);
  });

  it('still holds back images that are not HTTPS once remote images are shown', async () => {
    await show(`<img src="${base}/pixel.gif">`, true);
    expect(calls).toEqual([]);
  });
});

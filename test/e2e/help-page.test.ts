import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChildPlatform, startChildPlatform } from '#local/child-platform.ts';
import { type LaunchedChromium, launchChromium } from '../support/chromium.ts';

/** The customers' help page on `npm start`, in Chromium: search, read, or go to a person. */
describe('npm start: the help page', () => {
  const token = 'e2e-help-token';
  const supervisor = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  let platform: ChildPlatform | undefined;
  let browser: LaunchedChromium | undefined;
  let page: Page;

  async function publish(articleId: string, draft: Record<string, unknown>) {
    const base = platform?.url;
    const saved = await fetch(`${base}/kb/articles/${articleId}`, {
      method: 'PUT',
      headers: supervisor,
      body: JSON.stringify(draft),
    });
    expect(saved.status).toBe(200);
    const published = await fetch(`${base}/kb/articles/${articleId}/publish`, {
      method: 'POST',
      headers: supervisor,
    });
    expect(published.status).toBe(200);
  }

  beforeAll(async () => {
    platform = await startChildPlatform({ ONETHREAD_DEV_TOKEN: token, ONETHREAD_SMTP_PORT: '0' });
    await publish('reset-password', {
      title: 'Reset your password',
      body: 'On the sign-in page choose *Forgot password* and we email you a reset link.',
      tags: ['account', 'login'],
    });
    await publish('gift-wrapping', {
      title: 'Gift wrapping',
      body:
        'We wrap any order. <script>window.ran = "script"</script>\n\n' +
        '<img src="x" onerror="window.ran = \'handler\'">\n\n[Wrap it](javascript:window.ran="link")',
    });
    browser = await launchChromium(platform.url);
    page = await browser.context.newPage();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await platform?.stop();
  }, 30_000);

  it('finds the article for a question in the customer’s words, and shows it rendered', async () => {
    await page.goto('/help/');
    await page.getByLabel('Search help articles').fill('I forgot my password');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('link', { name: 'Reset your password' }).click();
    await page.getByRole('heading', { name: 'Reset your password' }).waitFor();
    expect(new URL(page.url()).searchParams.get('article')).toBe('reset-password');
    expect(await page.locator('article em').textContent()).toBe('Forgot password');
  });

  it('shows HTML in an article as text, and nothing in it runs', async () => {
    await page.goto('/help/?article=gift-wrapping');
    await page.getByRole('heading', { name: 'Gift wrapping' }).waitFor();
    expect(await page.locator('article').textContent()).toContain('<script>window.ran = "script"</script>');
    await page.waitForTimeout(200);
    expect(await page.evaluate(() => (window as { ran?: string }).ran)).toBeUndefined();
    expect(await page.locator('article a[href^="javascript:"]').count()).toBe(0);
  });

  it('says when nothing answers, and a person is one link away', async () => {
    await page.goto(`/help/?${new URLSearchParams({ q: 'zebra quantum marmalade' })}`);
    await page.getByText('No article answers this yet').waitFor();
    await page.getByRole('link', { name: 'Talk to a person' }).click();
    await page.waitForURL(/\/chat\/$/);
    await page.getByRole('button', { name: 'Start chat' }).waitFor();
  });
});

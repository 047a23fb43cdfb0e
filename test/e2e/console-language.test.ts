import { spawnSync } from 'node:child_process';
import { copyFile, mkdir } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChildPlatform, startChildPlatform } from '#local/child-platform.ts';
import { expectAccessible } from '../support/axe.ts';
import { type LaunchedChromium, launchChromium } from '../support/chromium.ts';

const listing = spawnSync('apertium', ['-l'], { encoding: 'utf8' });
const HAS_APERTIUM = listing.status === 0 && /eng-spa/.test(listing.stdout) && /spa-eng/.test(listing.stdout);
const SKIPPED = HAS_APERTIUM ? '' : ' — skipped: Apertium (eng-spa, spa-eng) is not installed';

const RESULTS = 'test-results/console-language';
const QUESTION = 'Hola, no he recibido mi pedido y necesito ayuda';

describe.skipIf(!HAS_APERTIUM)(
  `agent console in Chromium: a Spanish chat, an English agent${SKIPPED}`,
  () => {
    const token = 'console-language-token';
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

    const timeline = () => agent.getByRole('list', { name: 'Customer timeline' });
    const translationSwitch = () => agent.getByRole('checkbox', { name: 'Translate this conversation' });

    it('shows the Spanish message with its badge, beside its English translation', async () => {
      await agent.goto('/console/');
      await agent.getByLabel('Agent token').fill(token);
      await agent.getByRole('button', { name: 'Sign in' }).click();
      await agent.getByRole('heading', { name: /Ana Lima/ }).waitFor();
      await agent.getByRole('button', { name: 'Available' }).click();

      await customer.goto('/chat/');
      await customer.locator('input[name="name"]').fill('Lucía');
      await customer.locator('input[name="email"]').fill('lucia@example.com');
      await customer.getByRole('button', { name: 'Start chat' }).click();
      await customer.locator('textarea[name="text"]').fill(QUESTION);
      await customer.getByRole('button', { name: 'Send', exact: true }).click();
      await customer.getByText(QUESTION).waitFor();

      const offer = agent.getByTestId('offer');
      await offer.waitFor({ timeout: 20_000 });
      await offer.getByRole('button', { name: 'Accept' }).click();

      const question = timeline().locator('[data-direction="inbound"]');
      await question.getByText(QUESTION).waitFor({ timeout: 15_000 });
      expect(await question.locator('[data-language="es"]').textContent()).toBe('ES');
      const translated = question.getByRole('region', { name: 'Translated to English' });
      await translated.waitFor({ timeout: 15_000 });
      expect(await translated.textContent()).toMatch(/received/i);
      expect(await question.getByRole('region', { name: 'Original · Spanish' }).textContent()).toContain(
        QUESTION,
      );
      expect(await translationSwitch().isChecked()).toBe(true);
      await agent.getByText('Write in English: the customer gets it in Spanish.').waitFor();
      await agent.screenshot({ path: `${RESULTS}/translated.png` });
      await expectAccessible(agent, 'a translated conversation');
    }, 90_000);

    it('sends the English reply in Spanish, and shows both', async () => {
      const reply = 'Thank you, I will check your order now.';
      await agent.locator('textarea[aria-label="Reply text"]').fill(reply);
      await agent.getByRole('button', { name: 'Send', exact: true }).click();
      await customer.getByText(/gracias/i).waitFor({ timeout: 15_000 });
      const sent = timeline().locator('[data-direction="outbound"]');
      await sent
        .getByRole('region', { name: 'Agent wrote · English' })
        .getByText(reply)
        .waitFor({ timeout: 15_000 });
      expect(await sent.getByRole('region', { name: 'Customer received · Spanish' }).textContent()).toMatch(
        /gracias/i,
      );
      await agent.screenshot({ path: `${RESULTS}/reply.png` });
    }, 60_000);

    it('turns translation off for the conversation, for good: replies go as written', async () => {
      await translationSwitch().click();
      await agent.getByText(/Translation is off: the customer gets your words as you write them/).waitFor();
      await expect
        .poll(() => timeline().getByRole('region', { name: 'Translated to English' }).count(), {
          timeout: 10_000,
        })
        .toBe(0);

      await agent.reload();
      await translationSwitch().waitFor({ timeout: 15_000 });
      expect(await translationSwitch().isChecked()).toBe(false);

      const plain = 'Your order left our warehouse today.';
      await agent.locator('textarea[aria-label="Reply text"]').fill(plain);
      await agent.getByRole('button', { name: 'Send', exact: true }).click();
      await customer.getByText(plain).waitFor({ timeout: 15_000 });

      await translationSwitch().click();
      await timeline().getByRole('region', { name: 'Translated to English' }).waitFor({ timeout: 15_000 });

      if (process.env.ONETHREAD_UPDATE_SCREENSHOTS === '1') {
        await copyFile(`${RESULTS}/reply.png`, 'docs/images/console-translation.png');
      }
    }, 60_000);
  },
);

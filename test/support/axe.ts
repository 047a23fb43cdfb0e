import { createRequire } from 'node:module';
import type { AxeResults } from 'axe-core';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

const AXE_SCRIPT = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** What axe found wrong on a page, as a test failure should say it: rule, impact, where. */
export interface Violation {
  rule: string;
  impact: string;
  help: string;
  targets: string[];
}

/** Runs axe-core on the page as it stands, and answers its violations of serious or critical impact. */
export async function seriousViolations(page: Page): Promise<Violation[]> {
  // A page loads the script once; a view reached by its hash is the same page.
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE_SCRIPT });
  // A dialog fading in has, for a moment, text fainter than it will be: contrast is judged once still.
  // (A spinner turns for ever: only animations that end are waited for.)
  await page.evaluate(() =>
    Promise.all(
      document
        .getAnimations()
        .filter((animation) => animation.effect?.getComputedTiming().endTime !== Number.POSITIVE_INFINITY)
        .map((animation) => animation.finished.catch(() => undefined)),
    ),
  );
  const results = await page.evaluate(() =>
    (
      window as unknown as { axe: { run: (context: Document, options: object) => Promise<AxeResults> } }
    ).axe.run(document, { resultTypes: ['violations'] }),
  );
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => ({
      rule: violation.id,
      impact: violation.impact ?? '',
      help: violation.help,
      targets: violation.nodes.slice(0, 5).map((node) => node.target.join(' ')),
    }));
}

/** Fails with what is wrong when `view` has any accessibility violation of serious or critical impact. */
export async function expectAccessible(page: Page, view: string): Promise<void> {
  expect(await seriousViolations(page), `accessibility of ${view}`).toEqual([]);
}

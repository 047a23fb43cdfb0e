import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';

/** Debian's Chromium (`apt-get install -y chromium`); nothing is downloaded. */
export const CHROMIUM = process.env.ONETHREAD_CHROMIUM ?? '/usr/bin/chromium';
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
export const haveChromium = existsSync(CHROMIUM);

/** Without Chromium, a browser test fails unless `ONETHREAD_SKIP_BROWSER=1` skips it (with a warning). */
export function skipWithoutChromium(what: string): boolean {
  const skip = !haveChromium && process.env.ONETHREAD_SKIP_BROWSER === '1';
  if (skip) console.warn(`${what} skipped: no Chromium at ${CHROMIUM} and ONETHREAD_SKIP_BROWSER=1`);
  return skip;
}

export interface LaunchedChromium {
  context: BrowserContext;
  close(): Promise<void>;
}

/** Headless Chromium with a throw-away profile. */
export async function launchChromium(baseURL: string): Promise<LaunchedChromium> {
  if (!haveChromium) {
    throw new Error(
      `Chromium not found at ${CHROMIUM}: install it (apt-get install -y chromium) or set ONETHREAD_SKIP_BROWSER=1 to skip`,
    );
  }
  const profile = await mkdtemp(join(tmpdir(), 'onethread-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 800 },
    baseURL,
  });
  return {
    context,
    close: async () => {
      await context.close().catch(() => undefined);
      await rm(profile, { recursive: true, force: true });
    },
  };
}

import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import npmChromium from '@sparticuz/chromium';
import { type BrowserContext, chromium } from 'playwright-core';

const HEADLESS_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
/**
 * The npm build's serverless flags switch off the same-origin policy; the tests check CORS and
 * cross-origin framing, so the browser keeps it.
 */
const WEAKENING_ARGS = new Set(['--disable-web-security', '--allow-running-insecure-content']);

export interface ChromiumBinary {
  executablePath: string;
  args: string[];
}

/**
 * The Chromium the browser tests drive: `ONETHREAD_CHROMIUM` (a path, or `npm` for the npm
 * build even where the system has one), else the system's (`/usr/bin/chromium`, `chromium` on
 * `PATH`), else the build `@sparticuz/chromium` ships inside its npm package, so that `npm ci`
 * is all a machine needs. That one unpacks into the temp folder on first use (about 2 s); the
 * tests' global setup calls this once so that test files never race to unpack it.
 */
export async function findChromium(): Promise<ChromiumBinary> {
  const chosen = process.env.ONETHREAD_CHROMIUM;
  if (chosen && chosen !== 'npm') {
    if (!existsSync(chosen)) throw new Error(`ONETHREAD_CHROMIUM=${chosen}: no such file`);
    return { executablePath: chosen, args: HEADLESS_ARGS };
  }
  const system = chosen === 'npm' ? undefined : systemChromium(process.env.PATH);
  if (system) return { executablePath: system, args: HEADLESS_ARGS };
  return {
    executablePath: await npmChromium.executablePath(),
    args: [...new Set([...npmChromium.args.filter((arg) => !WEAKENING_ARGS.has(arg)), ...HEADLESS_ARGS])],
  };
}

function systemChromium(path = ''): string | undefined {
  const candidates = [
    '/usr/bin/chromium',
    ...path
      .split(delimiter)
      .filter(Boolean)
      .map((dir) => join(dir, 'chromium')),
  ];
  return candidates.find((candidate) => existsSync(candidate));
}

export interface LaunchedChromium {
  context: BrowserContext;
  close(): Promise<void>;
}

/** Headless Chromium with a throw-away profile. */
export async function launchChromium(baseURL: string): Promise<LaunchedChromium> {
  const { executablePath, args } = await findChromium();
  const profile = await mkdtemp(join(tmpdir(), 'onethread-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    args,
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

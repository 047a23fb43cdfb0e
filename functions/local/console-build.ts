import { existsSync } from 'node:fs';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The agent console's sources and the static site built from them (served at `/console`). */
export const CONSOLE_ROOT = fileURLToPath(new URL('../../console/', import.meta.url));
export const CONSOLE_DIST = join(CONSOLE_ROOT, 'dist');

const SOURCES = ['index.html', 'vite.config.ts', 'src'];
const LOCK = join(CONSOLE_ROOT, '.build-lock');
const STALE_LOCK_MS = 120_000;

/** Newest modification time among the console's sources, in ms. */
async function newestSource(path: string): Promise<number> {
  const info = await stat(path).catch(() => undefined);
  if (!info) return 0;
  if (!info.isDirectory()) return info.mtimeMs;
  const entries = await readdir(path);
  const times = await Promise.all(entries.map((entry) => newestSource(join(path, entry))));
  return Math.max(info.mtimeMs, ...times);
}

/** True when `console/dist` is missing or older than any console source. */
export async function consoleIsStale(): Promise<boolean> {
  const built = await stat(join(CONSOLE_DIST, 'index.html')).catch(() => undefined);
  if (!built) return true;
  const sources = await Promise.all(SOURCES.map((s) => newestSource(join(CONSOLE_ROOT, s))));
  return Math.max(...sources) > built.mtimeMs;
}

/**
 * Builds the console with Vite when its output is missing or stale. Several platforms starting
 * at once (tests) take turns through a lock folder; each build goes to a fresh folder that then
 * replaces `dist`, so a reader never sees half a site. Returns what happened.
 */
export async function ensureConsoleBuilt(
  onProgress: (step: string) => void = () => undefined,
): Promise<'fresh' | 'built' | 'unavailable'> {
  if (!existsSync(join(CONSOLE_ROOT, 'index.html'))) return 'unavailable';
  if (!(await consoleIsStale())) return 'fresh';
  await acquireLock();
  try {
    if (!(await consoleIsStale())) return 'fresh';
    onProgress('building the agent console (console/dist)');
    const vite = await import('vite');
    const outDir = join(CONSOLE_ROOT, `.dist-${process.pid}`);
    // Vite makes a production build only under NODE_ENV=production; test runners set `test`,
    // which would leave React's development build in dist for the next `npm start`.
    const nodeEnv = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    try {
      await vite.build({
        configFile: join(CONSOLE_ROOT, 'vite.config.ts'),
        logLevel: 'error',
        build: { outDir, emptyOutDir: true },
      });
    } finally {
      if (nodeEnv === undefined) delete process.env.NODE_ENV;
      else process.env.NODE_ENV = nodeEnv;
    }
    await rm(CONSOLE_DIST, { recursive: true, force: true });
    await rename(outDir, CONSOLE_DIST);
    return 'built';
  } finally {
    await rm(LOCK, { recursive: true, force: true });
  }
}

async function acquireLock(): Promise<void> {
  for (;;) {
    try {
      await mkdir(LOCK);
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const held = await stat(LOCK).catch(() => undefined);
      if (held && Date.now() - held.mtimeMs > STALE_LOCK_MS) {
        await rm(LOCK, { recursive: true, force: true });
        continue;
      }
      await new Promise((done) => setTimeout(done, 200));
    }
  }
}

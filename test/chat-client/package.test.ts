import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const PACKAGE = fileURLToPath(new URL('../../packages/chat/', import.meta.url));
const ROOT_MANIFEST = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
const OPENAPI_FETCH = fileURLToPath(new URL('../../node_modules/openapi-fetch', import.meta.url));

/** What `npm pack` makes of packages/chat, unpacked as an app's node_modules would hold it. */
describe('@onethread/chat as npm packs it', () => {
  const folder = mkdtempSync(join(tmpdir(), 'onethread-chat-pack-'));
  let files: string[] = [];
  const unpacked = join(folder, 'package');

  beforeAll(() => {
    const [packed] = JSON.parse(
      execFileSync('npm', ['pack', '--json', '--pack-destination', folder], {
        cwd: PACKAGE,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      }),
    ) as Array<{ filename: string; files: Array<{ path: string }> }>;
    files = (packed?.files ?? []).map((file) => file.path).sort();
    execFileSync('tar', ['-xzf', join(folder, packed?.filename ?? ''), '-C', folder]);
    // As an app's install would: the package's one dependency beside it.
    mkdirSync(join(unpacked, 'node_modules'));
    symlinkSync(OPENAPI_FETCH, join(unpacked, 'node_modules', 'openapi-fetch'), 'dir');
  }, 120_000);
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('holds the built module, its types and the manifest, and no sources', () => {
    expect(files).toEqual(
      expect.arrayContaining(['package.json', 'README.md', 'dist/index.js', 'dist/index.d.ts']),
    );
    expect(
      files.filter((file) => file.startsWith('src/') || file.endsWith('.ts') !== file.endsWith('.d.ts')),
    ).toEqual([]);
  });

  it('exports an ESM entry and its types that exist in the tarball', () => {
    const manifest = JSON.parse(readFileSync(join(unpacked, 'package.json'), 'utf8'));
    expect(manifest).toMatchObject({ name: '@onethread/chat', type: 'module' });
    // openapi-fetch is the one dependency, in the range the platform itself is built with.
    expect(manifest.dependencies).toEqual({
      'openapi-fetch': ROOT_MANIFEST.devDependencies['openapi-fetch'],
    });
    const entry = manifest.exports['.'];
    for (const path of [entry.import, entry.types, manifest.types])
      expect(existsSync(join(unpacked, path))).toBe(true);
    const types = readFileSync(join(unpacked, entry.types), 'utf8');
    expect(types).toContain('export declare function createChat');
    expect(types).toContain('export type * from');
  });

  it('runs as it is: the client, its error type and the backoff are there', async () => {
    expect(readFileSync(join(unpacked, 'dist', 'index.js'), 'utf8')).toMatch(/from ["']openapi-fetch["']/);
    const module = await import(pathToFileURL(join(unpacked, 'dist', 'index.js')).href);
    expect(Object.keys(module).sort()).toEqual(['Chat', 'ChatApiError', 'backoffDelay', 'createChat']);
    const chat = module.createChat({ baseUrl: 'http://127.0.0.1:9/' });
    expect(chat.connection).toBe('idle');
    expect(module.backoffDelay(1, 500, 30_000, () => 1)).toBe(1000);
  });
});

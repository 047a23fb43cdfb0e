import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export interface LocalFolder {
  path: string;
  remove(): Promise<void>;
}

/** A folder under the data folder (kept), or a temporary one (removed on stop). */
export async function localFolder(dataDir: string | undefined, name: string): Promise<LocalFolder> {
  if (dataDir) return { path: resolve(dataDir, name), remove: async () => undefined };
  const path = await mkdtemp(join(tmpdir(), `onethread-${name}-`));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}

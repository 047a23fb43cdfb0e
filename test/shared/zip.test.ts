import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { zip } from '#shared/zip.ts';
import { unzip } from '../support/unzip.ts';

const entries = [
  { name: 'profile.json', data: Buffer.from('{"name":"Zoë Ñúñez"}\n') },
  { name: 'files/int_1/1-scan.pdf', data: Buffer.alloc(70_000, 7) },
  { name: 'files/int_1/empty.txt', data: Buffer.alloc(0) },
  { name: 'ünïcode/名前.txt', data: Buffer.from('名前') },
];

const hasUnzip = (() => {
  try {
    execFileSync('unzip', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe('zip archives', () => {
  it('round-trips every entry, names in UTF-8 and content compressed', () => {
    const archive = zip(entries, new Date('2026-05-01T09:30:12Z'));
    const files = unzip(archive);
    expect([...files.keys()]).toEqual(entries.map((e) => e.name));
    for (const entry of entries) expect(files.get(entry.name)?.equals(entry.data)).toBe(true);
    expect(archive.length).toBeLessThan(10_000);
  });

  it.skipIf(!hasUnzip)('is read by the unzip tool with the time it was made', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'onethread-zip-'));
    const path = join(folder, 'export.zip');
    await writeFile(path, zip(entries, new Date('2026-05-01T09:30:12Z')));
    const test = execFileSync('unzip', ['-t', path], { encoding: 'utf8' });
    expect(test).toContain('No errors detected');
    const listing = execFileSync('unzip', ['-l', path], { encoding: 'utf8' });
    expect(listing).toContain('2026-05-01 09:30');
    execFileSync('unzip', ['-q', path, '-d', join(folder, 'out')]);
    expect(await readFile(join(folder, 'out', 'profile.json'), 'utf8')).toContain('Zoë');
  });

  it('writes an empty archive as just the end record', () => {
    expect(zip([]).length).toBe(22);
    expect(unzip(zip([])).size).toBe(0);
  });
});

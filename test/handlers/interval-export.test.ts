import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeHandler } from '#handlers/interval-export.ts';
import { FileBlobStore } from '#store/blobs.ts';
import { EXPORT_MARKER_KEY, IntervalExport } from '#store/interval-export.ts';
import { IntervalsRepo } from '#store/intervals-repo.ts';
import { context } from '../support/events.ts';
import { createTestStack } from '../support/local-aws.ts';

const folders: string[] = [];

afterEach(async () => {
  for (const folder of folders.splice(0)) await rm(folder, { recursive: true, force: true });
});

describe('intervalExport', () => {
  it('exports what closed before the time it runs at, as the schedule calls it', async () => {
    const stack = await createTestStack();
    const folder = await mkdtemp(join(tmpdir(), 'interval-export-handler-'));
    folders.push(folder);
    const repo = new IntervalsRepo(stack.table);
    await repo.addAgent('default', 1, 'ana', Date.parse('2026-03-02T10:00:00Z'), 'available', 900);
    const handler = makeHandler({
      clock: { now: () => new Date('2026-03-02T10:17:00Z') },
      export: new IntervalExport(repo, new FileBlobStore(folder)),
    });

    const marker = await handler({}, context);

    expect(marker).toMatchObject({ through: '2026-03-02T10:00:00.000Z', objects: 1 });
    expect(JSON.parse(await readFile(join(folder, EXPORT_MARKER_KEY), 'utf8'))).toEqual(marker);
    const line = await readFile(
      join(folder, 'agent-intervals/date=2026-03-02/2026-03-02T10:00:00Z.jsonl'),
      'utf8',
    );
    expect(JSON.parse(line)).toMatchObject({ agentId: 'ana', availableSeconds: 900 });
  }, 30_000);
});

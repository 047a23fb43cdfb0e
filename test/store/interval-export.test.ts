import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FileBlobStore } from '#store/blobs.ts';
import { EXPORT_MARKER_KEY, IntervalExport } from '#store/interval-export.ts';
import { IntervalsRepo } from '#store/intervals-repo.ts';
import { createTestStack } from '../support/local-aws.ts';

const at = (iso: string) => Date.parse(iso);
const folders: string[] = [];

afterEach(async () => {
  for (const folder of folders.splice(0)) await rm(folder, { recursive: true, force: true });
});

async function exportTo() {
  const stack = await createTestStack();
  const folder = await mkdtemp(join(tmpdir(), 'interval-export-'));
  folders.push(folder);
  const repo = new IntervalsRepo(stack.table);
  return { repo, folder, exporter: new IntervalExport(repo, new FileBlobStore(folder)) };
}

const read = (folder: string, key: string) => readFile(join(folder, key), 'utf8');

describe('interval export', () => {
  it('writes each closed interval as JSON lines under its date, and says how far it got', async () => {
    const { repo, folder, exporter } = await exportTo();
    const nineFifteen = at('2026-03-02T09:15:00Z');
    await repo.addQueue('default', 1, {
      queueId: 'support',
      channel: 'chat',
      start: nineFifteen,
      counts: { offered: 2, answered: 1, answeredWithinTarget: 1, answerWaitSeconds: 12.5 },
    });
    await repo.addQueue('default', 2, {
      queueId: 'sales',
      channel: 'voice',
      start: nineFifteen,
      counts: { abandoned: 1 },
    });
    await repo.addAgent('default', 2, 'ana', nineFifteen, 'busy', 600);
    await repo.addAgent('default', 3, 'ana', nineFifteen, 'available', 300);
    // Still open at the time of the export: not written.
    await repo.addQueue('default', 4, {
      queueId: 'support',
      channel: 'chat',
      start: at('2026-03-02T09:30:00Z'),
      counts: { offered: 1 },
    });

    const marker = await exporter.run(at('2026-03-02T09:40:00Z'));

    expect(marker).toEqual({
      exportedAt: '2026-03-02T09:40:00.000Z',
      through: '2026-03-02T09:15:00.000Z',
      days: ['2026-03-02'],
      objects: 2,
    });
    expect(await readdir(join(folder, 'queue-intervals/date=2026-03-02'))).toEqual([
      '2026-03-02T09:15:00Z.jsonl',
    ]);
    const queueLines = (await read(folder, 'queue-intervals/date=2026-03-02/2026-03-02T09:15:00Z.jsonl'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(queueLines).toEqual([
      {
        start: '2026-03-02T09:15:00.000Z',
        queueId: 'sales',
        channel: 'voice',
        offered: 0,
        answered: 0,
        abandoned: 1,
        answeredWithinTarget: 0,
        handled: 0,
        handleSeconds: 0,
        answerWaitSeconds: 0,
      },
      expect.objectContaining({ queueId: 'support', channel: 'chat', offered: 2, answerWaitSeconds: 12.5 }),
    ]);
    expect(
      JSON.parse(await read(folder, 'agent-intervals/date=2026-03-02/2026-03-02T09:15:00Z.jsonl')),
    ).toEqual({
      start: '2026-03-02T09:15:00.000Z',
      agentId: 'ana',
      availableSeconds: 300,
      busySeconds: 600,
      awaySeconds: 0,
      offlineSeconds: 0,
    });
    expect(JSON.parse(await read(folder, EXPORT_MARKER_KEY))).toEqual(marker);
  }, 30_000);

  it('writes the same objects again on a repeated run, and the day before early in a day', async () => {
    const { repo, folder, exporter } = await exportTo();
    await repo.addQueue('default', 1, {
      queueId: 'support',
      channel: 'chat',
      start: at('2026-03-01T23:45:00Z'),
      counts: { offered: 1 },
    });
    const first = await exporter.run(at('2026-03-02T00:20:00Z'));
    const key = 'queue-intervals/date=2026-03-01/2026-03-01T23:45:00Z.jsonl';
    const before = await read(folder, key);
    const again = await exporter.run(at('2026-03-02T00:20:00Z'));
    expect(again).toEqual(first);
    expect(first.days).toEqual(['2026-03-01', '2026-03-02']);
    expect(await read(folder, key)).toBe(before);
    // Later in the day only the day itself is written.
    expect((await exporter.run(at('2026-03-02T05:00:00Z'))).days).toEqual(['2026-03-02']);
  }, 30_000);
});

import { afterEach, expect, it, vi } from 'vitest';

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

/** The module with metrics on, and the embedded-metric lines it writes. */
async function loggedMetrics() {
  vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'false');
  vi.resetModules();
  const lines: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    lines.push(String(chunk));
    return true;
  });
  const metrics = await import('#shared/business-metrics.ts');
  const emitted = () => lines.filter((l) => l.includes('CloudWatchMetrics')).map((l) => JSON.parse(l));
  return { ...metrics, emitted };
}

it('writes one embedded-metric line per count, in the OneThread namespace, by queue', async () => {
  const { countForQueue, emitted } = await loggedMetrics();
  countForQueue('Deflected', 'billing');
  const [emf] = emitted();
  expect(emf).toMatchObject({ queue: 'billing', Deflected: 1, service: 'onethread' });
  expect(emf._aws.CloudWatchMetrics[0]).toMatchObject({
    Namespace: 'OneThread',
    Metrics: [{ Name: 'Deflected', Unit: 'Count' }],
  });
  expect(emf._aws.CloudWatchMetrics[0].Dimensions[0]).toContain('queue');
});

interface EmfLine {
  _aws: { CloudWatchMetrics: Array<{ Metrics: Array<{ Name: string }> }> };
  [field: string]: unknown;
}

/** Each line's one figure: its name, value and dimensions. */
function figures(lines: EmfLine[]) {
  return lines.map((emf) => {
    const name = emf._aws.CloudWatchMetrics[0]?.Metrics[0]?.Name ?? '';
    return { name, value: emf[name], queue: emf.queue, channel: emf.channel };
  });
}

it("writes a queue's answers and each answer's wait per queue, per channel and for the whole floor, leaving out zero counts", async () => {
  const { countAnswersForQueue, emitted } = await loggedMetrics();
  countAnswersForQueue('billing', [
    { channel: 'chat', withinTarget: true, waitedMs: 4_000 },
    { channel: 'chat', withinTarget: false, waitedMs: 95_000 },
    { channel: 'email', withinTarget: true, waitedMs: 1_000 },
    { channel: 'email', withinTarget: false, abandoned: true },
  ]);
  const all = [
    { name: 'Answered', value: 3 },
    { name: 'AnsweredWithinTarget', value: 2 },
    { name: 'Abandoned', value: 1 },
    { name: 'SpeedOfAnswer', value: 4_000 },
    { name: 'SpeedOfAnswer', value: 95_000 },
    { name: 'SpeedOfAnswer', value: 1_000 },
  ];
  expect(figures(emitted())).toEqual([
    ...all.map((figure) => ({ ...figure, queue: 'billing', channel: undefined })),
    ...all.map((figure) => ({ ...figure, queue: undefined, channel: undefined })),
    ...[
      { name: 'Answered', value: 2 },
      { name: 'AnsweredWithinTarget', value: 1 },
      { name: 'SpeedOfAnswer', value: 4_000 },
      { name: 'SpeedOfAnswer', value: 95_000 },
    ].map((figure) => ({ ...figure, queue: undefined, channel: 'chat' })),
    ...[
      { name: 'Answered', value: 1 },
      { name: 'AnsweredWithinTarget', value: 1 },
      { name: 'Abandoned', value: 1 },
      { name: 'SpeedOfAnswer', value: 1_000 },
    ].map((figure) => ({ ...figure, queue: undefined, channel: 'email' })),
  ]);
});

it('writes the first-response time per queue, per channel and for the floor, in seconds', async () => {
  const { countFirstResponse, emitted } = await loggedMetrics();
  countFirstResponse('billing', 'whatsapp', 42);
  expect(figures(emitted())).toEqual([
    { name: 'FirstResponseTime', value: 42, queue: 'billing', channel: undefined },
    { name: 'FirstResponseTime', value: 42, queue: undefined, channel: 'whatsapp' },
    { name: 'FirstResponseTime', value: 42, queue: undefined, channel: undefined },
  ]);
  expect(emitted()[0]._aws.CloudWatchMetrics[0].Metrics[0]).toEqual({
    Name: 'FirstResponseTime',
    Unit: 'Seconds',
  });
});

it("writes a queue's backlog and its oldest wait as gauges of the queue", async () => {
  const { recordBacklog, emitted } = await loggedMetrics();
  recordBacklog('billing', 7, 130);
  expect(figures(emitted())).toEqual([
    { name: 'Backlog', value: 7, queue: 'billing', channel: undefined },
    { name: 'OldestWait', value: 130, queue: 'billing', channel: undefined },
  ]);
});

it('writes each survey rating per queue and for the floor, so its average is the CSAT score', async () => {
  const { rateForQueue, emitted } = await loggedMetrics();
  rateForQueue('billing', 4);
  expect(emitted().map((emf) => [emf.SurveyRating, emf.queue])).toEqual([
    [4, 'billing'],
    [4, undefined],
  ]);
});

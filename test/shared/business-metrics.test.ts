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

it("writes a queue's answers and each answer's wait per queue and for the whole floor, leaving out zero counts", async () => {
  const { countAnswersForQueue, emitted } = await loggedMetrics();
  countAnswersForQueue('billing', { Answered: 3, AnsweredWithinTarget: 2, Abandoned: 0 }, [4_000, 95_000]);
  const figures = emitted().map((emf) => ({
    name: emf._aws.CloudWatchMetrics[0].Metrics[0].Name,
    value: emf[emf._aws.CloudWatchMetrics[0].Metrics[0].Name],
    queue: emf.queue,
  }));
  const perQueue = [
    { name: 'Answered', value: 3 },
    { name: 'AnsweredWithinTarget', value: 2 },
    { name: 'SpeedOfAnswer', value: 4_000 },
    { name: 'SpeedOfAnswer', value: 95_000 },
  ];
  expect(figures).toEqual([
    ...perQueue.map((figure) => ({ ...figure, queue: 'billing' })),
    ...perQueue.map((figure) => ({ ...figure, queue: undefined })),
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

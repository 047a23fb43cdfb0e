import { afterEach, expect, it, vi } from 'vitest';

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

it('writes one embedded-metric line per count, in the OneThread namespace, by queue', async () => {
  vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'false');
  vi.resetModules();
  const lines: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    lines.push(String(chunk));
    return true;
  });
  const { countForQueue } = await import('#shared/business-metrics.ts');
  countForQueue('Deflected', 'billing');
  const [line] = lines.filter((l) => l.includes('CloudWatchMetrics'));
  const emf = JSON.parse(line ?? '{}');
  expect(emf).toMatchObject({ queue: 'billing', Deflected: 1, service: 'onethread' });
  expect(emf._aws.CloudWatchMetrics[0]).toMatchObject({
    Namespace: 'OneThread',
    Metrics: [{ Name: 'Deflected', Unit: 'Count' }],
  });
  expect(emf._aws.CloudWatchMetrics[0].Dimensions[0]).toContain('queue');
});

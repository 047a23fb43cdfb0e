import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';

/**
 * Business figures as CloudWatch metrics, in the embedded metric format: one JSON line in the
 * function's log that CloudWatch turns into a metric, with no call to CloudWatch on the way.
 * Namespace `OneThread`, one dimension `queue`. `npm start` and the tests set
 * `POWERTOOLS_METRICS_DISABLED`, so nothing is printed there.
 */
const metrics = new Metrics({ namespace: 'OneThread', serviceName: 'onethread' });

export type QueueCount = 'Deflected' | 'Escalated' | 'ArticleUsed';

/** One more of `name` for the queue, written at once (a single-metric line). */
export function countForQueue(name: QueueCount, queueId: string): void {
  const single = metrics.singleMetric();
  single.addDimension('queue', queueId);
  single.addMetric(name, MetricUnit.Count, 1);
}

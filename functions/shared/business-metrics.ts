import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';

/**
 * Business figures as CloudWatch metrics, in the embedded metric format: one JSON line in the
 * function's log that CloudWatch turns into a metric, with no call to CloudWatch on the way.
 * Namespace `OneThread`, one dimension `queue`. `npm start` and the tests set
 * `POWERTOOLS_METRICS_DISABLED`, so nothing is printed there.
 */
const metrics = new Metrics({ namespace: 'OneThread', serviceName: 'onethread' });

export type QueueCount = 'Deflected' | 'Escalated' | 'ArticleUsed';

/** How contacts that waited in a queue ended: the service level and abandonment figures. */
export interface AnswerCounts {
  Answered: number;
  AnsweredWithinTarget: number;
  Abandoned: number;
}

/** One more of `name` for the queue, written at once (a single-metric line). */
export function countForQueue(name: QueueCount, queueId: string): void {
  const single = metrics.singleMetric();
  single.addDimension('queue', queueId);
  single.addMetric(name, MetricUnit.Count, 1);
}

/**
 * A queue's answers, per queue for the dashboard and once more with no queue dimension: the
 * floor's figure, which alarms can watch without knowing the queues (they are configured at run
 * time, through the API).
 */
export function countAnswersForQueue(
  queueId: string,
  counts: AnswerCounts,
  waitsMs: readonly number[] = [],
): void {
  for (const queue of [queueId, undefined]) {
    for (const [name, count] of Object.entries(counts)) {
      if (count > 0) figure(queue).addMetric(name, MetricUnit.Count, count);
    }
    // Each answer's wait as one value of the metric, so its percentiles are the speed of answer's.
    for (const waitMs of waitsMs) figure(queue).addMetric('SpeedOfAnswer', MetricUnit.Milliseconds, waitMs);
  }
}

/**
 * A satisfaction rating (1 to 5) given on the queue's survey, per queue and for the floor: the
 * metric's average is the CSAT score, its sample count the number of answers.
 */
export function rateForQueue(queueId: string, rating: number): void {
  for (const queue of [queueId, undefined])
    figure(queue).addMetric('SurveyRating', MetricUnit.NoUnit, rating);
}

/** A metric line of its own, for the queue or (no queue) for the floor. */
function figure(queue: string | undefined) {
  const single = metrics.singleMetric();
  if (queue) single.addDimension('queue', queue);
  return single;
}

import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';

/**
 * Business figures as CloudWatch metrics, in the embedded metric format: one JSON line in the
 * function's log that CloudWatch turns into a metric, with no call to CloudWatch on the way.
 * Namespace `OneThread`; a figure is written per queue (dimension `queue`), per channel
 * (dimension `channel`) and for the floor (no dimension), which alarms can watch without knowing
 * the queues (they are configured at run time, through the API). `npm start` and the tests set
 * `POWERTOOLS_METRICS_DISABLED`, so nothing is printed there.
 */
const metrics = new Metrics({ namespace: 'OneThread', serviceName: 'onethread' });

export type QueueCount = 'Deflected' | 'Escalated' | 'ArticleUsed';

/** How one contact that waited in a queue ended: the service level and abandonment figures. */
export interface AnsweredContact {
  channel: string;
  withinTarget: boolean;
  abandoned?: true;
  /** How long an answered customer waited. */
  waitedMs?: number;
}

type Scope = { queue: string } | { channel: string } | Record<string, never>;
/** The whole floor: no dimension. */
const FLOOR: Scope = {};

/** One more of `name` for the queue, written at once (a single-metric line). */
export function countForQueue(name: QueueCount, queueId: string): void {
  figure({ queue: queueId }).addMetric(name, MetricUnit.Count, 1);
}

/** A queue's answers and abandonments, per queue, per channel and for the floor. */
export function countAnswersForQueue(queueId: string, contacts: readonly AnsweredContact[]): void {
  writeAnswers({ queue: queueId }, contacts);
  writeAnswers(FLOOR, contacts);
  for (const channel of new Set(contacts.map((contact) => contact.channel))) {
    writeAnswers(
      { channel },
      contacts.filter((contact) => contact.channel === channel),
    );
  }
}

/**
 * The time from a work item's enqueue to an agent's first message to the customer, per queue,
 * channel and floor: on messaging channels the customer waits for that, not for the offer.
 */
export function countFirstResponse(queueId: string, channel: string, seconds: number): void {
  for (const scope of scopes(queueId, channel))
    figure(scope).addMetric('FirstResponseTime', MetricUnit.Seconds, seconds);
}

/**
 * What a queue holds now, as gauges: how many contacts no agent has taken yet (waiting or
 * offered) and how long the oldest has waited. Written when the figures change, so a stretch with
 * no data point means nothing changed.
 */
export function recordBacklog(queueId: string, backlog: number, oldestWaitSeconds: number): void {
  figure({ queue: queueId }).addMetric('Backlog', MetricUnit.Count, backlog);
  figure({ queue: queueId }).addMetric('OldestWait', MetricUnit.Seconds, oldestWaitSeconds);
}

/**
 * A satisfaction rating (1 to 5) given on the queue's survey, per queue and for the floor: the
 * metric's average is the CSAT score, its sample count the number of answers.
 */
export function rateForQueue(queueId: string, rating: number): void {
  for (const scope of [{ queue: queueId }, FLOOR])
    figure(scope).addMetric('SurveyRating', MetricUnit.NoUnit, rating);
}

function writeAnswers(scope: Scope, contacts: readonly AnsweredContact[]): void {
  const answered = contacts.filter((contact) => !contact.abandoned);
  const counts = {
    Answered: answered.length,
    AnsweredWithinTarget: answered.filter((contact) => contact.withinTarget).length,
    Abandoned: contacts.length - answered.length,
  };
  for (const [name, count] of Object.entries(counts)) {
    if (count > 0) figure(scope).addMetric(name, MetricUnit.Count, count);
  }
  // Each answer's wait as one value of the metric, so its percentiles are the speed of answer's.
  for (const { waitedMs } of answered) {
    if (waitedMs !== undefined) figure(scope).addMetric('SpeedOfAnswer', MetricUnit.Milliseconds, waitedMs);
  }
}

function scopes(queueId: string, channel: string): Scope[] {
  return [{ queue: queueId }, { channel }, FLOOR];
}

/** A metric line of its own, with the scope's dimension. */
function figure(scope: Scope) {
  const single = metrics.singleMetric();
  for (const [name, value] of Object.entries(scope)) single.addDimension(name, value);
  return single;
}

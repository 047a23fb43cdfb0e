import { Duration, Stack } from 'aws-cdk-lib';
import {
  Dashboard,
  GraphWidget,
  type IMetric,
  type IWidget,
  MathExpression,
  TextWidget,
} from 'aws-cdk-lib/aws-cloudwatch';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { HouseFunction } from './house-function.ts';
import { floorFigure } from './service-alarms.ts';

export interface OperationsDashboardProps {
  ingestQueue: IQueue;
  /** Queues whose depth and age an operator watches, by label. */
  queues: Record<string, IQueue>;
  deadLetterQueues: Record<string, IQueue>;
  ingest: HouseFunction;
  router: HouseFunction;
  /** The routing log's follower, whose lag behind the table stream is how late decisions take effect. */
  routingEffects: HouseFunction;
  /** Functions whose errors and throttles belong on the front page, by label. */
  functions: Record<string, HouseFunction>;
}

const PERIOD = Duration.minutes(1);

const graph = (title: string, left: IMetric[], unit = '') =>
  new GraphWidget({
    title,
    left,
    width: 12,
    height: 6,
    leftYAxis: unit ? { label: unit, showUnits: false } : {},
  });

/** Business figures per queue or per channel, from the metrics the functions log (namespace OneThread). */
const search = (
  dimension: 'queue' | 'channel',
  metric: string,
  label: string,
  statistic = 'Sum',
  seconds = 3600,
) =>
  new MathExpression({
    expression: `SEARCH('{OneThread,${dimension},service} MetricName="${metric}"', '${statistic}', ${seconds})`,
    usingMetrics: {},
    label,
    period: Duration.seconds(seconds),
  });
const perQueue = (metric: string, label: string) => search('queue', metric, label);

/**
 * One CloudWatch dashboard for the platform: how much comes in, how fast it is routed, what
 * waits in the queues and what failed. Service level per queue is in `GET /queues`.
 */
export class OperationsDashboard extends Construct {
  public readonly dashboard: Dashboard;

  constructor(scope: Construct, id: string, props: OperationsDashboardProps) {
    super(scope, id);
    this.dashboard = new Dashboard(this, 'Dashboard', {
      dashboardName: `${Stack.of(this).stackName}-operations`,
      defaultInterval: Duration.hours(3),
    });
    for (const row of [
      [
        new TextWidget({
          markdown:
            '# OneThread operations\nIngest, routing and queues. Dead-lettered messages need attention: ' +
            'fix the cause, then `npm run redrive`.',
          width: 24,
          height: 2,
        }),
      ],
      ...pipelineRows(props),
      ...queueRows(props),
      knowledgeRow(),
      businessRow(),
    ]) {
      this.dashboard.addWidgets(...row);
    }
  }
}

function pipelineRows(props: OperationsDashboardProps): IWidget[][] {
  return [
    [
      graph('Ingest rate (contacts enqueued per minute)', [
        props.ingestQueue.metricNumberOfMessagesSent({ period: PERIOD, statistic: 'Sum', label: 'enqueued' }),
        props.ingestQueue.metricNumberOfMessagesDeleted({
          period: PERIOD,
          statistic: 'Sum',
          label: 'stored',
        }),
      ]),
      graph(
        'Routing latency (router invocation, ms)',
        ['p50', 'p99'].map((statistic) =>
          props.router.function.metricDuration({ period: PERIOD, statistic, label: `router ${statistic}` }),
        ),
        'ms',
      ),
    ],
    [
      graph(
        'Routing effects behind the log (stream iterator age, ms)',
        [
          props.routingEffects.function.metric('IteratorAge', {
            period: PERIOD,
            statistic: 'Maximum',
            label: 'routingEffects',
          }),
        ],
        'ms',
      ),
    ],
  ];
}

function queueRows(props: OperationsDashboardProps): IWidget[][] {
  return [
    [
      graph(
        'Queue depth (visible messages)',
        Object.entries(props.queues).map(([label, queue]) =>
          queue.metricApproximateNumberOfMessagesVisible({ period: PERIOD, statistic: 'Maximum', label }),
        ),
      ),
      graph(
        'Oldest message age (s)',
        Object.entries(props.queues).map(([label, queue]) =>
          queue.metricApproximateAgeOfOldestMessage({ period: PERIOD, statistic: 'Maximum', label }),
        ),
        's',
      ),
    ],
    [
      graph(
        'Dead-lettered messages',
        Object.entries(props.deadLetterQueues).map(([label, queue]) =>
          queue.metricApproximateNumberOfMessagesVisible({ period: PERIOD, statistic: 'Maximum', label }),
        ),
      ),
      graph('Function errors and throttles', [
        ...Object.entries(props.functions).map(([label, fn]) =>
          fn.function.metricErrors({ period: PERIOD, statistic: 'Sum', label: `${label} errors` }),
        ),
        new MathExpression({
          expression: Object.keys(props.functions)
            .map((_, index) => `t${index}`)
            .join(' + '),
          usingMetrics: Object.fromEntries(
            Object.values(props.functions).map((fn, index) => [
              `t${index}`,
              fn.function.metricThrottles({ period: PERIOD, statistic: 'Sum' }),
            ]),
          ),
          label: 'throttles (all)',
          period: PERIOD,
        }),
      ]),
    ],
  ];
}

function knowledgeRow(): IWidget[] {
  return [
    graph('Answered by an article, per queue (per hour)', [perQueue('Deflected', 'deflected')]),
    graph('To a person after articles, and articles agents used (per hour)', [
      perQueue('Escalated', 'escalated'),
      perQueue('ArticleUsed', 'articles used'),
    ]),
  ];
}

/** Routing's answers: the floor's rates (what the alarms watch) and the counts per queue. */
function businessRow(): IWidget[] {
  const floor = {
    answered: floorFigure('Answered'),
    within: floorFigure('AnsweredWithinTarget'),
    abandoned: floorFigure('Abandoned'),
  };
  const rate = (expression: string, label: string) =>
    new MathExpression({ expression, usingMetrics: floor, label, period: Duration.minutes(15) });
  return [
    graph(
      'Service level and abandonment, all queues (per 15 minutes)',
      [
        rate('100 * within / answered', 'answered within target'),
        rate('100 * abandoned / (answered + abandoned)', 'abandoned'),
      ],
      '%',
    ),
    graph('Answered and abandoned, per queue (per hour)', [
      perQueue('Answered', 'answered'),
      perQueue('Abandoned', 'abandoned'),
    ]),
    graph(
      'Speed of answer, all queues (per 15 minutes)',
      [floorFigure('SpeedOfAnswer', 'p50'), floorFigure('SpeedOfAnswer', 'p90')],
      'ms',
    ),
    graph('Satisfaction (mean survey rating, 1 to 5), all queues', [floorFigure('SurveyRating', 'Average')]),
    graph(
      'First response time, all queues (per 15 minutes)',
      [floorFigure('FirstResponseTime', 'p50'), floorFigure('FirstResponseTime', 'p90')],
      's',
    ),
    graph('Answered and abandoned, per channel (per hour)', [
      search('channel', 'Answered', 'answered'),
      search('channel', 'Abandoned', 'abandoned'),
    ]),
    // Gauges written when a queue's figures change: the highest value of each minute.
    graph('Backlog (not yet with an agent) and oldest wait, per queue', [
      search('queue', 'Backlog', 'backlog', 'Maximum', 60),
      search('queue', 'OldestWait', 'oldest wait (s)', 'Maximum', 60),
    ]),
  ];
}

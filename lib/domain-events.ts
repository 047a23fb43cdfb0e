import { Duration, Validations } from 'aws-cdk-lib';
import type { Alarm, IAlarmAction } from 'aws-cdk-lib/aws-cloudwatch';
import {
  ApiDestination,
  type Archive,
  Authorization,
  Connection,
  EventBus,
  HttpMethod,
  Rule,
} from 'aws-cdk-lib/aws-events';
import { ApiDestination as ApiDestinationTarget } from 'aws-cdk-lib/aws-events-targets';
import { type ISecret, Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { DOMAIN_EVENT_SOURCE } from '#core/domain-events.ts';
import { parkedMessagesAlarm } from './alerts.ts';
import type { WebhookConfig } from './config.ts';
import type { HouseFunction } from './house-function.ts';
import type { StackOutput } from './stack-output.ts';

/** The header each webhook request carries its secret in (docs/events.md#webhooks). */
export const WEBHOOK_KEY_HEADER = 'x-onethread-webhook-key';
/** How a webhook's deliveries are retried before an event is parked in the dead-letter queue. */
export const WEBHOOK_RETRY = { maxEventAge: Duration.hours(24), retryAttempts: 185 } as const;
/** Requests per second at most to one webhook, whatever the floor is doing. */
export const WEBHOOK_RATE_PER_SECOND = 20;

export interface DomainEventsProps {
  /** The one function that publishes (the table stream's live-updates consumer). */
  publisher: HouseFunction;
  webhooks: readonly WebhookConfig[];
  /** How long the archive keeps events for replays. */
  archiveRetention: Duration;
  alarmAction?: IAlarmAction | undefined;
}

/**
 * Domain events for the company's systems (docs/events.md): a custom EventBridge bus that only
 * the publisher may put to, an archive of every OneThread event for replays, and one rule per
 * configured webhook that posts the matching events through an API destination, authenticated
 * with the webhook's secret, retried for a day, then parked in a dead-letter queue (alarmed).
 */
export class DomainEvents extends Construct {
  public readonly bus: EventBus;
  public readonly archive: Archive;
  /** Events a webhook did not take in time; empty without webhooks. */
  public readonly webhookFailures: Queue | undefined;
  public readonly webhookFailureAlarm: Alarm | undefined;
  /** Each webhook's rule, by name. */
  public readonly rules: Record<string, Rule> = {};
  /** The keys made here for webhooks that named no secret, by webhook name: the company reads them. */
  public readonly generatedKeys: Record<string, Secret> = {};

  constructor(scope: Construct, id: string, props: DomainEventsProps) {
    super(scope, id);
    this.bus = new EventBus(this, 'Bus', { description: 'OneThread domain events (docs/events.md)' });
    this.bus.grantPutEventsTo(props.publisher.role);
    props.publisher.setEnv('ONETHREAD_EVENT_BUS', this.bus.eventBusName);
    this.archive = this.bus.archive('Archive', {
      description: 'Every OneThread domain event, for replays to the bus',
      eventPattern: { source: [DOMAIN_EVENT_SOURCE] },
      retention: props.archiveRetention,
    });
    if (props.webhooks.length === 0) return;

    this.webhookFailures = new Queue(this, 'WebhookFailures', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.webhookFailures).acknowledge({
      id: 'AwsSolutions::AwsSolutions-SQS3',
      reason:
        'This queue is itself a dead-letter destination: the webhook rules target it with the ' +
        'events their API destinations did not take, which SQS redrive policies do not show. Alarmed.',
    });
    this.webhookFailureAlarm = parkedMessagesAlarm(
      this,
      'WebhookFailuresAlarm',
      this.webhookFailures,
      "A company system did not take OneThread's domain events for a day (a webhook failed " +
        'every retry). The events are in the queue, with the error; see docs/events.md#webhooks.',
      props.alarmAction,
    );
    for (const webhook of props.webhooks)
      this.rules[webhook.name] = this.addWebhook(webhook, this.webhookFailures);
  }

  private addWebhook(webhook: WebhookConfig, failures: Queue): Rule {
    const scope = new Construct(this, `Webhook-${webhook.name}`);
    const connection = new Connection(scope, 'Connection', {
      description: `OneThread webhook ${webhook.name}`,
      authorization: Authorization.apiKey(WEBHOOK_KEY_HEADER, this.keyOf(scope, webhook).secretValue),
    });
    const destination = new ApiDestination(scope, 'Destination', {
      description: `OneThread webhook ${webhook.name}`,
      connection,
      endpoint: webhook.url,
      httpMethod: HttpMethod.POST,
      rateLimitPerSecond: WEBHOOK_RATE_PER_SECOND,
    });
    return new Rule(scope, 'Rule', {
      description: `OneThread domain events to the ${webhook.name} webhook`,
      eventBus: this.bus,
      eventPattern: {
        source: [DOMAIN_EVENT_SOURCE],
        ...(webhook.eventTypes ? { detailType: [...webhook.eventTypes] } : {}),
      },
      targets: [new ApiDestinationTarget(destination, { ...WEBHOOK_RETRY, deadLetterQueue: failures })],
    });
  }

  /** The company's own secret when named; otherwise one made here, for the company to read. */
  private keyOf(scope: Construct, webhook: WebhookConfig): ISecret {
    if (webhook.secretName) return Secret.fromSecretNameV2(scope, 'Key', webhook.secretName);
    const secret = new Secret(scope, 'Key', {
      description: `The key OneThread's requests to the ${webhook.name} webhook carry in ${WEBHOOK_KEY_HEADER}`,
      generateSecretString: { passwordLength: 48, excludePunctuation: true },
    });
    Validations.of(secret).acknowledge({
      id: 'AwsSolutions::AwsSolutions-SMG4',
      reason:
        'The webhook key is read into the EventBridge connection at deployment and checked by the ' +
        "company's system: a rotation here would lock the webhook out until both are redeployed.",
    });
    this.generatedKeys[webhook.name] = secret;
    return secret;
  }

  outputs(): StackOutput[] {
    return [
      {
        id: 'EventBusName',
        value: this.bus.eventBusName,
        description: 'EventBridge bus of OneThread domain events',
      },
      {
        id: 'EventBusArn',
        value: this.bus.eventBusArn,
        description: 'Rules of other systems subscribe here (docs/events.md)',
      },
      {
        id: 'EventArchiveName',
        value: this.archive.archiveName,
        description: 'Domain events kept for replays',
      },
      ...Object.entries(this.generatedKeys).map(([name, key]) => ({
        id: `WebhookKey${name.replace(/-/g, '')}`,
        value: key.secretArn,
        description: `The key the ${name} webhook's requests carry`,
      })),
    ];
  }
}

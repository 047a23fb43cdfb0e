import { CfnOutput, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { AgentIdentity } from './agent-identity.ts';
import { Alerts } from './alerts.ts';
import { PublicApi } from './api.ts';
import { functionEnvironment, type OneThreadConfig } from './config.ts';
import { DataStore } from './data.ts';
import { IngestPipeline } from './ingest.ts';

export interface OneThreadStackProps extends StackProps {
  config: OneThreadConfig;
}

/** One OneThread deployment. It only composes the capability constructs and names the outputs. */
export class OneThreadStack extends Stack {
  public readonly data: DataStore;
  public readonly identity: AgentIdentity;
  public readonly alerts: Alerts;
  public readonly ingest: IngestPipeline;
  public readonly api: PublicApi;

  constructor(scope: Construct, id: string, props: OneThreadStackProps) {
    super(scope, id, props);
    const { config } = props;
    const environment = functionEnvironment(config);
    const logRetention = config.logRetentionDays as RetentionDays;
    const logRemovalPolicy = config.deletionProtection ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;

    // Construct ids below are part of every resource's identity; renaming one replaces it.
    this.data = new DataStore(this, 'Data', { deletionProtection: config.deletionProtection });
    this.identity = new AgentIdentity(this, 'AgentIdentity', {
      deletionProtection: config.deletionProtection,
      mfa: config.agentMfa,
    });
    this.alerts = new Alerts(this, 'Alerts', { email: config.alarmEmail });
    this.ingest = new IngestPipeline(this, 'Ingest', {
      table: this.data.table,
      environment,
      logRetention,
      logRemovalPolicy,
      alarmAction: this.alerts.action,
    });
    this.api = new PublicApi(this, 'Api', {
      table: this.data.table,
      ingestQueue: this.ingest.queue,
      userPool: this.identity.userPool,
      userPoolClients: [this.identity.consoleClient],
      allowedOrigins: config.allowedOrigins,
      throttle: { rateLimit: config.apiRateLimit, burstLimit: config.apiBurstLimit },
      environment,
      logRetention,
      logRemovalPolicy,
    });

    const output = (id: string, value: string, description: string) =>
      new CfnOutput(this, id, { value, description });
    output('ApiUrl', this.api.url, 'Base URL of the OneThread API (chat widget and agent console)');
    output('TableName', this.data.table.tableName, 'The OneThread DynamoDB table');
    output('UserPoolId', this.identity.userPool.userPoolId, 'Cognito user pool of agents and supervisors');
    output(
      'ConsoleClientId',
      this.identity.consoleClient.userPoolClientId,
      'App client of the agent console',
    );
    output('IngestQueueUrl', this.ingest.queue.queueUrl, 'Queue every channel writes contacts to');
    output('IngestDeadLetterQueueUrl', this.ingest.deadLetterQueue.queueUrl, 'Contacts that failed 5 times');
    output('AlarmTopicArn', this.alerts.topic.topicArn, 'Subscribe here to receive OneThread alarms');
  }
}

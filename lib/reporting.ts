import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { CfnWorkGroup } from 'aws-cdk-lib/aws-athena';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { CfnDatabase, CfnTable } from 'aws-cdk-lib/aws-glue';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Bucket, CfnBucket } from 'aws-cdk-lib/aws-s3';
import { CfnSchedule } from 'aws-cdk-lib/aws-scheduler';
import { Construct } from 'constructs';
import { EXPORT_PREFIXES } from '#core/intervals.ts';
import type { FunctionEnv } from '#shared/env-names.ts';
import { FUNCTIONS } from '../functions/routes.ts';
import { accessLogBucket, loggedBucket } from './buckets.ts';
import { bindTable, HouseFunction } from './house-function.ts';
import type { StackOutput } from './stack-output.ts';

export interface ReportingProps {
  table: ITableV2;
  /** Settings every function reads (see `functionEnvironment`). */
  environment: FunctionEnv;
  /** Keeps the reports bucket (the interval history) when the stack is deleted. */
  deletionProtection: boolean;
  accessLogRetentionDays: number;
  logRetention: RetentionDays;
  logRemovalPolicy: RemovalPolicy;
}

/** Where Athena writes query results, kept a month. */
const RESULTS_PREFIX = 'athena-results/';
const MARKER_PREFIX = 'exports/';
/** The first day partition projection offers; days before it hold nothing. */
const FIRST_DAY = '2026-01-01';

const COUNT = { type: 'bigint' } as const;
const SECONDS = { type: 'double' } as const;
const TABLE_COLUMNS = {
  queue_intervals: {
    prefix: EXPORT_PREFIXES.queues,
    description: 'Each queue and channel per 15 minutes: offered, answered, abandoned, handle and wait time',
    columns: {
      start: { type: 'string' },
      queueid: { type: 'string' },
      channel: { type: 'string' },
      offered: COUNT,
      answered: COUNT,
      abandoned: COUNT,
      answeredwithintarget: COUNT,
      handled: COUNT,
      handleseconds: SECONDS,
      answerwaitseconds: SECONDS,
    },
  },
  agent_intervals: {
    prefix: EXPORT_PREFIXES.agents,
    description: 'Each agent per 15 minutes: seconds available, busy on contacts, away and offline',
    columns: {
      start: { type: 'string' },
      agentid: { type: 'string' },
      availableseconds: SECONDS,
      busyseconds: SECONDS,
      awayseconds: SECONDS,
      offlineseconds: SECONDS,
    },
  },
} as const;

/**
 * Interval history past the table: a private reports bucket the `intervalExport` function writes
 * each closed 15-minute interval to (JSON lines, a folder per UTC day), every 15 minutes on an
 * EventBridge Scheduler schedule; a Glue database with one table per kind of record, partitioned
 * by day with partition projection (no crawler, no partitions to add); and an Athena workgroup
 * whose results stay in the bucket, encrypted.
 */
export class Reporting extends Construct {
  public readonly bucket: Bucket;
  public readonly accessLogs: Bucket;
  public readonly exporter: HouseFunction;
  public readonly database: CfnDatabase;
  public readonly tables: Record<keyof typeof TABLE_COLUMNS, CfnTable>;
  public readonly workGroup: CfnWorkGroup;

  constructor(scope: Construct, id: string, props: ReportingProps) {
    super(scope, id);
    const removalPolicy = props.deletionProtection ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    this.accessLogs = accessLogBucket(this, 'AccessLogs', {
      retentionDays: props.accessLogRetentionDays,
      removalPolicy,
    });
    this.bucket = loggedBucket(this, 'Bucket', {
      accessLogs: this.accessLogs,
      logPrefix: 'reports-bucket/',
      lifecycleRules: [
        { id: 'expire-query-results', prefix: RESULTS_PREFIX, expiration: Duration.days(30) },
        { id: 'abort-incomplete-uploads', abortIncompleteMultipartUploadAfter: Duration.days(1) },
      ],
      removalPolicy,
    });
    this.exporter = this.createExporter(props);
    this.scheduleExport();

    const stack = Stack.of(this);
    const databaseName = `${stack.stackName.toLowerCase().replace(/[^a-z0-9_]/g, '_')}_reports`;
    this.database = new CfnDatabase(this, 'Database', {
      catalogId: stack.account,
      databaseInput: { name: databaseName, description: 'OneThread interval history (15-minute records)' },
    });
    this.tables = {
      queue_intervals: this.createTable('QueueIntervals', databaseName, 'queue_intervals'),
      agent_intervals: this.createTable('AgentIntervals', databaseName, 'agent_intervals'),
    };
    this.workGroup = new CfnWorkGroup(this, 'WorkGroup', {
      name: `${stack.stackName}-reports`,
      description: 'Queries over the OneThread interval history',
      recursiveDeleteOption: !props.deletionProtection,
      workGroupConfiguration: {
        enforceWorkGroupConfiguration: true,
        publishCloudWatchMetricsEnabled: true,
        resultConfiguration: {
          outputLocation: this.bucket.s3UrlForObject(RESULTS_PREFIX),
          encryptionConfiguration: { encryptionOption: 'SSE_S3' },
        },
      },
    });
  }

  private createExporter(props: ReportingProps): HouseFunction {
    const fn = new HouseFunction(this, 'Exporter', {
      entry: FUNCTIONS.intervalExport.entry,
      description: FUNCTIONS.intervalExport.description,
      timeout: Duration.minutes(2),
      environment: props.environment,
      logRetention: props.logRetention,
      removalPolicy: props.logRemovalPolicy,
    });
    bindTable(fn, props.table, 'read', []);
    const prefixes = [EXPORT_PREFIXES.queues, EXPORT_PREFIXES.agents, MARKER_PREFIX];
    fn.role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['s3:PutObject'],
        resources: prefixes.map((prefix) => this.bucket.arnForObjects(`${prefix}*`)),
      }),
    );
    fn.setEnv('ONETHREAD_REPORTS_BUCKET', this.bucket.bucketName);
    const policy = fn.role.node.tryFindChild('DefaultPolicy');
    const bucketId = Stack.of(this).resolve((this.bucket.node.defaultChild as CfnBucket).logicalId);
    if (policy) {
      Validations.of(policy).acknowledge(
        ...prefixes.map((prefix) => ({
          id: `AwsSolutions::AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/${prefix}*]`,
          reason:
            'Interval objects are named by their day and start, known only at run time; the grant ' +
            'is PutObject alone, under the export prefixes of the reports bucket.',
        })),
      );
    }
    return fn;
  }

  /**
   * Two minutes past each quarter hour: the interval just closed, once the follower has carried
   * out its last entries (a second or so behind on AWS).
   */
  private scheduleExport(): void {
    const role = new Role(this, 'SchedulerRole', {
      description: 'EventBridge Scheduler runs the interval export',
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
    });
    role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['lambda:InvokeFunction'],
        resources: [this.exporter.function.functionArn],
      }),
    );
    new CfnSchedule(this, 'ExportSchedule', {
      description: 'OneThread interval export: closed 15-minute intervals to the reports bucket',
      scheduleExpression: 'cron(2/15 * * * ? *)',
      flexibleTimeWindow: { mode: 'OFF' },
      target: {
        arn: this.exporter.function.functionArn,
        roleArn: role.roleArn,
        // A missed run is made up by the next one, which writes the whole day again.
        retryPolicy: { maximumRetryAttempts: 2, maximumEventAgeInSeconds: 600 },
      },
    });
  }

  private createTable(id: string, databaseName: string, name: keyof typeof TABLE_COLUMNS): CfnTable {
    const { prefix, description, columns } = TABLE_COLUMNS[name];
    const location = this.bucket.s3UrlForObject(prefix);
    const table = new CfnTable(this, id, {
      catalogId: Stack.of(this).account,
      databaseName,
      tableInput: {
        name,
        description,
        tableType: 'EXTERNAL_TABLE',
        partitionKeys: [{ name: 'date', type: 'string' }],
        parameters: {
          classification: 'json',
          'projection.enabled': 'true',
          'projection.date.type': 'date',
          'projection.date.format': 'yyyy-MM-dd',
          'projection.date.range': `${FIRST_DAY},NOW`,
          'projection.date.interval': '1',
          'projection.date.interval.unit': 'DAYS',
          'storage.location.template': `${location}date=\${date}/`,
        },
        storageDescriptor: {
          location,
          columns: Object.entries(columns).map(([column, { type }]) => ({ name: column, type })),
          inputFormat: 'org.apache.hadoop.mapred.TextInputFormat',
          outputFormat: 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat',
          serdeInfo: { serializationLibrary: 'org.openx.data.jsonserde.JsonSerDe' },
        },
      },
    });
    table.addResourceDependency(this.database);
    return table;
  }

  outputs(): StackOutput[] {
    return [
      {
        id: 'ReportsBucketName',
        value: this.bucket.bucketName,
        description: 'Interval history as JSON lines, by day',
      },
      {
        id: 'ReportsDatabase',
        value: this.database.ref,
        description: 'Glue database of the interval tables',
      },
      {
        id: 'ReportsWorkGroup',
        value: this.workGroup.ref,
        description: 'Athena workgroup for interval queries',
      },
    ];
  }
}

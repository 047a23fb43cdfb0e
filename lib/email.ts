import { ArnFormat, Aws, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type { IAlarmAction } from 'aws-cdk-lib/aws-cloudwatch';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { type Bucket, type CfnBucket, HttpMethods, StorageClass } from 'aws-cdk-lib/aws-s3';
import {
  type IReceiptRuleAction,
  type ReceiptRuleActionConfig,
  ReceiptRuleSet,
  TlsPolicy,
} from 'aws-cdk-lib/aws-ses';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { SqsSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct, type IConstruct } from 'constructs';
import { EXPORT_KEEP_DAYS } from '#core/export-job.ts';
import type { RetentionPolicy } from '#core/retention.ts';
import type { FunctionEnv } from '#shared/env-names.ts';
import { FUNCTIONS } from '../functions/routes.ts';
import { accessLogBucket, loggedBucket } from './buckets.ts';
import { bindQueue, bindTable, HouseFunction } from './house-function.ts';
import { retentionLifecycleRules } from './retention.ts';
import type { StackOutput } from './stack-output.ts';
import { WorkQueue } from './work-queue.ts';

/** Where SES's receipt rule writes raw messages, and where the function keeps what it extracts. */
export const EMAIL_PREFIXES = { inbound: 'inbound/', attachments: 'attachments/', raw: 'raw/' } as const;

/** Files customers and agents attach, and provider media fetched: under the attachments prefix. */
export const ATTACHMENT_FILES_PREFIX = `${EMAIL_PREFIXES.attachments}files/`;

/** Customer export archives (docs/compliance.md#export-jobs), kept a week. */
export const EXPORTS_PREFIX = 'exports/';

/** Largest message read whole (SES's S3 action takes up to 30 MB), and largest attachment kept. */
const MAX_MESSAGE_BYTES = 25 * 1024 * 1024;
const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

export interface EmailChannelProps {
  table: ITableV2;
  ingestQueue: IQueue;
  environment: FunctionEnv;
  /** The receiving domain; without it nothing is received (no receipt rule set is created). */
  domain?: string | undefined;
  /** Addresses the rule accepts (each also with `+tag`); none means the whole domain. */
  receiptAddresses: string[];
  /** Keeps the buckets (customers' original messages) when the stack is deleted. */
  deletionProtection: boolean;
  /** How long stored mail is kept: `emailRaw` for the originals, `attachments` for files; absent keeps it. */
  retention?: RetentionPolicy | undefined;
  /** Retention of the buckets' server access logs, in days. */
  accessLogRetentionDays: number;
  logRetention: RetentionDays;
  logRemovalPolicy: RemovalPolicy;
  alarmAction?: IAlarmAction | undefined;
  /** Sites whose browsers upload attachments straight to the bucket (the chat widget, the console). */
  uploadOrigins?: string[] | undefined;
}

/**
 * Inbound email. SES's receipt rule stores each message in the bucket under `inbound/` and
 * notifies the topic; the topic feeds the email queue, whose consumer (`emailInbound`) reads the
 * original, stores attachments and puts the message on the ingest queue.
 *
 * The bucket, topic, queue and function always exist, so every deployment has the same
 * functions; only the receipt rule set depends on `onethread:emailDomain`. Without it nothing
 * writes to the topic, and the idle pipeline costs next to nothing. SES allows one active rule
 * set per account and region, and CloudFormation cannot activate one: see docs/deploy.md.
 */
export class EmailChannel extends Construct {
  public readonly bucket: Bucket;
  public readonly accessLogs: Bucket;
  public readonly topic: Topic;
  public readonly work: WorkQueue;
  public readonly inbound: HouseFunction;
  public readonly receiptRuleSet?: ReceiptRuleSet;
  public readonly receiptRuleSetName?: string;

  constructor(scope: Construct, id: string, props: EmailChannelProps) {
    super(scope, id);
    const removalPolicy = props.deletionProtection ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;

    this.accessLogs = accessLogBucket(this, 'AccessLogs', {
      retentionDays: props.accessLogRetentionDays,
      removalPolicy,
    });
    this.bucket = this.mailBucket(props, removalPolicy);

    // SES notifications name the stored object; they carry headers, never the message body.
    this.topic = new Topic(this, 'ReceiptTopic', {
      displayName: 'OneThread inbound email',
      enforceSSL: true,
    });

    const timeout = Duration.seconds(60);
    this.work = new WorkQueue(this, 'Queue', {
      purpose: 'Inbound email notifications',
      consumerTimeout: timeout,
      maxMessageAge: Duration.minutes(15),
      deadLetterAdvice:
        'Messages the function parked itself carry a `reason` attribute and will not succeed on a ' +
        'retry; for the others, fix the cause in the emailInbound logs and move them back with ' +
        '`npm run redrive`.',
      alarmAction: props.alarmAction,
    });
    this.topic.addSubscription(new SqsSubscription(this.work.queue, { rawMessageDelivery: true }));

    this.inbound = this.inboundFunction(props, timeout);

    if (props.domain) {
      this.receiptRuleSetName = `${Stack.of(this).stackName}-email`;
      this.receiptRuleSet = this.receiveMail(
        this.receiptRuleSetName,
        props.receiptAddresses.length > 0 ? props.receiptAddresses : [props.domain],
      );
    }
  }

  /** The bucket of original messages, attachments and export archives, and what expires in it. */
  private mailBucket(props: EmailChannelProps, removalPolicy: RemovalPolicy): Bucket {
    // Customers' original messages and attachments: the timeline refers to them, so they are
    // kept as long as the retention policy says (forever without one); older ones move to
    // Intelligent-Tiering.
    return loggedBucket(this, 'Bucket', {
      accessLogs: this.accessLogs,
      logPrefix: 'email-bucket/',
      // Browsers PUT attachments with a presigned URL, which signs the type, length and checksum.
      ...(props.uploadOrigins?.length
        ? {
            cors: [
              {
                allowedMethods: [HttpMethods.PUT],
                allowedOrigins: props.uploadOrigins,
                allowedHeaders: ['content-type', 'x-amz-checksum-sha256'],
                maxAge: 600,
              },
            ],
          }
        : {}),
      lifecycleRules: [
        { id: 'abort-incomplete-uploads', abortIncompleteMultipartUploadAfter: Duration.days(1) },
        {
          id: 'older-mail-to-intelligent-tiering',
          transitions: [
            { storageClass: StorageClass.INTELLIGENT_TIERING, transitionAfter: Duration.days(30) },
          ],
        },
        {
          id: 'expire-export-archives',
          prefix: EXPORTS_PREFIX,
          expiration: Duration.days(EXPORT_KEEP_DAYS),
        },
        ...retentionLifecycleRules(props.retention, {
          [EMAIL_PREFIXES.inbound]: 'emailRaw',
          [EMAIL_PREFIXES.raw]: 'emailRaw',
          [EMAIL_PREFIXES.attachments]: 'attachments',
        }),
      ],
      removalPolicy,
    });
  }

  /** `emailInbound`: reads the stored original, stores its attachments and enqueues the message. */
  private inboundFunction(props: EmailChannelProps, timeout: Duration): HouseFunction {
    // Memory for the largest message it reads whole (parsing holds several copies).
    const fn = new HouseFunction(this, 'Inbound', {
      entry: FUNCTIONS.emailInbound.entry,
      description: FUNCTIONS.emailInbound.description,
      memorySize: 1024,
      timeout,
      environment: props.environment,
      logRetention: props.logRetention,
      removalPolicy: props.logRemovalPolicy,
    });
    // The duplicate check reads one interaction by key; nothing else in the table.
    bindTable(fn, props.table, 'get');
    bindQueue(fn, props.ingestQueue, 'send');
    bindQueue(fn, this.work.deadLetterQueue, 'send', 'ONETHREAD_EMAIL_DLQ_URL');
    fn.setEnv('ONETHREAD_EMAIL_BUCKET', this.bucket.bucketName);
    fn.setEnv('ONETHREAD_EMAIL_OBJECT_PREFIX', EMAIL_PREFIXES.inbound);
    fn.setEnv('ONETHREAD_EMAIL_MAX_MESSAGE_BYTES', String(MAX_MESSAGE_BYTES));
    fn.setEnv('ONETHREAD_EMAIL_MAX_ATTACHMENT_BYTES', String(MAX_ATTACHMENT_BYTES));
    fn.role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['s3:GetObject'],
        resources: [this.bucket.arnForObjects(`${EMAIL_PREFIXES.inbound}*`)],
      }),
    );
    fn.role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['s3:PutObject'],
        resources: [
          this.bucket.arnForObjects(`${EMAIL_PREFIXES.attachments}*`),
          this.bucket.arnForObjects(`${EMAIL_PREFIXES.raw}*`),
        ],
      }),
    );
    this.acknowledgeObjectPrefixes(fn);
    // Up to 5 messages of up to 25 MB each are parsed side by side in 1 GB.
    this.work.addConsumer(fn, { batchSize: 5 });
    return fn;
  }

  /** The rule set SES receives the domain's mail with: stored in `inbound/`, then notified. */
  private receiveMail(ruleSetName: string, recipients: string[]): ReceiptRuleSet {
    const ruleName = 'inbound';
    return new ReceiptRuleSet(this, 'ReceiptRuleSet', {
      receiptRuleSetName: ruleSetName,
      rules: [
        {
          receiptRuleName: ruleName,
          // An address also matches its `+tag` forms, which carry the reply tokens.
          recipients,
          enabled: true,
          scanEnabled: true,
          tlsPolicy: TlsPolicy.OPTIONAL,
          actions: [
            new StoreAndNotify({
              bucket: this.bucket,
              prefix: EMAIL_PREFIXES.inbound,
              topic: this.topic,
              ruleArn: Stack.of(this).formatArn({
                service: 'ses',
                resource: 'receipt-rule-set',
                resourceName: `${ruleSetName}:receipt-rule/${ruleName}`,
                arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
              }),
            }),
          ],
        },
      ],
    });
  }

  /** Lets a function read every stored message and attachment (the customer export). */
  bindFileReader(fn: HouseFunction): void {
    this.bindFiles(fn, 's3:GetObject');
  }

  /** Lets the export function store the archives it builds, under `exports/` only. */
  bindExportWriter(fn: HouseFunction): void {
    this.bindExports(fn, 's3:PutObject');
  }

  /** Lets a function read export archives, to sign their download links. */
  bindExportReader(fn: HouseFunction): void {
    this.bindExports(fn, 's3:GetObject');
  }

  private bindExports(fn: HouseFunction, action: string): void {
    fn.role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: [action],
        resources: [this.bucket.arnForObjects(`${EXPORTS_PREFIX}*`)],
      }),
    );
    const policy = fn.role.node.tryFindChild('DefaultPolicy');
    if (!policy) return;
    const bucketId = Stack.of(this).resolve((this.bucket.node.defaultChild as CfnBucket).logicalId);
    Validations.of(policy).acknowledge({
      id: `AwsSolutions::AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/${EXPORTS_PREFIX}*]`,
      reason:
        `Archive keys under ${EXPORTS_PREFIX} are export job ids, known only at run time; the grant is ` +
        'limited to that prefix of the email bucket and to one action.',
    });
  }

  /**
   * Lets a function use attached files: `read` checks that an upload arrived and signs links to
   * it; `write` also signs upload grants and stores fetched media. Only under the files prefix.
   */
  bindAttachments(fn: HouseFunction, access: 'read' | 'write'): void {
    fn.setEnv('ONETHREAD_EMAIL_BUCKET', this.bucket.bucketName);
    fn.role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: access === 'write' ? ['s3:GetObject', 's3:PutObject'] : ['s3:GetObject'],
        resources: [this.bucket.arnForObjects(`${ATTACHMENT_FILES_PREFIX}*`)],
      }),
    );
    const policy = fn.role.node.tryFindChild('DefaultPolicy');
    if (!policy) return;
    const bucketId = Stack.of(this).resolve((this.bucket.node.defaultChild as CfnBucket).logicalId);
    Validations.of(policy).acknowledge({
      id: `AwsSolutions::AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/${ATTACHMENT_FILES_PREFIX}*]`,
      reason:
        `Keys under ${ATTACHMENT_FILES_PREFIX} are attachment ids, known only at run time; the grant is ` +
        'limited to that prefix of the email bucket.',
    });
  }

  /** Lets a function delete stored messages and attachments (the customer erasure). */
  bindFileEraser(fn: HouseFunction): void {
    this.bindFiles(fn, 's3:DeleteObject');
  }

  private bindFiles(fn: HouseFunction, action: string): void {
    fn.setEnv('ONETHREAD_EMAIL_BUCKET', this.bucket.bucketName);
    fn.role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: [action],
        resources: Object.values(EMAIL_PREFIXES).map((prefix) => this.bucket.arnForObjects(`${prefix}*`)),
      }),
    );
    this.acknowledgeObjectPrefixes(fn);
  }

  /** Object keys (SES message ids, attachment names) are only known at run time. */
  private acknowledgeObjectPrefixes(fn: HouseFunction): void {
    const policy = fn.role.node.tryFindChild('DefaultPolicy');
    if (!policy) return;
    const bucketId = Stack.of(this).resolve((this.bucket.node.defaultChild as CfnBucket).logicalId);
    for (const prefix of Object.values(EMAIL_PREFIXES)) {
      Validations.of(policy).acknowledge({
        id: `AwsSolutions::AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/${prefix}*]`,
        reason:
          `Object keys under ${prefix} are SES message ids and attachment names, known only at run ` +
          'time; the grant is limited to that prefix of the email bucket and to one action.',
      });
    }
  }

  outputs(): StackOutput[] {
    return [
      {
        id: 'EmailBucketName',
        value: this.bucket.bucketName,
        description: 'Raw inbound email and attachments',
      },
      { id: 'EmailQueueUrl', value: this.work.queue.queueUrl, description: 'SES receipt notifications' },
      {
        id: 'EmailDeadLetterQueueUrl',
        value: this.work.deadLetterQueue.queueUrl,
        description: 'Email notifications that failed or cannot be ingested',
      },
      ...(this.receiptRuleSetName
        ? [
            {
              id: 'EmailReceiptRuleSetName',
              value: this.receiptRuleSetName,
              description: 'Activate once: aws ses set-active-receipt-rule-set --rule-set-name <this>',
            },
          ]
        : []),
    ];
  }
}

interface StoreAndNotifyProps {
  bucket: Bucket;
  prefix: string;
  topic: Topic;
  /** The receipt rule's ARN: only this rule may write and publish. */
  ruleArn: string;
}

/**
 * SES's S3 action, with the bucket and topic policies limited to this account's receipt rule
 * (the stock action only checks the account). SES tests both permissions when the rule is
 * created, so the rule depends on both policies.
 */
class StoreAndNotify implements IReceiptRuleAction {
  constructor(private readonly props: StoreAndNotifyProps) {}

  bind(rule: IConstruct): ReceiptRuleActionConfig {
    const { bucket, prefix, topic, ruleArn } = this.props;
    const ses = new ServicePrincipal('ses.amazonaws.com');
    const conditions = {
      StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
      ArnLike: { 'aws:SourceArn': ruleArn },
    };
    bucket.addToResourcePolicy(
      new PolicyStatement({
        principals: [ses],
        actions: ['s3:PutObject'],
        resources: [bucket.arnForObjects(`${prefix}*`)],
        conditions,
      }),
    );
    topic.addToResourcePolicy(
      new PolicyStatement({
        principals: [ses],
        actions: ['sns:Publish'],
        resources: [topic.topicArn],
        conditions,
      }),
    );
    for (const policy of [bucket.policy, topic.node.tryFindChild('Policy')]) {
      if (policy) rule.node.addDependency(policy);
    }
    return { s3Action: { bucketName: bucket.bucketName, objectKeyPrefix: prefix, topicArn: topic.topicArn } };
  }
}

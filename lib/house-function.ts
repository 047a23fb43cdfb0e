import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type CfnResource, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Architecture, LoggingFormat, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { LogLevel, NodejsFunction, OutputFormat, SourceMapMode } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { EnvName, FunctionEnv } from '#shared/env-names.ts';
import { AUDIT_TABLE_KEYS, TABLE_KEYS } from '#store/table.ts';

/** The repository root: entries in functions/routes.ts and the lock file are relative to it. */
export const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));

// ESM output has no `require`; bundled CommonJS dependencies still call it.
const REQUIRE_BANNER =
  "import { createRequire as __onethreadCreateRequire } from 'node:module';" +
  'const require = __onethreadCreateRequire(import.meta.url);';

export interface HouseFunctionProps {
  /** Handler module, relative to the repository root; it must export `handler`. */
  entry: string;
  description: string;
  logRetention: RetentionDays;
  /** Log groups follow the data: kept when the stack is deleted with deletion protection on. */
  removalPolicy?: RemovalPolicy;
  environment?: FunctionEnv;
  /** @default 256 */
  memorySize?: number;
  /** @default 10 seconds */
  timeout?: Duration;
}

/**
 * OneThread's Lambda function: Node 22 on ARM64, an ESM bundle built locally by esbuild
 * (minified, with source maps), X-Ray tracing, and its own log group with a retention period.
 * The role starts with nothing but that log group; `bindTable` and `bindQueue` add the rest.
 */
export class HouseFunction extends Construct {
  public readonly function: NodejsFunction;
  public readonly role: Role;
  public readonly logGroup: LogGroup;
  private readonly boundEnv = new Map<EnvName, string>();

  constructor(scope: Construct, id: string, props: HouseFunctionProps) {
    super(scope, id);
    const memorySize = props.memorySize ?? 256;
    if (memorySize < 128 || memorySize > 10_240) {
      throw new Error(`${this.node.path}: memorySize must be 128–10240 MB, got ${memorySize}`);
    }
    const timeout = props.timeout ?? Duration.seconds(10);
    if (timeout.toSeconds() < 1 || timeout.toSeconds() > 900) {
      throw new Error(`${this.node.path}: timeout must be 1–900 seconds, got ${timeout.toSeconds()}`);
    }

    this.logGroup = new LogGroup(this, 'Logs', {
      retention: props.logRetention,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.DESTROY,
    });
    // An own role instead of AWSLambdaBasicExecutionRole, whose logs grant covers every log group.
    this.role = new Role(this, 'Role', { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
    this.logGroup.grantWrite(this.role);

    this.function = new NodejsFunction(this, 'Function', {
      entry: path.join(PROJECT_ROOT, props.entry),
      handler: 'handler',
      description: props.description,
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize,
      timeout,
      role: this.role,
      tracing: Tracing.ACTIVE,
      logGroup: this.logGroup,
      loggingFormat: LoggingFormat.JSON,
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: path.join(PROJECT_ROOT, 'package-lock.json'),
      environment: {
        POWERTOOLS_SERVICE_NAME: 'onethread',
        NODE_OPTIONS: '--enable-source-maps',
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        ...props.environment,
      },
      bundling: {
        format: OutputFormat.ESM,
        target: 'node22',
        mainFields: ['module', 'main'],
        banner: REQUIRE_BANNER,
        minify: true,
        sourceMap: true,
        sourceMapMode: SourceMapMode.DEFAULT,
        // Stack traces need file and line, not the original sources; keeps the bundle small.
        sourcesContent: false,
        // The Node.js 22 runtime ships the AWS SDK v3.
        externalModules: ['@aws-sdk/*'],
        forceDockerBundling: false,
        // Errors and warnings only: the per-file size table drowns the synth output.
        logLevel: LogLevel.WARNING,
      },
    });

    Validations.of(this.function).acknowledge({
      id: 'AwsSolutions::AwsSolutions-L1',
      reason:
        'Pinned to nodejs22.x, the runtime the bundles are built for (esbuild target node22); ' +
        'it is raised together with that target, not whenever a newer runtime appears.',
    });
    const defaultPolicy = this.role.node.tryFindChild('DefaultPolicy');
    if (defaultPolicy) {
      Validations.of(defaultPolicy).acknowledge({
        id: 'AwsSolutions::AwsSolutions-IAM5[Resource::*]',
        reason:
          'Active tracing needs xray:PutTraceSegments and xray:PutTelemetryRecords, which do not ' +
          'support resource-level permissions; no other statement in this policy uses Resource "*".',
      });
    }
  }

  /** Adds an environment variable; binding two resources to one variable is a wiring mistake. */
  public setEnv(name: EnvName, value: string): void {
    const previous = this.boundEnv.get(name);
    if (previous !== undefined && previous !== value) {
      throw new Error(`${this.node.path}: ${name} is already bound to another resource`);
    }
    this.boundEnv.set(name, value);
    this.function.addEnvironment(name, value);
  }
}

/**
 * `get` is GetItem by key on the table alone, for functions that look up one known item;
 * `update` is UpdateItem by key alone, for functions that only amend items they know.
 */
export type TableAccess = 'readWrite' | 'read' | 'get' | 'update' | 'getUpdate' | 'describe';

/** Any DynamoDB table with, when encrypted with a customer managed key, that key. */
export interface BindableTable {
  readonly tableArn: string;
  readonly tableName: string;
  readonly encryptionKey?: IKey | undefined;
}

const TABLE_ACTIONS: Record<TableAccess, string[]> = {
  read: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query'],
  get: ['dynamodb:GetItem'],
  update: ['dynamodb:UpdateItem'],
  getUpdate: ['dynamodb:GetItem', 'dynamodb:UpdateItem'],
  readWrite: [
    'dynamodb:GetItem',
    'dynamodb:BatchGetItem',
    'dynamodb:Query',
    'dynamodb:PutItem',
    'dynamodb:UpdateItem',
    'dynamodb:DeleteItem',
    'dynamodb:BatchWriteItem',
    // TransactWriteItems is authorised per item as Put/Update/Delete/ConditionCheck.
    'dynamodb:ConditionCheckItem',
  ],
  describe: ['dynamodb:DescribeTable'],
};

// DynamoDB uses the table's key on the caller's behalf: decrypt to read, encrypt to write.
const KEY_ACTIONS: Record<TableAccess, string[]> = {
  read: ['kms:Decrypt'],
  get: ['kms:Decrypt'],
  update: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey'],
  getUpdate: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey'],
  readWrite: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey'],
  describe: [],
};

/**
 * Grants a function exactly the table actions of `access` — on the table and, for queries, on
 * its named indexes, never `index/*` — plus the key use that needs, and sets TABLE_NAME.
 */
export function bindTable(
  fn: HouseFunction,
  table: BindableTable | ITableV2,
  access: TableAccess,
  indexNames: readonly string[] = Object.values(TABLE_KEYS.indexes).map((index) => index.name),
): void {
  const resources =
    access === 'describe' || access === 'get' || access === 'update' || access === 'getUpdate'
      ? [table.tableArn]
      : [table.tableArn, ...indexNames.map((name) => `${table.tableArn}/index/${name}`)];
  fn.role.addToPrincipalPolicy(new PolicyStatement({ actions: TABLE_ACTIONS[access], resources }));
  const keyActions = KEY_ACTIONS[access];
  if (table.encryptionKey && keyActions.length > 0) {
    table.encryptionKey.grant(fn.role, ...keyActions);
  }
  fn.setEnv('TABLE_NAME', table.tableName);
}

/**
 * Lets a function append to the access audit: PutItem on the audit table and nothing else, so
 * it can neither read, change nor delete an entry (every put is also conditioned on the entry
 * being new). Sets AUDIT_TABLE_NAME.
 */
export function bindAuditWriter(fn: HouseFunction, table: BindableTable | ITableV2): void {
  fn.role.addToPrincipalPolicy(
    new PolicyStatement({ actions: ['dynamodb:PutItem'], resources: [table.tableArn] }),
  );
  table.encryptionKey?.grant(fn.role, ...KEY_ACTIONS.update);
  fn.setEnv('AUDIT_TABLE_NAME', table.tableName);
}

/** Lets a function query the access audit, by customer on the table and by actor on its index. */
export function bindAuditReader(fn: HouseFunction, table: BindableTable | ITableV2): void {
  const index = `${table.tableArn}/index/${AUDIT_TABLE_KEYS.indexes.actor.name}`;
  fn.role.addToPrincipalPolicy(
    new PolicyStatement({ actions: ['dynamodb:Query'], resources: [table.tableArn, index] }),
  );
  table.encryptionKey?.grant(fn.role, 'kms:Decrypt');
  fn.setEnv('AUDIT_TABLE_NAME', table.tableName);
}

export type QueueAccess = 'send' | 'describe';

/**
 * Grants a function `sqs:SendMessage` (send) or `sqs:GetQueueAttributes` (describe) on one queue,
 * plus its key if it has a customer managed one, and sets the queue URL variable.
 */
export function bindQueue(
  fn: HouseFunction,
  queue: IQueue,
  access: QueueAccess,
  envName: EnvName = 'INGEST_QUEUE_URL',
): void {
  const action = access === 'send' ? 'sqs:SendMessage' : 'sqs:GetQueueAttributes';
  fn.role.addToPrincipalPolicy(new PolicyStatement({ actions: [action], resources: [queue.queueArn] }));
  if (access === 'send' && queue.encryptionMasterKey) {
    queue.encryptionMasterKey.grant(fn.role, 'kms:GenerateDataKey', 'kms:Decrypt');
  }
  fn.setEnv(envName, queue.queueUrl);
}

/**
 * What Lambda's poller needs to read the table's stream, on that stream alone (ListStreams, which
 * it checks first, is authorised on the table's streams).
 */
export function bindStreamRead(fn: HouseFunction, table: ITableV2, streamArn: string): void {
  fn.role.addToPrincipalPolicy(
    new PolicyStatement({
      actions: ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator'],
      resources: [streamArn],
    }),
  );
  fn.role.addToPrincipalPolicy(
    new PolicyStatement({ actions: ['dynamodb:ListStreams'], resources: [`${table.tableArn}/stream/*`] }),
  );
  table.encryptionKey?.grant(fn.role, 'kms:Decrypt');
  const policy = fn.role.node.tryFindChild('DefaultPolicy');
  const tableId = Stack.of(fn).resolve((table.node.defaultChild as CfnResource).logicalId) as string;
  if (policy) {
    Validations.of(policy).acknowledge({
      id: `AwsSolutions::AwsSolutions-IAM5[Resource::<${tableId}.Arn>/stream/*]`,
      reason:
        'dynamodb:ListStreams, which Lambda checks before it reads a stream, is authorised on the ' +
        "table's streams; the reading actions themselves are granted on this table's stream alone.",
    });
  }
}

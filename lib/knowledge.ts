import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import type { Bucket, CfnBucket } from 'aws-cdk-lib/aws-s3';
import { Validations } from 'aws-cdk-lib/core';
import { Construct } from 'constructs';
import { accessLogBucket, loggedBucket } from './buckets.ts';
import type { HouseFunction } from './house-function.ts';
import type { StackOutput } from './stack-output.ts';

export interface KnowledgeStoreProps {
  /** Keeps the bucket (large article bodies, the search index) when the stack is deleted. */
  deletionProtection: boolean;
  accessLogRetentionDays: number;
  /** Languages articles are written in, the first the default (`en,de`). */
  languages: string;
  /** The page customers read an article on (`{articleId}` replaced); without it replies carry no links. */
  articleUrl?: string | undefined;
}

/** Gives a function the knowledge base's objects: the search index file and large bodies. */
export interface KnowledgeBinder {
  bindArticles(fn: HouseFunction): void;
}

/** Objects the knowledge base writes: index files under `kb/index/`, bodies under `kb/articles/`. */
const KB_PREFIX = 'kb/';

/**
 * The knowledge base's storage beside the table: a private bucket holding each published search
 * index file and the bodies too large for an item. Only the knowledge function reads and writes
 * it, and only under `kb/`.
 */
export class KnowledgeStore extends Construct implements KnowledgeBinder {
  public readonly bucket: Bucket;
  public readonly accessLogs: Bucket;

  constructor(
    scope: Construct,
    id: string,
    private readonly props: KnowledgeStoreProps,
  ) {
    super(scope, id);
    const removalPolicy = props.deletionProtection ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    this.accessLogs = accessLogBucket(this, 'AccessLogs', {
      retentionDays: props.accessLogRetentionDays,
      removalPolicy,
    });
    this.bucket = loggedBucket(this, 'Bucket', {
      accessLogs: this.accessLogs,
      logPrefix: 'knowledge-bucket/',
      lifecycleRules: [
        { id: 'abort-incomplete-uploads', abortIncompleteMultipartUploadAfter: Duration.days(1) },
      ],
      removalPolicy,
    });
  }

  /**
   * Reads and writes objects under `kb/` only. Publishing rebuilds the whole index, so the
   * function gets the memory and time to read every published article and write the file.
   */
  bindArticles(fn: HouseFunction): void {
    fn.role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['s3:GetObject', 's3:PutObject'],
        resources: [this.bucket.arnForObjects(`${KB_PREFIX}*`)],
      }),
    );
    fn.setEnv('ONETHREAD_KB_BUCKET', this.bucket.bucketName);
    fn.setEnv('ONETHREAD_KB_LANGUAGES', this.props.languages);
    if (this.props.articleUrl) fn.setEnv('ONETHREAD_KB_ARTICLE_URL', this.props.articleUrl);
    const cfn = fn.function.node.defaultChild as CfnFunction;
    cfn.memorySize = 1024;
    cfn.timeout = 29;
    const policy = fn.role.node.tryFindChild('DefaultPolicy');
    if (!policy) return;
    const bucketId = Stack.of(this).resolve((this.bucket.node.defaultChild as CfnBucket).logicalId);
    Validations.of(policy).acknowledge({
      id: `AwsSolutions::AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/${KB_PREFIX}*]`,
      reason:
        'Index files are named by their content digest and bodies by article and version, known ' +
        'only at run time; the grant is limited to the kb/ prefix of the knowledge bucket.',
    });
  }

  outputs(): StackOutput[] {
    return [
      {
        id: 'KnowledgeBucketName',
        value: this.bucket.bucketName,
        description: 'Knowledge search index and large article bodies',
      },
    ];
  }
}

import { Duration, type RemovalPolicy } from 'aws-cdk-lib';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  type BucketProps,
  type IBucket,
  ObjectOwnership,
} from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';

/** A bucket nobody reaches from the internet: S3-managed encryption, public access blocked, TLS only. */
function privateBucket(scope: Construct, id: string, props: BucketProps): Bucket {
  return new Bucket(scope, id, {
    encryption: BucketEncryption.S3_MANAGED,
    blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
    enforceSSL: true,
    objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
    ...props,
  });
}

/**
 * Where a capability's buckets write their access logs, expiring after `retentionDays`. It does
 * not log its own access (cdk-nag recognises a log target bucket). `acceptsAcls` keeps ACLs on
 * for writers that deliver with one, such as CloudFront's standard logs.
 */
export function accessLogBucket(
  scope: Construct,
  id: string,
  props: { retentionDays: number; removalPolicy: RemovalPolicy; acceptsAcls?: boolean },
): Bucket {
  // Server access logs are delivered under a bucket policy for logging.s3.amazonaws.com, not the
  // legacy log-delivery ACL, which buckets with ACLs disabled refuse.
  scope.node.setContext('@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy', true);
  return privateBucket(scope, id, {
    ...(props.acceptsAcls ? { objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED } : {}),
    lifecycleRules: [{ id: 'expire-access-logs', expiration: Duration.days(props.retentionDays) }],
    removalPolicy: props.removalPolicy,
  });
}

/** A private bucket whose access is logged to `accessLogs` under `logPrefix`. */
export function loggedBucket(
  scope: Construct,
  id: string,
  props: Omit<BucketProps, 'serverAccessLogsBucket' | 'serverAccessLogsPrefix'> & {
    accessLogs: IBucket;
    logPrefix: string;
  },
): Bucket {
  const { accessLogs, logPrefix, ...rest } = props;
  return privateBucket(scope, id, {
    ...rest,
    serverAccessLogsBucket: accessLogs,
    serverAccessLogsPrefix: logPrefix,
  });
}

import { Duration } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { FilterCriteria, FilterRule } from 'aws-cdk-lib/aws-lambda';
import type { LifecycleRule } from 'aws-cdk-lib/aws-s3';
import { type RetentionKind, type RetentionPolicy, retentionDays } from '#core/retention.ts';
import { keys, TTL_DELETION_IDENTITY } from '#store/table.ts';
import type { HouseFunction } from './house-function.ts';

const INTERACTION_PREFIX = keys.interaction('').pk;

/**
 * Lifecycle rules that expire a bucket's objects under each prefix after the policy's days for
 * its kind (`{ 'raw/': 'emailRaw' }`); a kind kept forever gets no rule. S3 counts from the
 * object's creation, which for stored mail is when it arrived.
 */
export function retentionLifecycleRules(
  policy: RetentionPolicy | undefined,
  prefixes: Record<string, RetentionKind>,
): LifecycleRule[] {
  return Object.entries(prefixes).flatMap(([prefix, kind]) => {
    const days = policy ? retentionDays(policy, kind) : undefined;
    if (days === undefined) return [];
    return [
      {
        id: `retention-${kind}-${prefix.replace(/\W+/g, '')}`,
        prefix,
        expiration: Duration.days(days),
      },
    ];
  });
}

/**
 * The table stream's records of timeline entries DynamoDB's TTL deleted: the function that reads
 * them writes the removed-entry markers (functions/store/retention-markers.ts).
 */
export const TTL_REMOVALS_FILTER = FilterCriteria.filter({
  eventName: FilterRule.isEqual('REMOVE'),
  userIdentity: {
    type: FilterRule.isEqual(TTL_DELETION_IDENTITY.type),
    principalId: FilterRule.isEqual(TTL_DELETION_IDENTITY.principalId),
  },
  dynamodb: { Keys: { pk: { S: FilterRule.beginsWith(INTERACTION_PREFIX) } } },
});

/**
 * Lets a function write removed-entry markers: `PutItem` on `INTERACTION#…` items only, enforced
 * by IAM on the leading key.
 */
export function bindRetentionMarkers(fn: HouseFunction, table: ITableV2): void {
  fn.role.addToPrincipalPolicy(
    new PolicyStatement({
      actions: ['dynamodb:PutItem'],
      resources: [table.tableArn],
      conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [`${INTERACTION_PREFIX}*`] } },
    }),
  );
  table.encryptionKey?.grant(fn.role, 'kms:Encrypt', 'kms:GenerateDataKey');
}

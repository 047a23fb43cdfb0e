import { RemovalPolicy } from 'aws-cdk-lib';
import {
  AttributeType,
  Billing,
  ProjectionType,
  StreamViewType,
  TableEncryptionV2,
  TableV2,
} from 'aws-cdk-lib/aws-dynamodb';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { AUDIT_TABLE_KEYS, TABLE_KEYS } from '#store/table.ts';
import type { StackOutput } from './stack-output.ts';

export interface DataStoreProps {
  /**
   * Turns on DynamoDB deletion protection and keeps the table and its key when the stack is
   * deleted. Off only for throw-away deployments.
   */
  deletionProtection: boolean;
}

/**
 * The single OneThread table (customers, identities, timelines, conversations, work items),
 * on demand, encrypted with its own rotating KMS key, with point-in-time recovery and TTL, and
 * the access audit's table beside it under the same key. Their layouts come from
 * functions/store/table.ts, the same source the local runtime uses.
 */
export class DataStore extends Construct {
  public readonly table: TableV2;
  /** The access audit, append-only through IAM (bindAuditWriter, bindAuditReader). */
  public readonly auditTable: TableV2;
  public readonly key: Key;

  constructor(scope: Construct, id: string, props: DataStoreProps) {
    super(scope, id);
    const removalPolicy = props.deletionProtection ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;

    // Construct ids 'Key' and 'Table' are part of the resources' identity: renaming either
    // replaces the resource, and replacing the table loses every timeline.
    this.key = new Key(this, 'Key', {
      description: 'OneThread customer data at rest (DynamoDB)',
      enableKeyRotation: true,
      removalPolicy,
    });

    const string = (name: string) => ({ name, type: AttributeType.STRING });
    this.table = new TableV2(this, 'Table', {
      partitionKey: string(TABLE_KEYS.partitionKey),
      sortKey: string(TABLE_KEYS.sortKey),
      billing: Billing.onDemand(),
      encryption: TableEncryptionV2.customerManagedKey(this.key),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      timeToLiveAttribute: TABLE_KEYS.timeToLive,
      // Live updates read what changed from here (lib/live-updates.ts).
      dynamoStream: StreamViewType[TABLE_KEYS.streamView],
      deletionProtection: props.deletionProtection,
      removalPolicy,
      globalSecondaryIndexes: Object.values(TABLE_KEYS.indexes).map((index) => ({
        indexName: index.name,
        partitionKey: string(index.partitionKey),
        sortKey: string(index.sortKey),
        projectionType: ProjectionType[index.projection],
      })),
    });

    // Apart from the customer data so no grant on the one table reaches it: writers may only
    // put new entries and only the audit reader may query. No TTL: entries are kept until a
    // retention job the company runs removes them, and erasure leaves them (opaque ids only).
    const { actor } = AUDIT_TABLE_KEYS.indexes;
    this.auditTable = new TableV2(this, 'AuditTable', {
      partitionKey: string(AUDIT_TABLE_KEYS.partitionKey),
      sortKey: string(AUDIT_TABLE_KEYS.sortKey),
      billing: Billing.onDemand(),
      encryption: TableEncryptionV2.customerManagedKey(this.key),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: props.deletionProtection,
      removalPolicy,
      globalSecondaryIndexes: [
        {
          indexName: actor.name,
          partitionKey: string(actor.partitionKey),
          sortKey: string(actor.sortKey),
          projectionType: ProjectionType.ALL,
        },
      ],
    });
  }

  outputs(): StackOutput[] {
    return [{ id: 'TableName', value: this.table.tableName, description: 'The OneThread DynamoDB table' }];
  }
}

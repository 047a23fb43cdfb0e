import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { FunctionEnv } from '#shared/env-names.ts';
import { CapacityMeter } from '#store/dynamo.ts';
import { type DynamoLocal, localClientConfig } from './emulators.ts';
import type { GatewayOptions } from './gateway.ts';
import { ensureAuditTable, ensureTable } from './provision.ts';

export const TABLE_NAME = 'onethread';
const AUDIT_TABLE_NAME = 'onethread-audit';

export interface LocalData {
  /** The client settings every function's DynamoDB client is built with. */
  dynamo: ReturnType<typeof localClientConfig>;
  meter: CapacityMeter;
  /** The table names, as the stack sets them for every function. */
  env: FunctionEnv;
  /** `GET /local/metrics` and its reset: the capacity the functions used. */
  routes: NonNullable<GatewayOptions['localRoutes']>;
}

/** The data store (lib/data.ts) in DynamoDB Local: the table and the audit table. */
export async function startData(dynamo: DynamoLocal, meter = new CapacityMeter()): Promise<LocalData> {
  const config = localClientConfig(dynamo.endpoint);
  const admin = new DynamoDBClient(config);
  await ensureTable(admin, TABLE_NAME);
  await ensureAuditTable(admin, AUDIT_TABLE_NAME);
  admin.destroy();
  return {
    dynamo: config,
    meter,
    env: { TABLE_NAME, AUDIT_TABLE_NAME },
    routes: {
      'GET /local/metrics': async () => ({
        status: 200,
        body: {
          dynamodb: {
            writeUnits: meter.writeUnits,
            readUnits: meter.readUnits,
            roundTrips: meter.roundTrips,
            roundTripsByCommand: meter.roundTripsByCommand,
            endpoint: dynamo.endpoint,
          },
          tableName: TABLE_NAME,
        },
      }),
      'POST /local/metrics/reset': async () => {
        meter.reset();
        return { status: 200, body: { reset: true } };
      },
    },
  };
}

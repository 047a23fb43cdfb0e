import { DescribeTableCommand, DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { withoutLayout } from './table.ts';

/**
 * Sums the write and read units a client consumed, and counts its round trips by command, for
 * benchmarks and cost estimates.
 */
export class CapacityMeter {
  writeUnits = 0;
  readUnits = 0;
  roundTrips = 0;
  roundTripsByCommand: Record<string, number> = {};
  reset(): void {
    this.writeUnits = 0;
    this.readUnits = 0;
    this.roundTrips = 0;
    this.roundTripsByCommand = {};
  }
}

interface ConsumedCapacity {
  CapacityUnits?: number;
  WriteCapacityUnits?: number;
  ReadCapacityUnits?: number;
}

export interface TableClient {
  doc: DynamoDBDocumentClient;
  tableName: string;
}

/**
 * One document client per cold start. With a meter, every call asks DynamoDB for its consumed
 * capacity and the meter adds it up.
 */
export function createTableClient(
  tableName: string,
  config: DynamoDBClientConfig = {},
  meter?: CapacityMeter,
): TableClient {
  const doc = DynamoDBDocumentClient.from(new DynamoDBClient(config), {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
  if (meter) attachMeter(doc, meter);
  return { doc, tableName };
}

function attachMeter(doc: DynamoDBDocumentClient, meter: CapacityMeter): void {
  doc.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as Record<string, unknown>;
      input.ReturnConsumedCapacity = 'TOTAL';
      const result = await next(args);
      const consumed = (result.output as { ConsumedCapacity?: ConsumedCapacity | ConsumedCapacity[] })
        .ConsumedCapacity;
      const command = String(context.commandName).replace(/Command$/, '');
      meter.roundTrips += 1;
      meter.roundTripsByCommand[command] = (meter.roundTripsByCommand[command] ?? 0) + 1;
      const isRead = READ_COMMANDS.has(command);
      for (const entry of [consumed ?? []].flat()) countUnits(entry, meter, isRead);
      return result;
    },
    { step: 'initialize', name: 'onethreadCapacityMeter' },
  );
}

const READ_COMMANDS = new Set(['GetItem', 'Query', 'Scan', 'BatchGetItem', 'TransactGetItems']);

function countUnits(entry: ConsumedCapacity, meter: CapacityMeter, isRead: boolean): void {
  if (entry.WriteCapacityUnits !== undefined || entry.ReadCapacityUnits !== undefined) {
    meter.writeUnits += entry.WriteCapacityUnits ?? 0;
    meter.readUnits += entry.ReadCapacityUnits ?? 0;
  } else if (isRead) {
    meter.readUnits += entry.CapacityUnits ?? 0;
  } else {
    meter.writeUnits += entry.CapacityUnits ?? 0;
  }
}

/** True when a conditional write or a transaction failed on its conditions. */
export function isConditionFailure(error: unknown): boolean {
  const name = (error as { name?: string } | undefined)?.name;
  return name === 'ConditionalCheckFailedException' || name === 'TransactionCanceledException';
}

/**
 * The code of each part of a cancelled transaction (`ConditionalCheckFailed`, `None`, …), in
 * the order the parts were sent; undefined for any other error.
 */
export function cancellationReasons(error: unknown): string[] | undefined {
  const failure = error as {
    name?: string;
    CancellationReasons?: Array<{ Code?: string }>;
    message?: string;
  };
  if (failure?.name !== 'TransactionCanceledException') return undefined;
  if (failure.CancellationReasons) return failure.CancellationReasons.map((reason) => reason.Code ?? 'None');
  const listed = /\[([^\]]*)\]/.exec(failure.message ?? '')?.[1];
  return listed?.split(',').map((code) => code.trim());
}

/**
 * Reads one item and maps it to its domain record: layout attributes are dropped and the
 * schema validates what comes back, so a malformed item fails loudly instead of leaking.
 */
export async function getRecord<T>(
  table: TableClient,
  key: Record<string, string>,
  parse: (item: Record<string, unknown>) => T,
): Promise<T | undefined> {
  const { Item } = await table.doc.send(
    new GetCommand({ TableName: table.tableName, Key: key, ConsistentRead: true }),
  );
  return Item ? parse(withoutLayout(Item)) : undefined;
}

/** Every item a query matches, page after page, in key order. */
export async function queryAll(
  table: TableClient,
  query: Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey'>,
): Promise<Array<Record<string, unknown>>> {
  const items: Array<Record<string, unknown>> = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await table.doc.send(
      new QueryCommand({ ...query, TableName: table.tableName, ExclusiveStartKey }),
    );
    items.push(...(page.Items ?? []));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return items;
}

/** The table's status as DynamoDB reports it (`ACTIVE` when it takes reads and writes). */
export async function tableStatus(
  table: TableClient,
  abortSignal?: AbortSignal,
): Promise<string | undefined> {
  const out = await table.doc.send(new DescribeTableCommand({ TableName: table.tableName }), { abortSignal });
  return out.Table?.TableStatus;
}

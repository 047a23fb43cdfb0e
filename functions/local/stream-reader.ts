import { DescribeTableCommand, DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type _Record as StreamRecord,
} from '@aws-sdk/client-dynamodb-streams';
import type { Context, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { lambdaContext } from './api-gateway-event.ts';
import { pause } from './pause.ts';

export type StreamFunction = (event: DynamoDBStreamEvent, context: Context) => Promise<unknown>;

export interface StreamReaderOptions {
  dynamo: DynamoDBClientConfig;
  tableName: string;
  handler: StreamFunction;
  functionName: string;
  onError?: (error: unknown) => void;
  /** Pause between reads of a shard that had nothing new. */
  idleMs?: number;
  /**
   * With this set, the pause doubles from `idleMs` up to it while nothing comes, and drops back
   * at the first record: quick to react to a burst, quiet when idle.
   */
  maxIdleMs?: number;
  /** Tries of one batch before it is skipped, as an event source mapping's retry limit. */
  attempts?: number;
}

export interface StreamReader {
  stop(): Promise<void>;
}

/**
 * Lambda's DynamoDB stream event source, locally: follows every shard of the table's stream
 * from now on (and the shards that replace them), and hands each batch of records to the
 * handler in order. A failing batch is retried a few times, then skipped and reported. It
 * resolves once the shards are found, so "now" means every change made after it resolves.
 */
export async function startStreamReader(options: StreamReaderOptions): Promise<StreamReader> {
  const ddb = new DynamoDBClient(options.dynamo);
  const { Table } = await ddb.send(new DescribeTableCommand({ TableName: options.tableName }));
  ddb.destroy();
  const streamArn = Table?.LatestStreamArn;
  if (!streamArn) throw new Error(`table ${options.tableName} has no stream`);
  const streams = new DynamoDBStreamsClient(options.dynamo);
  const controller = new AbortController();
  const iterators = new Map<string, string>();
  const known = new Set<string>();
  await discoverShards(streams, streamArn, iterators, known, 'LATEST', controller.signal);
  const loop = follow(streams, streamArn, options, controller.signal, { iterators, known });
  return {
    stop: async () => {
      controller.abort();
      await loop;
      streams.destroy();
    },
  };
}

async function follow(
  streams: DynamoDBStreamsClient,
  streamArn: string,
  options: StreamReaderOptions,
  signal: AbortSignal,
  { iterators, known }: { iterators: Map<string, string>; known: Set<string> },
): Promise<void> {
  // The shards found at start are read from now on; those that replace closed ones, from their
  // first record.
  let discover: 'TRIM_HORIZON' | undefined;
  let idle = options.idleMs ?? 200;
  while (!signal.aborted) {
    try {
      if (discover || iterators.size === 0) {
        await discoverShards(streams, streamArn, iterators, known, 'TRIM_HORIZON', signal);
        discover = undefined;
      }
      let busy = false;
      // Every shard is asked at once, as Lambda polls each shard on its own; each shard's
      // records are then handed over in order.
      const reads = await Promise.all(
        [...iterators].map(async ([shardId, iterator]) => ({
          shardId,
          ...(await streams.send(new GetRecordsCommand({ ShardIterator: iterator }), {
            abortSignal: signal,
          })),
        })),
      );
      for (const { shardId, Records = [], NextShardIterator } of reads) {
        if (Records.length > 0) {
          busy = true;
          await deliver(options, streamArn, Records);
        }
        if (NextShardIterator) iterators.set(shardId, NextShardIterator);
        else {
          iterators.delete(shardId);
          discover = 'TRIM_HORIZON';
        }
      }
      if (busy) {
        idle = options.idleMs ?? 200;
      } else {
        await pause(idle, signal);
        idle = Math.min(idle * 2, options.maxIdleMs ?? idle);
      }
    } catch (error) {
      if (signal.aborted) return;
      options.onError?.(error);
      await pause(500, signal);
    }
  }
}

/** Starts reading the shards not seen before. */
async function discoverShards(
  streams: DynamoDBStreamsClient,
  streamArn: string,
  iterators: Map<string, string>,
  known: Set<string>,
  position: 'LATEST' | 'TRIM_HORIZON',
  signal: AbortSignal,
): Promise<void> {
  const { StreamDescription } = await streams.send(new DescribeStreamCommand({ StreamArn: streamArn }), {
    abortSignal: signal,
  });
  for (const shard of StreamDescription?.Shards ?? []) {
    const shardId = shard.ShardId as string;
    if (known.has(shardId)) continue;
    known.add(shardId);
    // A closed shard read at LATEST has nothing more to give.
    if (position === 'LATEST' && shard.SequenceNumberRange?.EndingSequenceNumber) continue;
    const { ShardIterator } = await streams.send(
      new GetShardIteratorCommand({ StreamArn: streamArn, ShardId: shardId, ShardIteratorType: position }),
      { abortSignal: signal },
    );
    if (ShardIterator) iterators.set(shardId, ShardIterator);
  }
}

async function deliver(options: StreamReaderOptions, streamArn: string, records: StreamRecord[]) {
  const event: DynamoDBStreamEvent = { Records: records.map((record) => toLambdaRecord(record, streamArn)) };
  const attempts = options.attempts ?? 3;
  for (let attempt = 1; ; attempt++) {
    try {
      await options.handler(event, lambdaContext(options.functionName));
      return;
    } catch (error) {
      if (attempt >= attempts) {
        options.onError?.(error);
        return;
      }
    }
  }
}

function toLambdaRecord(record: StreamRecord, streamArn: string): DynamoDBRecord {
  const change = record.dynamodb ?? {};
  return {
    eventID: record.eventID,
    eventName: record.eventName,
    eventVersion: record.eventVersion,
    eventSource: 'aws:dynamodb',
    awsRegion: record.awsRegion,
    eventSourceARN: streamArn,
    // Lambda's spelling of who deleted an item (DynamoDB's TTL is `Service`).
    ...(record.userIdentity
      ? { userIdentity: { type: record.userIdentity.Type, principalId: record.userIdentity.PrincipalId } }
      : {}),
    dynamodb: {
      ApproximateCreationDateTime: change.ApproximateCreationDateTime
        ? change.ApproximateCreationDateTime.getTime() / 1000
        : undefined,
      // Same JSON shape as Lambda's for strings and numbers; binary values stay bytes here.
      Keys: change.Keys as NonNullable<DynamoDBRecord['dynamodb']>['Keys'],
      NewImage: change.NewImage as NonNullable<DynamoDBRecord['dynamodb']>['NewImage'],
      OldImage: change.OldImage as NonNullable<DynamoDBRecord['dynamodb']>['OldImage'],
      SequenceNumber: change.SequenceNumber,
      SizeBytes: change.SizeBytes,
      StreamViewType: change.StreamViewType,
    },
  };
}

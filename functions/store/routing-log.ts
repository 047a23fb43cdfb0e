import { gunzipSync, gzipSync } from 'node:zlib';
import { BatchWriteCommand, DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { RoutingEvent } from '#core/routing/index.ts';
import { queryAll, type TableClient } from './dynamo.ts';
import { keys } from './table.ts';
import { putIfAbsent, unlessConditionFails, updateIf } from './writes.ts';

/** One appended batch of events, with the time it is decided at: what every replica replays. */
export interface LogEntry {
  version: number;
  at: number;
  events: RoutingEvent[];
}

/** Where the latest snapshot is: its version and how many chunks it was split into. */
export interface SnapshotHead {
  version: number;
  chunks: number;
  bytes: number;
  at: number;
}

/** DynamoDB items hold 400 KB; chunks stay well below with their keys and attributes. */
export const CHUNK_BYTES = 350_000;
/** Entries outlive any snapshot that could still need them (a snapshot is taken at least daily). */
export const LOG_RETENTION_SECONDS = 7 * 86_400;

const pad = (n: number, width: number) => String(n).padStart(width, '0');
const entrySort = (version: number) => `LOG#${pad(version, 12)}`;
const chunkSort = (version: number, chunk: number) => `SNAP#${pad(version, 12)}#${pad(chunk, 4)}`;

/** Compressed JSON: entries and snapshots are stored as binary attributes. */
export const pack = (value: unknown): Uint8Array => gzipSync(JSON.stringify(value));
export const unpack = <T>(bytes: Uint8Array): T => JSON.parse(gunzipSync(bytes).toString('utf8')) as T;

/**
 * The routing partition as a log. Every batch of events is appended as the next version, on
 * condition that nobody took that version first: that conditional put is the only concurrency
 * control, and because the engine is deterministic given events and times, any process that
 * replays the log in order reaches the same state and the same decisions: the writer that
 * answers its caller, and the follower that carries the decisions out. Snapshots, split into
 * chunks, let a new process start from a recent state instead of the first event.
 */
export class RoutingLog {
  private readonly pk: string;

  constructor(
    private readonly table: TableClient,
    readonly partition = 'default',
  ) {
    this.pk = keys.routingState(partition).pk;
  }

  /** Appends `events` as `version`; false when another writer took that version first. */
  async append(version: number, at: number, events: readonly RoutingEvent[]): Promise<boolean> {
    return putIfAbsent(this.table, {
      pk: this.pk,
      sk: entrySort(version),
      entity: 'routingLog',
      partition: this.partition,
      version,
      at,
      events: pack(events),
      expiresAt: Math.floor(at / 1000) + LOG_RETENTION_SECONDS,
    });
  }

  /** Every entry after `afterVersion` (up to `untilVersion`), in order. */
  async tail(afterVersion: number, untilVersion = 999_999_999_999): Promise<LogEntry[]> {
    const items = await queryAll(this.table, {
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: {
        ':pk': this.pk,
        ':from': entrySort(afterVersion + 1),
        ':to': entrySort(untilVersion),
      },
      ConsistentRead: true,
    });
    return items.map(entryOf);
  }

  async head(): Promise<SnapshotHead | undefined> {
    const { Item } = await this.table.doc.send(
      new GetCommand({
        TableName: this.table.tableName,
        Key: { pk: this.pk, sk: 'HEAD' },
        ConsistentRead: true,
      }),
    );
    if (!Item) return undefined;
    return {
      version: Number(Item.version),
      chunks: Number(Item.chunks),
      bytes: Number(Item.bytes),
      at: Number(Item.at),
    };
  }

  /** The snapshot `head` points at, as stored (gzipped JSON); undefined if it was replaced meanwhile. */
  async readSnapshot(head: SnapshotHead): Promise<Uint8Array | undefined> {
    const chunks = await queryAll(this.table, {
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': this.pk, ':prefix': `SNAP#${pad(head.version, 12)}#` },
      ConsistentRead: true,
    });
    return chunks.length === head.chunks
      ? Buffer.concat(chunks.map((chunk) => chunk.data as Uint8Array))
      : undefined;
  }

  /**
   * Stores a snapshot of the state at `version` and points the head at it, unless a newer one
   * is there already; then removes the snapshot it replaced. Returns whether it became the head.
   */
  async writeSnapshot(version: number, gzipped: Uint8Array, at: number): Promise<boolean> {
    const chunks = Math.max(1, Math.ceil(gzipped.byteLength / CHUNK_BYTES));
    for (let chunk = 0; chunk < chunks; chunk++) {
      await this.table.doc.send(
        new PutCommand({
          TableName: this.table.tableName,
          Item: {
            pk: this.pk,
            sk: chunkSort(version, chunk),
            entity: 'routingSnapshot',
            data: gzipped.subarray(chunk * CHUNK_BYTES, (chunk + 1) * CHUNK_BYTES),
          },
        }),
      );
    }
    const put = this.table.doc.send(
      new PutCommand({
        TableName: this.table.tableName,
        Item: {
          pk: this.pk,
          sk: 'HEAD',
          entity: 'routingHead',
          version,
          chunks,
          bytes: gzipped.byteLength,
          at,
        },
        ConditionExpression: 'attribute_not_exists(pk) OR version < :version',
        ExpressionAttributeValues: { ':version': version },
        ReturnValues: 'ALL_OLD',
      }),
    );
    const headed = await unlessConditionFails(put);
    if (!headed) return false;
    const replaced = headed.Attributes;
    if (replaced) await this.deleteChunks(Number(replaced.version), Number(replaced.chunks));
    return true;
  }

  /** Today's single-item state of a partition written before the log existed, if any. */
  async legacyState(): Promise<Uint8Array | undefined> {
    const { Item } = await this.table.doc.send(
      new GetCommand({
        TableName: this.table.tableName,
        Key: keys.routingState(this.partition),
        ConsistentRead: true,
      }),
    );
    return Item?.state as Uint8Array | undefined;
  }

  /** Once its state lives on as the first snapshot, the single item goes. */
  async removeLegacyState(): Promise<void> {
    await this.table.doc.send(
      new DeleteCommand({ TableName: this.table.tableName, Key: keys.routingState(this.partition) }),
    );
  }

  private async deleteChunks(version: number, chunks: number): Promise<void> {
    const sorts = Array.from({ length: chunks }, (_, chunk) => chunkSort(version, chunk));
    for (let start = 0; start < sorts.length; start += 25) {
      await this.table.doc.send(
        new BatchWriteCommand({
          RequestItems: {
            [this.table.tableName]: sorts
              .slice(start, start + 25)
              .map((sk) => ({ DeleteRequest: { Key: { pk: this.pk, sk } } })),
          },
        }),
      );
    }
  }
}

/** A stored entry as the log hands it out; also how the stream's images are read. */
export function entryOf(item: Record<string, unknown>): LogEntry {
  return {
    version: Number(item.version),
    at: Number(item.at),
    events: unpack<RoutingEvent[]>(item.events as Uint8Array),
  };
}

/**
 * How far each partition's effects are known to be applied. Marked now and then, not per entry
 * (a mark costs a write): it is a lower bound, and re-applying an entry above it changes nothing.
 * A follower starting cold applies everything after the mark, so an entry whose effects a
 * crash interrupted, or a stream reader that starts from "now" missed, is still carried out.
 */
export class AppliedMarks {
  private readonly last = new Map<string, { version: number; atMs: number }>();

  constructor(
    private readonly table: TableClient,
    private readonly everyMs = 5_000,
    private readonly clock: () => number = Date.now,
  ) {}

  async mark(partition: string, version: number): Promise<void> {
    const last = this.last.get(partition);
    const now = this.clock();
    if (last && (version <= last.version || now - last.atMs < this.everyMs)) return;
    this.last.set(partition, { version, atMs: now });
    await updateIf(this.table, {
      Key: { pk: keys.routingState(partition).pk, sk: 'APPLIED' },
      UpdateExpression: 'SET version = :version, entity = :entity',
      ConditionExpression: 'attribute_not_exists(version) OR version < :version',
      ExpressionAttributeValues: { ':version': version, ':entity': 'routingApplied' },
    });
  }

  async get(partition: string): Promise<number> {
    const { Item } = await this.table.doc.send(
      new GetCommand({
        TableName: this.table.tableName,
        Key: { pk: keys.routingState(partition).pk, sk: 'APPLIED' },
        ConsistentRead: true,
      }),
    );
    return Number(Item?.version ?? 0);
  }
}

import {
  BatchGetCommand,
  BatchWriteCommand,
  type BatchWriteCommandOutput,
  DeleteCommand,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import {
  candidateWorkItemId,
  type ErasureCounts,
  type ErasureJob,
  ErasureJobSchema,
  filesOf,
  linksOf,
  nextPhase,
  planErasure,
  translationsOf,
} from '#core/erasure.ts';
import { type Customer, type Interaction, InteractionSchema } from '#core/model.ts';
import type { BlobStore } from '#core/ports.ts';
import type { CustomersRepo } from './customers-repo.ts';
import { cancellationReasons, queryAll, type TableClient } from './dynamo.ts';
import { keys, TABLE_KEYS, withoutLayout } from './table.ts';
import { translationCacheKey } from './translation-cache.ts';
import { deleteIf, putIfAbsent, transactIf, updateIf } from './writes.ts';

const { timeline: TIMELINE_INDEX } = TABLE_KEYS.indexes;

/** A page of entries is deleted in one transaction with its count, so at most 99 and the job. */
const PAGE_SIZE = 99;
/** Stored files deleted side by side. */
const PARALLEL_FILES = 16;

export interface EraseBy {
  agentId: string;
  reason: string;
}

export interface EraserOptions {
  /** Languages agents may read a customer's messages in: where cached translations can be. */
  agentLanguages: readonly string[];
  clock?: () => Date;
}

type Key = Record<string, string>;
type Counted = keyof Pick<ErasureCounts, 'conversations' | 'workItems' | 'chatSessions'>;

export const erasureKey: (customerId: string) => Key = keys.erasure;

/**
 * Erases a customer record for good, driven by a job item that says which step it is at. Each
 * step deletes what is left of its kind and only then moves the job on, and every count is
 * added in the same transaction as the delete it counts, so a run stopped anywhere, repeated or
 * racing another finishes the same job with the same counts.
 */
export class CustomerEraser {
  private readonly clock: () => Date;

  constructor(
    private readonly table: TableClient,
    private readonly customers: CustomersRepo,
    private readonly blobs: BlobStore | undefined,
    private readonly options: EraserOptions,
  ) {
    this.clock = options.clock ?? (() => new Date());
  }

  /** The erasure under way or finished for this id (the survivor's, once the profile is gone). */
  async job(customerId: string): Promise<ErasureJob | undefined> {
    const { Item } = await this.table.doc.send(
      new GetCommand({ TableName: this.table.tableName, Key: erasureKey(customerId), ConsistentRead: true }),
    );
    return Item ? ErasureJobSchema.parse(withoutLayout(Item)) : undefined;
  }

  /**
   * Starts erasing the record the customer belongs to: the survivor it leads to and everyone
   * merged into it. Undefined when there is no such customer; the existing job when one is on.
   */
  async start(customerId: string, by: EraseBy): Promise<ErasureJob | undefined> {
    const known = await this.job(customerId);
    if (known) return known;
    const survivor = await this.customers.get(customerId);
    if (!survivor) return undefined;
    const started = await this.job(survivor.customerId);
    if (started) return started;
    const absorbed = await Promise.all(survivor.mergedFrom.map((id) => this.customers.getRaw(id)));
    const family = [survivor, ...absorbed.filter((c): c is Customer => c !== undefined)];
    const job = planErasure(family, {
      customerId: survivor.customerId,
      requestedFor: customerId,
      erasedBy: by.agentId,
      reason: by.reason,
      requestedAt: this.clock().toISOString(),
    });
    if (await putIfAbsent(this.table, { ...erasureKey(survivor.customerId), entity: 'erasure', ...job }))
      return job;
    return this.job(survivor.customerId);
  }

  /**
   * Carries the job on from the step it is at until it is done (the tombstone), or, given a
   * time, until the first page of entries that ends after it (the job as it stands then).
   */
  async run(customerId: string, options: { until?: number } = {}): Promise<ErasureJob> {
    for (;;) {
      const job = await this.job(customerId);
      if (!job) throw new Error(`no erasure of ${customerId}`);
      if (job.phase === 'done') return job;
      if (job.phase === 'identities') await this.eraseIdentities(job);
      if (job.phase === 'timeline' && !(await this.eraseTimelines(job, options.until)))
        return (await this.job(customerId)) as ErasureJob;
      if (job.phase === 'sessions') for (const id of job.chatSessionIds) await this.eraseChatSession(job, id);
      if (job.phase === 'customers') await this.eraseProfiles(job);
      await this.advance(job);
    }
  }

  /** An identity is only removed while it still leads into this record (a claim may be someone else's). */
  private async eraseIdentities(job: ErasureJob): Promise<void> {
    const family = Object.fromEntries(job.customerIds.map((id, index) => [`:c${index}`, id]));
    for (const identity of job.identities) {
      await deleteIf(this.table, {
        Key: keys.identity(identity),
        ConditionExpression: `customerId IN (${Object.keys(family).join(', ')})`,
        ExpressionAttributeValues: family,
      });
    }
  }

  /** False when the time given ran out first. */
  private async eraseTimelines(job: ErasureJob, until = Number.POSITIVE_INFINITY): Promise<boolean> {
    for (const customerId of job.customerIds) {
      for (;;) {
        const { Items = [] } = await this.table.doc.send(
          new QueryCommand({
            TableName: this.table.tableName,
            IndexName: TIMELINE_INDEX.name,
            KeyConditionExpression: `${TIMELINE_INDEX.partitionKey} = :pk`,
            ExpressionAttributeValues: { ':pk': keys.timelinePartition(customerId) },
            Limit: PAGE_SIZE,
          }),
        );
        if (Items.length === 0) break;
        await this.erasePage(
          job,
          Items.map((item) => InteractionSchema.parse(withoutLayout(item))),
        );
        if (this.clock().getTime() >= until) return false;
      }
    }
    return true;
  }

  /**
   * What each entry leads to goes first, then the entries themselves with their counts in one
   * transaction. A page that another run erased meanwhile fails the transaction and is read again.
   */
  private async erasePage(job: ErasureJob, entries: readonly Interaction[]): Promise<void> {
    const refs = entries.flatMap(filesOf);
    for (let start = 0; start < refs.length; start += PARALLEL_FILES)
      await Promise.all(refs.slice(start, start + PARALLEL_FILES).map((ref) => this.fileStore().delete(ref)));
    // Keys that may or may not be there: a delete of a missing item is a no-op, so they go in batches.
    const maybe = new Map<string, Key>();
    const note = (key: Key) => maybe.set(`${key.pk}\u0000${key.sk}`, key);
    const conversations = new Set<string>();
    const sessions = new Set<string>();
    for (const entry of entries) {
      for (const { text, from, to } of translationsOf(entry, this.options.agentLanguages))
        note(translationCacheKey(text, from, to));
      if (entry.direction === 'outbound') note(keys.heldDelivery(entry.interactionId));
      if (entry.channel === 'voice') note(keys.heldCallEvents(entry.interactionId));
      const links = linksOf(entry);
      if (links.threadKey) note(keys.thread(links.threadKey));
      // The records of stored files name them; the files themselves go with the entry's refs.
      for (const { attachmentId } of entry.attachments) if (attachmentId) note(keys.attachment(attachmentId));
      if (links.conversationId) conversations.add(links.conversationId);
      if (links.chatSessionId) sessions.add(links.chatSessionId);
    }
    await this.deleteMany([...maybe.values()]);
    const inbound = entries.filter((entry) => entry.direction === 'inbound').map(candidateWorkItemId);
    for (const workItemId of await this.existing(inbound.map((id) => keys.workItem(id))))
      await this.eraseWorkItem(job, workItemId);
    for (const sessionId of sessions) await this.eraseChatSession(job, sessionId);
    for (const conversationId of conversations) {
      // The live feed's index of the conversation's chat threads.
      await this.deletePartition(keys.conversationChat(conversationId, '').pk);
      await this.erasePartition(job, keys.conversation(conversationId), 'conversations');
    }
    await this.deleteEntries(job, entries, refs.length);
  }

  /** Deletes in batches of 25, sending again whatever DynamoDB left unprocessed. */
  private async deleteMany(all: readonly Key[]): Promise<void> {
    for (let start = 0; start < all.length; start += 25) {
      let requests: NonNullable<BatchWriteCommandOutput['UnprocessedItems']>[string] | undefined = all
        .slice(start, start + 25)
        .map((Key) => ({ DeleteRequest: { Key } }));
      while (requests && requests.length > 0) {
        const result: BatchWriteCommandOutput = await this.table.doc.send(
          new BatchWriteCommand({ RequestItems: { [this.table.tableName]: requests } }),
        );
        requests = result.UnprocessedItems?.[this.table.tableName];
      }
    }
  }

  /** Which work items of these keys exist: their ids, read 100 keys at a time. */
  private async existing(candidates: readonly Key[]): Promise<string[]> {
    const found: string[] = [];
    for (let start = 0; start < candidates.length; start += 100) {
      let wanted: Key[] | undefined = candidates.slice(start, start + 100);
      while (wanted && wanted.length > 0) {
        const { Responses, UnprocessedKeys } = await this.table.doc.send(
          new BatchGetCommand({
            RequestItems: { [this.table.tableName]: { Keys: wanted, ProjectionExpression: 'workItemId' } },
          }),
        );
        found.push(...(Responses?.[this.table.tableName] ?? []).map((item) => item.workItemId as string));
        wanted = UnprocessedKeys?.[this.table.tableName]?.Keys as Key[] | undefined;
      }
    }
    return found;
  }

  /**
   * The entries and their count in one transaction. Entries another run erased meanwhile fail
   * their check: the rest go again without them (and without the files, which that run counted).
   */
  private async deleteEntries(
    job: ErasureJob,
    entries: readonly Interaction[],
    files: number,
  ): Promise<void> {
    let pending = [...entries];
    let counted = files;
    while (pending.length > 0) {
      try {
        await this.table.doc.send(
          new TransactWriteCommand({
            TransactItems: [
              ...pending.map((entry) => ({
                Delete: {
                  TableName: this.table.tableName,
                  Key: keys.interaction(entry.interactionId),
                  ConditionExpression: 'attribute_exists(pk)',
                },
              })),
              { Update: this.countUpdate(job, { interactions: pending.length, files: counted }) },
            ],
          }),
        );
        return;
      } catch (error) {
        const reasons = cancellationReasons(error);
        if (!reasons || reasons[pending.length] === 'ConditionalCheckFailed') throw error;
        const gone = new Set(pending.filter((_, index) => reasons[index] === 'ConditionalCheckFailed'));
        if (gone.size === 0) throw error;
        pending = pending.filter((entry) => !gone.has(entry));
        counted = pending.reduce((sum, entry) => sum + filesOf(entry).length, 0);
      }
    }
  }

  private fileStore(): BlobStore {
    if (!this.blobs) throw new Error('erasing needs the store of email files, which is not configured here');
    return this.blobs;
  }

  private async eraseWorkItem(job: ErasureJob, workItemId: string): Promise<void> {
    if (await this.erasePartition(job, keys.workItem(workItemId), 'workItems'))
      await this.delete(keys.survey(workItemId));
  }

  private async eraseChatSession(job: ErasureJob, sessionId: string): Promise<void> {
    await this.erasePartition(job, keys.chatSession(sessionId), 'chatSessions');
    await this.deletePartition(`CALLBACKS#${sessionId}`);
  }

  private async eraseProfiles(job: ErasureJob): Promise<void> {
    for (const customerId of job.customerIds) await this.delete(keys.customer(customerId));
  }

  /**
   * Deletes everything under a record's partition, the record itself last together with its
   * count. False when the record was not there (never was, or erased by an earlier run).
   */
  private async erasePartition(job: ErasureJob, main: Key, counted: Counted): Promise<boolean> {
    const items = await queryAll(this.table, {
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': main.pk },
      ProjectionExpression: 'pk, sk',
    });
    for (const item of items)
      if (item.sk !== main.sk) await this.delete({ pk: main.pk as string, sk: item.sk as string });
    if (!items.some((item) => item.sk === main.sk)) return false;
    return transactIf(this.table, [
      { Delete: { TableName: this.table.tableName, Key: main, ConditionExpression: 'attribute_exists(pk)' } },
      { Update: this.countUpdate(job, { [counted]: 1 }) },
    ]);
  }

  /** A partition of its own: a chat session's hourly callback limits, a conversation's chat threads. */
  private async deletePartition(pk: string): Promise<void> {
    const items = await queryAll(this.table, {
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': pk },
      ProjectionExpression: 'pk, sk',
    });
    for (const item of items) await this.delete({ pk, sk: item.sk as string });
  }

  private countUpdate(job: ErasureJob, add: Partial<ErasureCounts>) {
    const fields = Object.entries(add).filter(([, n]) => (n ?? 0) > 0);
    return {
      TableName: this.table.tableName,
      Key: erasureKey(job.customerId),
      UpdateExpression: `ADD ${fields.map(([field]) => `counts.#${field} :${field}`).join(', ')}`,
      ConditionExpression: 'phase <> :done',
      ExpressionAttributeNames: Object.fromEntries(fields.map(([field]) => [`#${field}`, field])),
      ExpressionAttributeValues: {
        ...Object.fromEntries(fields.map(([field, n]) => [`:${field}`, n])),
        ':done': 'done',
      },
    };
  }

  /**
   * Moves the job to its next step, only from the step it was read at. Reaching `done` drops
   * everything it noted to find the record, leaving the tombstone.
   */
  private async advance(job: ErasureJob): Promise<void> {
    const phase = nextPhase(job.phase);
    const done = phase === 'done';
    await updateIf(this.table, {
      Key: erasureKey(job.customerId),
      UpdateExpression: done
        ? 'SET phase = :next, completedAt = :now REMOVE identities, chatSessionIds'
        : 'SET phase = :next',
      ConditionExpression: 'phase = :current',
      ExpressionAttributeValues: {
        ':next': phase,
        ':current': job.phase,
        ...(done ? { ':now': this.clock().toISOString() } : {}),
      },
    });
  }

  private async delete(key: Key): Promise<void> {
    await this.table.doc.send(new DeleteCommand({ TableName: this.table.tableName, Key: key }));
  }
}

import {
  DeleteCommand,
  type DeleteCommandInput,
  PutCommand,
  type PutCommandInput,
  TransactWriteCommand,
  type TransactWriteCommandInput,
  UpdateCommand,
  type UpdateCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { ConcurrentUpdateError } from '#core/ports.ts';
import { isConditionFailure, type TableClient } from './dynamo.ts';

/**
 * The conditional writes every repository makes, in one place: a write whose condition does not
 * hold is an answer (already there, gone, someone else was first), not an error, so each of these
 * says so in its result and throws only what DynamoDB could not do.
 */

type Put = Omit<PutCommandInput, 'TableName'>;
type Update = Omit<UpdateCommandInput, 'TableName'>;
type Delete = Omit<DeleteCommandInput, 'TableName'>;
export type TransactItems = NonNullable<TransactWriteCommandInput['TransactItems']>;

/**
 * The write's result, or what `otherwise` makes of the failure when its condition did not hold
 * (undefined without it: nothing was written). Any other error is thrown.
 */
export async function unlessConditionFails<T, F = undefined>(
  write: Promise<T>,
  otherwise?: (failure: unknown) => F,
): Promise<T | F> {
  try {
    return await write;
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    return otherwise?.(error) as F;
  }
}

/** Puts the item unless one with its key is stored; false (nothing written) when one is. */
export function putIfAbsent(table: TableClient, item: Record<string, unknown>): Promise<boolean> {
  return putIf(table, { Item: item, ConditionExpression: 'attribute_not_exists(pk)' });
}

/** True when the write went through, false when its condition did not hold. */
async function held(write: Promise<unknown>): Promise<boolean> {
  return (await unlessConditionFails(write.then(() => true))) ?? false;
}

/** Puts the item if its condition holds; false (nothing written) when it does not. */
export function putIf(table: TableClient, put: Put & { ConditionExpression: string }): Promise<boolean> {
  return held(table.doc.send(new PutCommand({ ...put, TableName: table.tableName })));
}

/**
 * Updates an item that is stored and, with a `ConditionExpression`, that meets it too. The
 * attributes asked for with `ReturnValues` (an empty record without), or undefined when there
 * was no such item or it did not meet the condition: nothing was written.
 */
export function updateIfExists(
  table: TableClient,
  update: Update,
): Promise<Record<string, unknown> | undefined> {
  const condition = update.ConditionExpression
    ? `attribute_exists(pk) AND ${grouped(update.ConditionExpression)}`
    : 'attribute_exists(pk)';
  return updateIf(table, { ...update, ConditionExpression: condition });
}

/** The condition in parentheses, unless it is one group already: DynamoDB refuses `((…))`. */
function grouped(condition: string): string {
  let depth = 0;
  for (const [index, char] of [...condition].entries()) {
    if (char === '(') depth++;
    if (char === ')') depth--;
    // The first group closes before the end: the condition is more than that group.
    if (depth === 0 && index < condition.length - 1) return `(${condition})`;
  }
  return condition;
}

/**
 * Updates the item (creating it when the condition allows) if its condition holds: counters
 * with a ceiling, version guards. Returns as `updateIfExists` does.
 */
export async function updateIf(
  table: TableClient,
  update: Update & { ConditionExpression: string },
): Promise<Record<string, unknown> | undefined> {
  const sent = table.doc
    .send(new UpdateCommand({ ...update, TableName: table.tableName }))
    .then(({ Attributes }) => Attributes ?? {});
  return unlessConditionFails(sent);
}

/** Deletes the item if its condition holds; false (nothing deleted) when it does not. */
export function deleteIf(
  table: TableClient,
  remove: Delete & { ConditionExpression: string },
): Promise<boolean> {
  return held(table.doc.send(new DeleteCommand({ ...remove, TableName: table.tableName })));
}

/** A transaction's put of a new item: it fails the transaction when one with its key is stored. */
export function newItem(table: TableClient, item: Record<string, unknown>): TransactItems[number] {
  return { Put: { TableName: table.tableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' } };
}

/** Writes the items together if every condition holds; false (nothing written) when one does not. */
export function transactIf(table: TableClient, items: TransactItems): Promise<boolean> {
  return held(table.doc.send(new TransactWriteCommand({ TransactItems: items })));
}

export interface RetryOptions<T> {
  /** How many times the step runs at most (5 unless said). */
  attempts?: number;
  /** What a step that never got through comes to; without it, a ConcurrentUpdateError naming `what`. */
  exhausted?: () => T;
}

/**
 * Runs a read-decide-write step until its conditional writes go through. A step answers
 * `undefined`, or throws a condition failure, when someone else changed what it read; it then
 * reads again after a jittered pause, so racing writers do not collide again in lockstep.
 */
export async function retryOnConflict<T>(
  what: string,
  step: (attempt: number) => Promise<T | undefined>,
  options: RetryOptions<T> = {},
): Promise<T> {
  const attempts = options.attempts ?? 5;
  for (let attempt = 0; attempt < attempts; attempt++) {
    if (attempt > 0) await new Promise((done) => setTimeout(done, Math.random() * 5 * 2 ** (attempt - 1)));
    const result = await unlessConditionFails(step(attempt));
    if (result !== undefined) return result;
  }
  if (options.exhausted) return options.exhausted();
  throw new ConcurrentUpdateError(what);
}

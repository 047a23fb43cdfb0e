import {
  EventBridgeClient,
  type EventBridgeClientConfig,
  PutEventsCommand,
  type PutEventsRequestEntry,
} from '@aws-sdk/client-eventbridge';
import type { AttributeValue, DynamoDBRecord } from 'aws-lambda';
import * as z from 'zod';
import { DOMAIN_EVENT_SOURCE, type DomainEvent, domainEventsOf } from '#core/domain-events.ts';
import { envSchema, parseEnv } from './env.ts';
import { logger } from './observability.ts';

/** PutEvents takes at most ten entries a call. */
const ENTRIES_PER_CALL = 10;

const EventBusEnvSchema = envSchema({
  /** The custom bus domain events go to; unset, none are published. */
  ONETHREAD_EVENT_BUS: z.string().min(1).optional(),
  /** Where the EventBridge API is, when not the region's endpoint (the local bus). */
  EVENTBRIDGE_ENDPOINT: z.url().optional(),
});

export interface EventBusOptions {
  busName: string;
  client?: EventBridgeClientConfig;
  /** Tries of an entry EventBridge did not take before the whole batch fails. */
  attempts?: number;
  /** Pause before the next try, by try number (from 1). */
  pauseMs?: (attempt: number) => number;
}

/**
 * Publishes domain events to one EventBridge bus. Entries EventBridge refuses (throttled, an
 * internal failure) are sent again; if some are still refused it throws, so the caller's
 * source (the table's stream) delivers the batch again: at least once, never silently dropped.
 */
export class EventBus {
  private readonly client: EventBridgeClient;

  constructor(private readonly options: EventBusOptions) {
    this.client = new EventBridgeClient(options.client ?? {});
  }

  async put(events: readonly DomainEvent[]): Promise<void> {
    for (let start = 0; start < events.length; start += ENTRIES_PER_CALL) {
      await this.putBatch(events.slice(start, start + ENTRIES_PER_CALL).map((event) => this.entryOf(event)));
    }
  }

  private async putBatch(entries: PutEventsRequestEntry[]): Promise<void> {
    const attempts = this.options.attempts ?? 3;
    let pending = entries;
    for (let attempt = 1; ; attempt++) {
      const { FailedEntryCount = 0, Entries = [] } = await this.client.send(
        new PutEventsCommand({ Entries: pending }),
      );
      if (FailedEntryCount === 0) return;
      // Results come back in the order of the entries sent; a failed one has an error code.
      const failed = pending.filter((_, index) => Entries[index]?.ErrorCode);
      const codes = [...new Set(Entries.flatMap((entry) => (entry.ErrorCode ? [entry.ErrorCode] : [])))];
      if (attempt >= attempts) {
        throw new Error(
          `EventBridge refused ${failed.length} of ${pending.length} events (${codes.join(', ')})`,
        );
      }
      logger.warn('events refused, sending again', { refused: failed.length, codes, attempt });
      pending = failed;
      await new Promise((done) => setTimeout(done, this.options.pauseMs?.(attempt) ?? 100 * 2 ** attempt));
    }
  }

  private entryOf(event: DomainEvent): PutEventsRequestEntry {
    return {
      EventBusName: this.options.busName,
      Source: DOMAIN_EVENT_SOURCE,
      DetailType: event.detailType,
      Detail: JSON.stringify(event.detail),
      Time: new Date(event.detail.at),
    };
  }

  destroy(): void {
    this.client.destroy();
  }
}

/** The bus this function publishes to, from its environment; undefined when none is set. */
export function eventBusFromEnv(env: Record<string, string | undefined>): EventBus | undefined {
  const vars = parseEnv(EventBusEnvSchema, env);
  if (!vars.ONETHREAD_EVENT_BUS) return undefined;
  const client = vars.EVENTBRIDGE_ENDPOINT ? { endpoint: vars.EVENTBRIDGE_ENDPOINT } : {};
  return new EventBus({ busName: vars.ONETHREAD_EVENT_BUS, client });
}

/**
 * The domain events of a batch of the table's stream records, published in the records' order.
 * A record whose item does not make a valid event (written before a field existed) is logged by
 * its key and skipped: retrying it would only hold up the shard.
 */
export async function publishTableChanges(
  bus: Pick<EventBus, 'put'> | undefined,
  records: readonly DynamoDBRecord[],
): Promise<void> {
  if (!bus) return;
  const events = records.flatMap((record) => {
    const change = record.dynamodb ?? {};
    // The record's own time, so the same record read again yields the same events.
    const written = change.ApproximateCreationDateTime;
    const at = written === undefined ? new Date() : new Date(written * 1000);
    try {
      return domainEventsOf({ oldImage: decoded(change.OldImage), newImage: decoded(change.NewImage) }, at);
    } catch (error) {
      const fields = error instanceof z.ZodError ? error.issues.map((issue) => issue.path.join('.')) : [];
      logger.warn('no domain event from a table change', { keys: decoded(change.Keys), fields });
      return [];
    }
  });
  if (events.length > 0) await bus.put(events);
}

type Image = Record<string, AttributeValue>;

/** A stream image as plain values; sets become arrays, binary stays as it came. */
export function decoded(image: Image | undefined): Record<string, unknown> | undefined {
  return image && Object.fromEntries(Object.entries(image).map(([name, value]) => [name, plain(value)]));
}

function plain(value: AttributeValue): unknown {
  if (value.S !== undefined) return value.S;
  if (value.N !== undefined) return Number(value.N);
  if (value.BOOL !== undefined) return value.BOOL;
  if (value.NULL) return null;
  if (value.M) return decoded(value.M as Image);
  if (value.L) return value.L.map((item) => plain(item as AttributeValue));
  if (value.SS) return value.SS;
  if (value.NS) return value.NS.map(Number);
  return value.B ?? value.BS;
}

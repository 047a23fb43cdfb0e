import {
  ChangeMessageVisibilityCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { SQSRecord } from 'aws-lambda';
import { ZodError } from 'zod';
import { DomainError, type ErrorCode } from '#core/errors.ts';
import { logger } from '#shared/observability.ts';
import { isDependencyOutage, outageLabel } from '#shared/outage.ts';
import { backoffSeconds } from './backoff.ts';
import { DeadLetterQueue } from './dead-letter.ts';

/** Why a record failed: its dependency was out, its content can never succeed, or neither is known. */
export type FailureKind = 'outage' | 'poison' | 'unexpected';

export interface RetriesOptions {
  /** Names the consumer in logs and in the `source` of parked messages. */
  source: string;
  /** The queue's URL when known; otherwise it is looked up from each record's queue ARN. */
  queueUrl?: string | undefined;
  /** Where poison records go, instead of the dead-letter queue the queue's redrive policy names. */
  deadLetters?: DeadLetterQueue | undefined;
  /** What a malformed record is called in the reason it is parked with; `invalid message` unless told. */
  invalid?: string | undefined;
}

/**
 * What a queue consumer does with a record that failed, the same on Lambda and locally:
 * - an outage, or an error of unknown cause, hides the record for a backoff that grows with its
 *   receive count, so it comes back once the dependency has had time to return, and reaches the
 *   dead-letter queue only once the redrive policy's receives (sized to outlast ten minutes of
 *   backoff) are spent;
 * - a poison record goes to its queue's dead-letter queue at once, with the reason, and is
 *   acknowledged, because no retry can make it succeed.
 */
export class QueueRetries {
  private readonly urls = new Map<string, Promise<string>>();
  private readonly deadLetters = new Map<string, Promise<DeadLetterQueue | undefined>>();

  constructor(
    private readonly sqs: SQSClient,
    private readonly options: RetriesOptions,
  ) {}

  /**
   * Settles a failed record; true when it is to be reported as a batch item failure. It waits
   * as long as the error says the same work may succeed, else the backoff for its receives.
   */
  async failed(record: SQSRecord, error: unknown): Promise<boolean> {
    const kind = kindOf(error);
    const reason = reasonOf(error, this.options.invalid);
    if (kind === 'poison' && (await this.park(record, reason))) return false;
    const seconds =
      (error instanceof DomainError ? error.retryAfterSeconds : undefined) ??
      backoffSeconds(receiveCount(record));
    logger.warn('retrying a queue message later', {
      source: this.options.source,
      messageId: record.messageId,
      kind,
      error: kind === 'outage' ? outageLabel(error) : reason,
      receives: receiveCount(record),
      seconds,
    });
    await this.later(record, seconds);
    return true;
  }

  /** Hides the record for `seconds`; it comes back then with one more receive. */
  async later(record: SQSRecord, seconds = backoffSeconds(receiveCount(record))): Promise<void> {
    try {
      const queueUrl = await this.queueUrl(record.eventSourceARN);
      await this.sqs.send(
        new ChangeMessageVisibilityCommand({
          QueueUrl: queueUrl,
          ReceiptHandle: record.receiptHandle,
          VisibilityTimeout: seconds,
        }),
      );
    } catch (error) {
      // The record still comes back, after the queue's own visibility timeout.
      logger.warn('could not delay a queue message', {
        source: this.options.source,
        error: outageLabel(error),
      });
    }
  }

  /** Sends the record to its queue's dead-letter queue; false when that is not possible. */
  async park(record: SQSRecord, reason: string): Promise<boolean> {
    try {
      const deadLetters = this.options.deadLetters ?? (await this.deadLetterQueue(record.eventSourceARN));
      if (!deadLetters) return false;
      await deadLetters.park(record.body, reason, this.options.source);
      logger.error('parked a poison message in the dead-letter queue', {
        source: this.options.source,
        messageId: record.messageId,
        reason,
      });
      return true;
    } catch (error) {
      logger.warn('could not park a poison message', {
        source: this.options.source,
        error: outageLabel(error),
      });
      return false;
    }
  }

  private queueUrl(arn: string): Promise<string> {
    if (this.options.queueUrl) return Promise.resolve(this.options.queueUrl);
    return this.cached(this.urls, arn, () => this.urlOfArn(arn));
  }

  private deadLetterQueue(arn: string): Promise<DeadLetterQueue | undefined> {
    return this.cached(this.deadLetters, arn, async () => {
      const queueUrl = await this.queueUrl(arn);
      const { Attributes } = await this.sqs.send(
        new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['RedrivePolicy'] }),
      );
      const target = Attributes?.RedrivePolicy
        ? (JSON.parse(Attributes.RedrivePolicy) as { deadLetterTargetArn?: string }).deadLetterTargetArn
        : undefined;
      return target ? new DeadLetterQueue(this.sqs, siblingUrl(queueUrl, target)) : undefined;
    });
  }

  private async urlOfArn(arn: string): Promise<string> {
    const [, , , , account, name] = arn.split(':');
    const { QueueUrl } = await this.sqs.send(
      new GetQueueUrlCommand({ QueueName: name, QueueOwnerAWSAccountId: account }),
    );
    if (!QueueUrl) throw new Error(`no queue URL for ${name}`);
    return QueueUrl;
  }

  /** One lookup per queue and cold start; a failed lookup is tried again next time. */
  private cached<T>(cache: Map<string, Promise<T>>, key: string, load: () => Promise<T>): Promise<T> {
    const known = cache.get(key);
    if (known) return known;
    const loading = load();
    cache.set(key, loading);
    loading.catch(() => cache.delete(key));
    return loading;
  }
}

export function kindOf(error: unknown): FailureKind {
  if (isDependencyOutage(error)) return 'outage';
  if (isPoison(error)) return 'poison';
  return 'unexpected';
}

/** Codes of content no retry can fix: refused by the domain, or by the service it was meant for. */
const POISON_CODES: ReadonlySet<string> = new Set<ErrorCode>([
  'invalid_input',
  'invalid_identity',
  'connect_rejected',
  'email_rejected',
]);

/** Content no retry can fix: not JSON, not the expected shape, or refused as invalid. */
export function isPoison(error: unknown): boolean {
  if (error instanceof ZodError || error instanceof SyntaxError) return true;
  return error instanceof DomainError && POISON_CODES.has(error.code);
}

/**
 * The URL of another queue on the same endpoint, from its ARN: a queue URL is the endpoint, the
 * account and the name, so the dead-letter queue needs no lookup (nor the grant for one).
 */
function siblingUrl(queueUrl: string, arn: string): string {
  const [, , , , account, name] = arn.split(':');
  const url = new URL(queueUrl);
  url.pathname = `/${account}/${name}`;
  return url.toString();
}

export function receiveCount(record: SQSRecord): number {
  return Math.max(1, Number(record.attributes.ApproximateReceiveCount) || 1);
}

/** The error's name and message, shortened: enough to act on, never a stack or a payload. */
function reasonOf(error: unknown, invalid = 'invalid message'): string {
  if (!(error instanceof Error)) return 'unknown error';
  if (error instanceof ZodError) {
    const issue = error.issues[0];
    // Paths are the record's: what is wrong is inside the body.
    const path = issue?.path[0] === 'body' ? issue.path.slice(1) : (issue?.path ?? []);
    return `${invalid}: ${path.join('.') || 'body'} ${issue?.message ?? ''}`.trim().slice(0, 300);
  }
  return `${error.name}: ${error.message}`.slice(0, 300);
}

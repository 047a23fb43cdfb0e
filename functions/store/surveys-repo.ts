import { DeleteCommand, GetCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { csatFigure, type SurveyEntry, SurveyEntrySchema } from '#core/survey.ts';
import { SurveyQuestionSchema } from '#core/templates.ts';
import { rateForQueue } from '#shared/business-metrics.ts';
import { cancellationReasons, getRecord, type TableClient } from './dynamo.ts';
import { keys } from './table.ts';
import { putIfAbsent } from './writes.ts';

/** The survey of one work item, from when it is sent. */
export const SurveyRecordSchema = z.object({
  workItemId: z.string(),
  conversationId: z.string(),
  customerId: z.string(),
  queueId: z.string(),
  agentId: z.string().optional(),
  channel: z.string(),
  language: z.string().optional(),
  questions: z.array(SurveyQuestionSchema).default([]),
  sentAt: z.string(),
  answer: SurveyEntrySchema.optional(),
});
export type SurveyRecord = z.infer<typeof SurveyRecordSchema>;

/** Survey records are kept a year; the daily figures 35 days, as the service-level counts. */
const SURVEY_KEPT_SECONDS = 366 * 86_400;
const FIGURES_KEPT_SECONDS = 35 * 86_400;

export type AnswerOutcome = 'recorded' | 'already-answered' | 'no-survey';

/**
 * Surveys: one per work item (the conditional create is what makes it one), its answer kept
 * once, and the answer counted in the queue's and the agent's figures in the same transaction,
 * so a repeated or late answer changes nothing and a counted answer is always on record.
 */
export class SurveysRepo {
  constructor(private readonly table: TableClient) {}

  /** False when the item's survey was already sent (a redelivered or replayed request). */
  async claim(record: SurveyRecord): Promise<boolean> {
    return putIfAbsent(this.table, {
      ...keys.survey(record.workItemId),
      entity: 'survey',
      ...record,
      expiresAt: Math.floor(Date.parse(record.sentAt) / 1000) + SURVEY_KEPT_SECONDS,
    });
  }

  /** Gives the claim back when sending failed for a reason a retry may fix. */
  async release(workItemId: string): Promise<void> {
    await this.table.doc.send(
      new DeleteCommand({
        TableName: this.table.tableName,
        Key: keys.survey(workItemId),
        ConditionExpression: 'attribute_not_exists(answer)',
      }),
    );
  }

  get(workItemId: string): Promise<SurveyRecord | undefined> {
    return getRecord(this.table, keys.survey(workItemId), (item) => SurveyRecordSchema.parse(item));
  }

  /** The conversation's next rating-shaped reply, until `until`, answers this item's survey. */
  async awaitReply(conversationId: string, workItemId: string, until: Date): Promise<void> {
    await this.table.doc.send(
      new PutCommand({
        TableName: this.table.tableName,
        Item: {
          ...keys.surveyPending(conversationId),
          entity: 'surveyPending',
          workItemId,
          until: until.toISOString(),
          expiresAt: Math.ceil(until.getTime() / 1000),
        },
      }),
    );
  }

  /** The work item whose survey a reply in this conversation would answer now. */
  async awaitingReply(conversationId: string, now: Date): Promise<string | undefined> {
    const { Item } = await this.table.doc.send(
      new GetCommand({ TableName: this.table.tableName, Key: keys.surveyPending(conversationId) }),
    );
    if (!Item || String(Item.until) <= now.toISOString()) return undefined;
    return String(Item.workItemId);
  }

  /** Keeps the first answer on the survey and the work item, and counts it for the queue and agent. */
  async answer(entry: SurveyEntry): Promise<AnswerOutcome> {
    const day = entry.at.slice(0, 10);
    const expiresAt = Math.floor(Date.parse(entry.at) / 1000) + FIGURES_KEPT_SECONDS;
    const count = (scope: 'queue' | 'agent', id: string) => ({
      Update: {
        TableName: this.table.tableName,
        Key: keys.csatStats(scope, id, day),
        UpdateExpression: 'ADD ratings :one, ratingSum :rating SET expiresAt = :expires',
        ExpressionAttributeValues: { ':one': 1, ':rating': entry.rating, ':expires': expiresAt },
      },
    });
    try {
      await this.table.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.table.tableName,
                Key: keys.survey(entry.workItemId),
                UpdateExpression: 'SET answer = :answer',
                ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(answer)',
                ExpressionAttributeValues: { ':answer': entry },
              },
            },
            {
              Update: {
                TableName: this.table.tableName,
                Key: keys.workItem(entry.workItemId),
                UpdateExpression: 'SET survey = :answer',
                ConditionExpression: 'attribute_exists(pk)',
                ExpressionAttributeValues: { ':answer': entry },
              },
            },
            count('queue', entry.queueId),
            ...(entry.agentId ? [count('agent', entry.agentId)] : []),
          ],
        }),
      );
      rateForQueue(entry.queueId, entry.rating);
      return 'recorded';
    } catch (error) {
      const reasons = cancellationReasons(error);
      if (!reasons?.[0] || reasons[0] !== 'ConditionalCheckFailed') throw error;
      return (await this.get(entry.workItemId)) ? 'already-answered' : 'no-survey';
    }
  }

  /** Today's mean rating and count for a queue or an agent. */
  async today(
    scope: 'queue' | 'agent',
    id: string,
    now: Date,
  ): Promise<{ count: number; mean: number | null }> {
    const { Item } = await this.table.doc.send(
      new GetCommand({
        TableName: this.table.tableName,
        Key: keys.csatStats(scope, id, now.toISOString().slice(0, 10)),
      }),
    );
    return csatFigure(Number(Item?.ratings ?? 0), Number(Item?.ratingSum ?? 0));
  }
}

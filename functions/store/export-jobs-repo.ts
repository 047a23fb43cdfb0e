import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { EXPORT_KEEP_DAYS, type ExportJob, ExportJobSchema } from '#core/export-job.ts';
import { getRecord, type TableClient } from './dynamo.ts';
import { keys } from './table.ts';
import { updateIfExists } from './writes.ts';

/** Customer export jobs, kept as long as their archives (`EXPORT_KEEP_DAYS`). */
export class ExportJobsRepo {
  constructor(private readonly table: TableClient) {}

  async create(job: ExportJob): Promise<void> {
    await this.table.doc.send(
      new PutCommand({
        TableName: this.table.tableName,
        Item: {
          ...keys.exportJob(job.jobId),
          entity: 'exportJob',
          ...job,
          expiresAt: expiry(job.requestedAt),
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  get(jobId: string): Promise<ExportJob | undefined> {
    return getRecord(this.table, keys.exportJob(jobId), (item) => ExportJobSchema.parse(item));
  }

  /** Done: the archive is stored. A job already done stays as it was (a retried build). */
  ready(jobId: string, archive: { archiveRef: string; size: number; completedAt: string }): Promise<void> {
    return this.finish(jobId, { status: 'ready', ...archive });
  }

  failed(jobId: string, failure: string, completedAt: string): Promise<void> {
    return this.finish(jobId, { status: 'failed', failure, completedAt });
  }

  private async finish(jobId: string, fields: Partial<ExportJob>): Promise<void> {
    const names = Object.keys(fields);
    await updateIfExists(this.table, {
      Key: keys.exportJob(jobId),
      UpdateExpression: `SET ${names.map((name) => `#${name} = :${name}`).join(', ')}`,
      ConditionExpression: '#status <> :ready',
      ExpressionAttributeNames: {
        ...Object.fromEntries(names.map((name) => [`#${name}`, name])),
        '#status': 'status',
      },
      ExpressionAttributeValues: {
        ...Object.fromEntries(Object.entries(fields).map(([name, value]) => [`:${name}`, value])),
        ':ready': 'ready',
      },
    });
  }
}

function expiry(requestedAt: string): number {
  return Math.floor(Date.parse(requestedAt) / 1000) + EXPORT_KEEP_DAYS * 86_400;
}

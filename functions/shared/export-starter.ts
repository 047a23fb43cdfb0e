import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import type { ExportStarter } from '#core/ports.ts';

/**
 * Starts the export function asynchronously (Lambda's `Event` invocation): it answers at once, and
 * Lambda retries a failed build twice before the job stays failed.
 */
export class LambdaExportStarter implements ExportStarter {
  constructor(
    private readonly functionName: string,
    private readonly lambda = new LambdaClient({}),
  ) {}

  async start(jobId: string): Promise<void> {
    await this.lambda.send(
      new InvokeCommand({
        FunctionName: this.functionName,
        InvocationType: 'Event',
        Payload: new TextEncoder().encode(JSON.stringify({ jobId })),
      }),
    );
  }
}

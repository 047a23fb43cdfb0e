import {
  GetQueueAttributesCommand,
  ListMessageMoveTasksCommand,
  type SQSClient,
  StartMessageMoveTaskCommand,
} from '@aws-sdk/client-sqs';

export interface MoveTaskStatus {
  status: string;
  moved: number;
  toMove?: number | undefined;
  failureReason?: string | undefined;
}

const FINISHED = new Set(['COMPLETED', 'CANCELLED', 'FAILED']);

/**
 * On AWS, SQS moves a dead-letter queue's messages back itself (the console's "Start DLQ
 * redrive"): this starts that move task towards the source queue and follows it to its end.
 */
export async function moveBack(
  sqs: SQSClient,
  deadLetterQueueUrl: string,
  sourceQueueUrl: string,
  onProgress: (status: MoveTaskStatus) => void = () => undefined,
  pollMs = 2_000,
): Promise<MoveTaskStatus> {
  const [sourceArn, destinationArn] = await Promise.all([
    arnOf(sqs, deadLetterQueueUrl),
    arnOf(sqs, sourceQueueUrl),
  ]);
  const { TaskHandle } = await sqs.send(
    new StartMessageMoveTaskCommand({ SourceArn: sourceArn, DestinationArn: destinationArn }),
  );
  for (;;) {
    const { Results = [] } = await sqs.send(
      new ListMessageMoveTasksCommand({ SourceArn: sourceArn, MaxResults: 10 }),
    );
    const task = Results.find((result) => result.TaskHandle === TaskHandle) ?? Results[0];
    const status: MoveTaskStatus = {
      status: task?.Status ?? 'UNKNOWN',
      moved: task?.ApproximateNumberOfMessagesMoved ?? 0,
      toMove: task?.ApproximateNumberOfMessagesToMove,
      failureReason: task?.FailureReason,
    };
    onProgress(status);
    if (FINISHED.has(status.status)) return status;
    await new Promise((done) => setTimeout(done, pollMs));
  }
}

async function arnOf(sqs: SQSClient, queueUrl: string): Promise<string> {
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }),
  );
  if (!Attributes?.QueueArn) throw new Error(`no queue at ${queueUrl}`);
  return Attributes.QueueArn;
}

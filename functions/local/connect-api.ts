import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A contact the local stand-in started: what an agent inside Connect would see of it. */
export interface LocalContact {
  contactId: string;
  operation: 'StartTaskContact' | 'StartOutboundVoiceContact' | 'StartWebRTCContact';
  startedAt: string;
  /** Where it was started: the instance and flow the request named. */
  instanceId?: string | undefined;
  contactFlowId?: string | undefined;
  name?: string | undefined;
  description?: string | undefined;
  references?: unknown;
  attributes: Record<string, string>;
  /** StartWebRTCContact: the customer's name, the video each side may send, and the meeting to join. */
  displayName?: string | undefined;
  allowedCapabilities?: unknown;
  webrtc?: WebRtcAnswer | undefined;
}

/** What StartWebRTCContact answers besides the contact id: the Amazon Chime SDK meeting to join. */
interface WebRtcAnswer {
  ParticipantId: string;
  ParticipantToken: string;
  ConnectionData: Record<string, unknown>;
}

export interface LocalConnectApi {
  endpoint: string;
  contacts(): LocalContact[];
  stop(): Promise<void>;
}

const OPERATIONS: Record<string, LocalContact['operation']> = {
  'PUT /contact/task': 'StartTaskContact',
  'PUT /contact/outbound-voice': 'StartOutboundVoiceContact',
  'PUT /contact/webrtc': 'StartWebRTCContact',
};

/**
 * Amazon Connect's contact-starting API on localhost, for `npm start`: it answers StartTaskContact,
 * StartOutboundVoiceContact and StartWebRTCContact with a contact id (and, for a web call, a
 * meeting to join) — the same one again for a repeated client token,
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
      const refusal = operation === 'StartWebRTCContact' ? webRtcRefusal(body) : undefined;
      if (refusal) {
        reply(400, { message: refusal }, 'InvalidParameterException');
        return;
      }
      const token = typeof body.ClientToken === 'string' ? body.ClientToken : randomUUID();
      const contact: LocalContact = byToken.get(token) ?? {
        contactId: randomUUID(),
        operation,
        startedAt: new Date().toISOString(),
        instanceId: body.InstanceId,
        contactFlowId: body.ContactFlowId,
        name: body.Name,
        description: body.Description,
        references: body.References,
        attributes: body.Attributes ?? {},
        ...(operation === 'StartWebRTCContact'
          ? {
              displayName: String(body.ParticipantDetails?.DisplayName),
              allowedCapabilities: body.AllowedCapabilities,
            }
          : {}),
      };
      if (operation === 'StartWebRTCContact') contact.webrtc ??= meeting();
      byToken.set(token, contact);
      reply(200, { ContactId: contact.contactId, ...contact.webrtc });
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
  ParticipantDetails?: { DisplayName?: unknown };
  AllowedCapabilities?: unknown;
}

/** Connect's own checks of a web call: a display name, and attributes within its limits. */
function webRtcRefusal(body: StartRequest): string | undefined {
  const name = body.ParticipantDetails?.DisplayName;
  if (typeof name !== 'string' || name.length < 1 || name.length > 256)
    return 'ParticipantDetails.DisplayName: 1 to 256 characters';
  const attributes = Object.entries(body.Attributes ?? {});
  if (attributes.some(([key, value]) => !/^[A-Za-z0-9_-]+$/.test(key) || typeof value !== 'string'))
    return 'Attributes: keys of letters, digits, - and _, string values';
  const bytes = attributes.reduce((sum, [key, value]) => sum + Buffer.byteLength(key + value), 0);
  if (bytes > 32_768) return 'Attributes: at most 32768 bytes in all';
  return undefined;
}

/** A plausible Amazon Chime SDK meeting, as Connect answers StartWebRTCContact. */
function meeting(): WebRtcAnswer {
  const meetingId = randomUUID();
  return {
    ParticipantId: randomUUID(),
    ParticipantToken: randomUUID().replaceAll('-', ''),
    ConnectionData: {
      Attendee: { AttendeeId: randomUUID(), JoinToken: randomUUID().replaceAll('-', '') },
      Meeting: {
        MeetingId: meetingId,
        MediaRegion: 'us-east-1',
        MediaPlacement: {
          AudioHostUrl: `${meetingId}.k.m1.ue1.app.chime.aws:3478`,
          AudioFallbackUrl: `wss://haxrp.m1.ue1.app.chime.aws:443/calls/${meetingId}`,
          SignalingUrl: `wss://signal.m1.ue1.app.chime.aws/control/${meetingId}`,
          TurnControlUrl: 'https://2713.cell.us-east-1.meetings.chime.aws/v2/turn_sessions',
          EventIngestionUrl: 'https://data.svc.ue1.ingest.chime.aws/v1/client-events',
        },
        MeetingFeatures: { Audio: { EchoReduction: 'AVAILABLE' } },
      },
    },
  };
}

function parse(text: string): StartRequest | undefined {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

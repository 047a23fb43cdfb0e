import { randomUUID } from 'node:crypto';

/** What a simulated call looks like from Connect's side. */
export interface SimulatedCallOptions {
  from: string;
  /** The number dialled (ours). */
  to?: string | undefined;
  /** The Connect queue's name (its id in the ARN is derived from it). */
  queue?: string | undefined;
  agent?: string | undefined;
  durationSeconds?: number | undefined;
  start?: Date | undefined;
  contactId?: string | undefined;
  disconnectReason?: string | undefined;
  /** The call ends this long after it was queued, before any agent answered (an abandoned call). */
  unansweredAfterSeconds?: number | undefined;
  /**
   * Whether the flow authenticated the caller (Voice ID, a PIN) and says so in the
   * `callerVerified` attribute; true unless set. An unverified number is only a claim.
   */
  callerVerified?: boolean | undefined;
}

export interface SimulatedCall {
  contactId: string;
  /** What the inbound flow's Lambda block sends. */
  flowEvent: Record<string, unknown>;
  /**
   * INITIATED, CONNECTED_TO_SYSTEM, QUEUED, CONNECTED_TO_AGENT, DISCONNECTED, in that order
   * (no CONNECTED_TO_AGENT for a call that ends unanswered).
   */
  contactEvents: Record<string, unknown>[];
}

export const SIMULATED_INSTANCE_ARN =
  'arn:aws:connect:us-east-1:000000000000:instance/00000000-0000-4000-8000-000000000000';

/**
 * The payloads Amazon Connect produces for one inbound call answered by an agent: the contact
 * flow's Lambda event and the contact events EventBridge delivers, with consistent ids and times.
 */
export function simulatedCall(options: SimulatedCallOptions): SimulatedCall {
  const contactId = options.contactId ?? randomUUID();
  const start = options.start ?? new Date();
  const queue = options.queue ?? 'general';
  const to = options.to ?? '+18005550100';
  const offset = (seconds: number) => new Date(start.getTime() + seconds * 1000).toISOString();
  const queueArn = `${SIMULATED_INSTANCE_ARN}/queue/${queue}`;
  const agentArn = `${SIMULATED_INSTANCE_ARN}/agent/${options.agent ?? 'agent-ana'}`;
  const initiated = offset(0);
  const inFlow = offset(0.4);
  const enqueued = offset(20);
  const answered = offset(45);
  const unanswered = options.unansweredAfterSeconds;
  const ended = offset(unanswered === undefined ? 45 + (options.durationSeconds ?? 120) : 20 + unanswered);
  const base = {
    contactId,
    initialContactId: contactId,
    channel: 'VOICE',
    instanceArn: SIMULATED_INSTANCE_ARN,
    initiationMethod: 'INBOUND',
    initiationTimestamp: initiated,
  };
  const envelope = (eventType: string, time: string, detail: Record<string, unknown>) => ({
    version: '0',
    id: randomUUID(),
    'detail-type': 'Amazon Connect Contact Event',
    source: 'aws.connect',
    account: '000000000000',
    time,
    region: 'us-east-1',
    resources: [SIMULATED_INSTANCE_ARN, `${SIMULATED_INSTANCE_ARN}/contact/${contactId}`],
    detail: { eventType, ...base, ...detail },
  });
  const queueInfo = { queueArn, queueType: 'STANDARD', enqueueTimestamp: enqueued };
  const agentInfo = { agentArn, connectedToAgentTimestamp: answered };
  return {
    contactId,
    flowEvent: {
      Name: 'ContactFlowEvent',
      Details: {
        ContactData: {
          Attributes: options.callerVerified === false ? {} : { callerVerified: 'true' },
          Channel: 'VOICE',
          ContactId: contactId,
          InitialContactId: contactId,
          PreviousContactId: contactId,
          InitiationMethod: 'INBOUND',
          InstanceARN: SIMULATED_INSTANCE_ARN,
          CustomerEndpoint: { Address: options.from, Type: 'TELEPHONE_NUMBER' },
          SystemEndpoint: { Address: to, Type: 'TELEPHONE_NUMBER' },
          Queue: null,
          MediaStreams: { Customer: { Audio: null } },
        },
        Parameters: {},
      },
    },
    contactEvents: [
      envelope('INITIATED', initiated, {}),
      envelope('CONNECTED_TO_SYSTEM', inFlow, { connectedToSystemTimestamp: inFlow }),
      envelope('QUEUED', enqueued, { connectedToSystemTimestamp: inFlow, queueInfo }),
      ...(unanswered === undefined
        ? [
            envelope('CONNECTED_TO_AGENT', answered, {
              connectedToSystemTimestamp: inFlow,
              queueInfo,
              agentInfo,
            }),
          ]
        : []),
      envelope('DISCONNECTED', ended, {
        connectedToSystemTimestamp: inFlow,
        disconnectTimestamp: ended,
        queueInfo,
        ...(unanswered === undefined ? { agentInfo } : {}),
        disconnectReason: options.disconnectReason ?? 'CUSTOMER_DISCONNECT',
      }),
    ],
  };
}

/**
 * The same for an in-app or web call Connect started with StartWebRTCContact: the contact is
 * `WEBRTC_API`, has no caller number, and carries the attributes OneThread gave it.
 */
export function simulatedWebCall(
  contactId: string,
  attributes: Record<string, string>,
  options: Omit<SimulatedCallOptions, 'from' | 'to' | 'contactId' | 'callerVerified'> = {},
): SimulatedCall {
  const call = simulatedCall({ ...options, from: '+10000000000', contactId });
  const data = (call.flowEvent.Details as { ContactData: Record<string, unknown> }).ContactData;
  Object.assign(data, {
    Attributes: attributes,
    InitiationMethod: 'WEBRTC_API',
    CustomerEndpoint: null,
    SystemEndpoint: null,
  });
  for (const event of call.contactEvents) {
    (event.detail as Record<string, unknown>).initiationMethod = 'WEBRTC_API';
  }
  return call;
}

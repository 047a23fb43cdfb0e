import { describe, expect, it } from 'vitest';
import type { Call } from '#core/call-model.ts';
import { callWait } from '#core/call-wait.ts';

const queued: Call = {
  contactId: 'c-1',
  state: 'queued',
  initiationMethod: 'INBOUND',
  routingQueueId: 'general',
  enqueuedAt: '2026-12-07T10:00:20.000Z',
  events: [],
};
const ended = (fields: Partial<Call> = {}): Call => ({
  ...queued,
  state: 'ended',
  endedAt: '2026-12-07T10:02:00.000Z',
  ...fields,
});

describe('how a queued call’s wait ended', () => {
  it('is answered once a Connect agent has it, at the time they did', () => {
    expect(
      callWait({ ...queued, state: 'connected', connectedToAgentAt: '2026-12-07T10:00:45.000Z' }),
    ).toEqual({
      queueId: 'general',
      outcome: 'answered',
      enqueuedAt: '2026-12-07T10:00:20.000Z',
      endedAt: '2026-12-07T10:00:45.000Z',
    });
  });

  it('is abandoned when the caller hung up or the line dropped before any agent answered', () => {
    for (const disconnectReason of ['CUSTOMER_DISCONNECT', 'TELECOM_PROBLEM', undefined]) {
      const call = ended(disconnectReason ? { disconnectReason } : {});
      expect(callWait(call), disconnectReason).toMatchObject({
        outcome: 'abandoned',
        endedAt: '2026-12-07T10:02:00.000Z',
      });
    }
  });

  it('is no abandonment when the flow, a transfer or an expiry ended it', () => {
    for (const disconnectReason of ['CONTACT_FLOW_DISCONNECT', 'THIRD_PARTY_DISCONNECT', 'EXPIRED'])
      expect(callWait(ended({ disconnectReason })), disconnectReason).toBeUndefined();
  });

  it('is not settled while the call still waits, and there is none for calls that never queued', () => {
    expect(callWait(queued)).toBeUndefined();
    const { enqueuedAt: _never, ...unqueued } = ended();
    expect(callWait(unqueued)).toBeUndefined();
    const { routingQueueId: _unlooked, ...unknownQueue } = ended();
    expect(callWait(unknownQueue)).toBeUndefined();
  });

  it('leaves our own outbound calls (callbacks) out', () => {
    expect(callWait(ended({ initiationMethod: 'API' }))).toBeUndefined();
    expect(callWait(ended({ initiationMethod: 'OUTBOUND' }))).toBeUndefined();
  });
});

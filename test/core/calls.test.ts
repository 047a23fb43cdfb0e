import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CallEvent } from '#core/call-model.ts';
import { addCallEvent, callDirection, describeCall, summarizeCall } from '#core/calls.ts';

const QUEUE = 'arn:aws:connect:eu-west-1:111122223333:instance/i-1/queue/billing';
const AGENT = 'arn:aws:connect:eu-west-1:111122223333:instance/i-1/agent/agent-ben';

const REPORTS: CallEvent[] = [
  {
    eventId: 'e1',
    type: 'INITIATED',
    at: '2026-05-01T10:00:00.000Z',
    initiatedAt: '2026-05-01T10:00:00.000Z',
  },
  {
    eventId: 'e2',
    type: 'QUEUED',
    at: '2026-05-01T10:00:30.000Z',
    queueArn: QUEUE,
    enqueuedAt: '2026-05-01T10:00:30.000Z',
  },
  {
    eventId: 'e3',
    type: 'CONNECTED_TO_AGENT',
    at: '2026-05-01T10:01:10.000Z',
    agentArn: AGENT,
    queueArn: QUEUE,
  },
  {
    eventId: 'e4',
    type: 'DISCONNECTED',
    at: '2026-05-01T10:05:00.000Z',
    disconnectedAt: '2026-05-01T10:05:00.000Z',
    disconnectReason: 'AGENT_DISCONNECT',
  },
];

describe('call state from its reports', () => {
  it('sums up an answered call', () => {
    expect(summarizeCall('c-1', REPORTS)).toMatchObject({
      contactId: 'c-1',
      state: 'ended',
      queueId: 'billing',
      agentId: 'agent-ben',
      durationSeconds: 300,
      waitSeconds: 40,
      disconnectReason: 'AGENT_DISCONNECT',
    });
  });

  it('never lets a late QUEUED undo DISCONNECTED', () => {
    const late = { ...REPORTS[1], eventId: 'e9', at: '2026-05-01T10:06:00.000Z' } as CallEvent;
    expect(summarizeCall('c-1', [...REPORTS, late]).state).toBe('ended');
  });

  it('gives the same call for any order and any duplicates of the same reports', () => {
    const expected = summarizeCall('c-1', REPORTS);
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...REPORTS), { minLength: 4, maxLength: 12 }), (arrival) => {
        fc.pre(REPORTS.every((report) => arrival.includes(report)));
        const events = arrival.reduce<CallEvent[]>((known, event) => addCallEvent(known, event), []);
        expect(summarizeCall('c-1', events)).toEqual(expected);
      }),
    );
  });

  it('counts a report seen twice once, even under another event id', () => {
    const events = addCallEvent(addCallEvent([], REPORTS[0] as CallEvent), {
      ...(REPORTS[0] as CallEvent),
      eventId: 'x',
    });
    expect(events).toHaveLength(1);
  });

  it('reads the direction from how the contact was started', () => {
    expect(callDirection('INBOUND')).toBe('inbound');
    expect(callDirection('transfer')).toBe('inbound');
    expect(callDirection('OUTBOUND')).toBe('outbound');
    expect(callDirection('CALLBACK')).toBe('outbound');
    expect(callDirection(undefined)).toBe('inbound');
  });

  it('describes the call in one line', () => {
    expect(describeCall(summarizeCall('c-1', REPORTS), 'inbound')).toBe(
      'Inbound call, queue billing, agent agent-ben, 5 min, ended',
    );
  });
});

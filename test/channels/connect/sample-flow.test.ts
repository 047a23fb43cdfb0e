import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { NO_CALLBACK, REQUEST_CALLBACK } from '#channels/connect/flow-callback.ts';
import { safeDefaults } from '#channels/connect/flow-lookup.ts';
import { DEFAULT_ROUTING_RULES } from '#core/entry-points.ts';

interface FlowAction {
  Identifier: string;
  Type: string;
  Parameters: Record<string, unknown>;
  Transitions: {
    NextAction?: string;
    Conditions?: { NextAction: string; Condition: { Operands: string[] } }[];
    Errors?: { NextAction: string }[];
  };
}
type Flow = { Version: string; StartAction: string; Actions: FlowAction[] };

const sample = (name: string) =>
  JSON.parse(readFileSync(new URL(`../../../docs/connect/${name}.json`, import.meta.url), 'utf8')) as Flow;
const inbound = sample('inbound-flow');
const queue = sample('queue-flow');

const action = (flow: Flow, id: string) => flow.Actions.find((a) => a.Identifier === id) as FlowAction;
const nextOf = ({ Transitions: { NextAction, Conditions = [], Errors = [] } }: FlowAction) => [
  ...(NextAction ? [NextAction] : []),
  ...Conditions.map((c) => c.NextAction),
  ...Errors.map((e) => e.NextAction),
];

describe.each([
  ['inbound', inbound],
  ['customer queue', queue],
])('the sample %s contact flow', (_name, flow) => {
  const ids = new Set(flow.Actions.map((a) => a.Identifier));

  it('leads every transition to an action of the flow', () => {
    expect(ids.has(flow.StartAction)).toBe(true);
    for (const a of flow.Actions)
      for (const next of nextOf(a)) expect(ids, `${a.Identifier} → ${next}`).toContain(next);
  });

  it('calls the function synchronously within Connect’s limit and expects a string map', () => {
    const lambdas = flow.Actions.filter((a) => a.Type === 'InvokeLambdaFunction');
    expect(lambdas.length).toBeGreaterThan(0);
    for (const lambda of lambdas) {
      expect(lambda.Parameters).toMatchObject({ ResponseValidation: { ResponseType: 'STRING_MAP' } });
      expect(Number(lambda.Parameters.InvocationTimeLimitSeconds)).toBeLessThanOrEqual(8);
    }
  });

  it('reads only keys the function answers', () => {
    const answered = [...Object.keys(safeDefaults(DEFAULT_ROUTING_RULES, 'ok')), ...Object.keys(NO_CALLBACK)];
    const read = JSON.stringify(flow).match(/\$\.External\.(\w+)/g) ?? [];
    expect(read.length).toBeGreaterThan(0);
    for (const reference of read) expect(answered).toContain(reference.replace('$.External.', ''));
  });
});

describe('the callback and closed branches of the sample flows', () => {
  /** Where pressing 1 on a `GetParticipantInput` action leads. */
  const onPressOne = (flow: Flow, id: string) =>
    action(flow, id).Transitions.Conditions?.find((c) => c.Condition.Operands.includes('1'))?.NextAction;

  it('tells a caller outside hours when the queue opens, and offers a callback or says goodbye', () => {
    const check = action(inbound, 'check-open');
    expect(check.Parameters.ComparisonValue).toBe('$.External.open');
    const closed = check.Transitions.Conditions?.[0];
    expect(closed?.Condition.Operands).toEqual(['false']);
    const offer = action(inbound, closed?.NextAction as string);
    expect(offer.Type).toBe('GetParticipantInput');
    expect(String(offer.Parameters.Text)).toContain('$.External.nextOpeningSpoken');
    const request = action(inbound, onPressOne(inbound, offer.Identifier) as string);
    expect(request.Parameters.LambdaInvocationAttributes).toEqual({ action: REQUEST_CALLBACK });
    // Not pressing 1 ends the call after the closed message.
    const goodbye = action(inbound, offer.Transitions.NextAction as string);
    expect(goodbye.Transitions.NextAction).toBe('disconnect');
    // Both queue paths play the queue flow (with its callback offer) while the caller waits.
    const hook = action(inbound, 'set-queue-flow');
    expect(hook.Parameters.EventHooks).toHaveProperty('CustomerQueue');
    expect(nextOf(hook)).toContain('transfer');
  });

  it('offers press 1 while queued, asks for the callback and says when to expect it', () => {
    const request = action(queue, onPressOne(queue, queue.StartAction) as string);
    expect(request.Parameters.LambdaInvocationAttributes).toEqual({ action: REQUEST_CALLBACK });
    const taken = action(queue, request.Transitions.NextAction as string);
    const confirm = action(queue, taken.Transitions.Conditions?.[0]?.NextAction as string);
    expect(String(confirm.Parameters.Text)).toContain('$.External.callbackMessage');
    expect(action(queue, confirm.Transitions.NextAction as string).Type).toBe('DisconnectParticipant');
    // A caller who does not press 1 keeps waiting, hearing the offer again.
    expect(nextOf(action(queue, 'hold'))).toContain(queue.StartAction);
  });
});

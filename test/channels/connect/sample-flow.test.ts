import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { safeDefaults } from '#channels/connect/flow-lookup.ts';
import { DEFAULT_ROUTING_RULES } from '#core/entry-points.ts';

interface FlowAction {
  Identifier: string;
  Type: string;
  Parameters: Record<string, unknown>;
  Transitions: {
    NextAction?: string;
    Conditions?: { NextAction: string }[];
    Errors?: { NextAction: string }[];
  };
}

const flow = JSON.parse(
  readFileSync(new URL('../../../docs/connect/inbound-flow.json', import.meta.url), 'utf8'),
) as { Version: string; StartAction: string; Actions: FlowAction[] };

describe('the sample inbound contact flow', () => {
  const ids = new Set(flow.Actions.map((action) => action.Identifier));

  it('leads every transition to an action of the flow', () => {
    expect(ids.has(flow.StartAction)).toBe(true);
    for (const action of flow.Actions) {
      const { NextAction, Conditions = [], Errors = [] } = action.Transitions;
      for (const next of [
        NextAction,
        ...Conditions.map((c) => c.NextAction),
        ...Errors.map((e) => e.NextAction),
      ]) {
        if (next !== undefined) expect(ids, `${action.Identifier} → ${next}`).toContain(next);
      }
    }
  });

  it('calls the lookup synchronously within Connect’s limit and expects a string map', () => {
    const lookup = flow.Actions.find((action) => action.Type === 'InvokeLambdaFunction');
    expect(lookup?.Parameters).toMatchObject({ ResponseValidation: { ResponseType: 'STRING_MAP' } });
    expect(Number(lookup?.Parameters.InvocationTimeLimitSeconds)).toBeLessThanOrEqual(8);
  });

  it('reads only keys the lookup answers', () => {
    const answered = Object.keys(safeDefaults(DEFAULT_ROUTING_RULES, 'ok'));
    const read = JSON.stringify(flow).match(/\$\.External\.(\w+)/g) ?? [];
    expect(read.length).toBeGreaterThan(0);
    for (const reference of read) expect(answered).toContain(reference.replace('$.External.', ''));
  });
});

import { describe, expect, it } from 'vitest';
import { requireCaller, requireSupervisor } from '#http/auth.ts';
import { httpEvent } from '../support/events.ts';

describe('callers of agent routes', () => {
  it('reads the subject and groups the JWT authorizer passed on', () => {
    const event = httpEvent('GET /customers', {
      claims: { sub: 'u-1', 'cognito:groups': '[agents supervisors]' },
    });
    expect(requireCaller(event)).toEqual({
      subject: 'u-1',
      agentId: 'u-1',
      groups: ['agents', 'supervisors'],
      isSupervisor: true,
    });
  });

  it('takes the agent id from the custom claim, else the Cognito user name', () => {
    const claims = { sub: 's', 'cognito:username': 'ana', 'custom:agentId': 'agent-ana' };
    expect(requireCaller(httpEvent('GET /queues', { claims })).agentId).toBe('agent-ana');
    expect(
      requireCaller(httpEvent('GET /queues', { claims: { sub: 's', 'cognito:username': 'ben' } })).agentId,
    ).toBe('ben');
  });

  it('refuses a request that carries no verified claims', () => {
    expect(() => requireCaller(httpEvent('GET /customers'))).toThrow(/credentials/);
  });

  it('keeps supervisor actions from agents', () => {
    const event = httpEvent('PUT /queues/{queueId}', { claims: { sub: 'u-2', 'cognito:groups': 'agents' } });
    expect(() => requireSupervisor(event)).toThrow(/supervisor/);
  });
});

import { describe, expect, it } from 'vitest';
import { viewAgent } from '#core/routing/index.ts';
import { Harness, offersIn, ofType, only, restored, T0 } from './harness.ts';

describe('presence with reasons', () => {
  it('keeps why an away agent is away and since when, and forgets the reason once they are back', () => {
    const h = new Harness();
    h.addAgent('ana', { billing: 5 });
    h.advance(60);
    h.send({ type: 'agentStatusChanged', agentId: 'ana', status: 'away', reason: 'lunch' });
    expect(viewAgent(h.state, 'ana')).toMatchObject({
      status: 'away',
      statusReason: 'lunch',
      statusSince: new Date(T0 + 60_000).toISOString(),
    });
    h.advance(1800);
    h.send({ type: 'agentStatusChanged', agentId: 'ana', status: 'available' });
    const back = viewAgent(h.state, 'ana');
    expect(back?.statusReason).toBeUndefined();
    expect(back?.statusSince).toBe(new Date(T0 + 1_860_000).toISOString());
  });

  it('moves an away agent to another reason with a new time in state, routing nothing', () => {
    const h = new Harness();
    h.addAgent('ana', { billing: 5 });
    h.send({ type: 'agentStatusChanged', agentId: 'ana', status: 'away', reason: 'break' });
    h.advance(300);
    expect(h.send({ type: 'agentStatusChanged', agentId: 'ana', status: 'away', reason: 'meeting' })).toEqual(
      [],
    );
    expect(viewAgent(h.state, 'ana')).toMatchObject({
      statusReason: 'meeting',
      statusSince: new Date(T0 + 300_000).toISOString(),
    });
    expect(
      only(
        ofType(
          h.send({ type: 'agentStatusChanged', agentId: 'ana', status: 'away', reason: 'meeting' }),
          'ignored',
        ),
      ),
    ).toBeDefined();
  });

  it("refuses a reason not on the floor's list, or a reason for any status but away, naming reason", () => {
    const h = new Harness({ config: { awayReasons: ['break', 'training'] } });
    h.addAgent('ana', { billing: 5 });
    for (const [status, reason] of [
      ['away', 'lunch'],
      ['available', 'break'],
    ] as const) {
      expect(h.send({ type: 'agentStatusChanged', agentId: 'ana', status, reason })).toEqual([
        expect.objectContaining({ type: 'rejected', code: 'invalid_input', field: 'reason' }),
      ]);
    }
    expect(viewAgent(h.state, 'ana')?.status).toBe('available');
  });

  it('says an agent set away for missed offers is away for that reason', () => {
    const h = new Harness({ config: { maxMissedOffers: 1 } });
    h.addAgent('ana', { billing: 5 });
    expect(offersIn(h.enqueue('wi-1'))).toHaveLength(1);
    h.advance(25);
    expect(viewAgent(h.state, 'ana')).toMatchObject({ status: 'away', statusReason: 'missed-offers' });
  });

  it('keeps the reason and the time in state through a snapshot', () => {
    const h = new Harness();
    h.addAgent('ana', { billing: 5 });
    h.send({ type: 'agentStatusChanged', agentId: 'ana', status: 'away', reason: 'training' });
    expect(viewAgent(restored(h.state), 'ana')).toEqual(viewAgent(h.state, 'ana'));
  });
});

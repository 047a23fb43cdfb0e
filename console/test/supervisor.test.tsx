// @vitest-environment jsdom
import createWrapper from '@cloudscape-design/components/test-utils/dom';
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, describe, expect, it } from 'vitest';
import type { Agent, QueueStats, WaitingItem } from '../src/api.ts';
import { reassignTargets, WaitingList } from '../src/WaitingList.tsx';
import { floorFigures } from '../src/Wallboard.tsx';
import { withQueries } from './queries.tsx';
import { queueOf } from './wire.ts';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let root: Root | undefined;
afterEach(() => {
  act(() => root?.unmount());
  document.body.innerHTML = '';
});

const queue = (queueId: string, figures: Partial<QueueStats> = {}): QueueStats =>
  queueOf({ queueId, name: queueId.charAt(0).toUpperCase() + queueId.slice(1), ...figures });
const agent = (agentId: string, status: Agent['status'], chat = 0): Agent => ({
  agentId,
  name: agentId,
  skills: {},
  capacity: { chat: 2 },
  status,
  load: { chat },
});

describe('the wallboard', () => {
  it("weighs each queue's service level by its contacts, and counts agents by state", () => {
    const floor = floorFigures(
      [
        queue('billing', {
          waiting: 3,
          oldestWaitSeconds: 95,
          serviceLevelToday: 0.5,
          answeredToday: 3,
          abandonedToday: 1,
        }),
        queue('general', { waiting: 1, oldestWaitSeconds: 20, serviceLevelToday: 1, answeredToday: 6 }),
        queue('sales', { serviceLevelToday: null }),
      ],
      [agent('ana', 'available', 1), agent('ben', 'available'), agent('cy', 'away'), agent('dee', 'offline')],
    );
    expect(floor).toEqual({
      serviceLevel: 0.8,
      waiting: 4,
      longestWaitSeconds: 95,
      agents: { available: 1, busy: 1, away: 1, offline: 1 },
    });
  });

  it('has no service level before the first answer, and no longest wait when nobody waits', () => {
    expect(floorFigures([queue('billing', { oldestWaitSeconds: 40 })], [])).toMatchObject({
      serviceLevel: null,
      waiting: 0,
      longestWaitSeconds: 0,
    });
  });
});

describe("a queue's waiting list", () => {
  const waiting: WaitingItem[] = [
    {
      workItemId: 'wi_1',
      conversationId: 'conv_1',
      customerId: 'cust_1',
      channel: 'whatsapp',
      language: 'es',
      priority: 7,
      routingStep: 1,
      state: 'queued',
      enqueuedAt: '2026-05-01T09:00:00.000Z',
      waitingSeconds: 130,
    },
  ];

  it('offers every other queue and every agent as a target', () => {
    const targets = reassignTargets(
      [queue('billing'), queue('general')],
      [agent('ana', 'available')],
      'billing',
    );
    expect(targets).toEqual([
      { label: 'Queues', options: [{ value: 'queue:general', label: 'General' }] },
      { label: 'Agents', options: [{ value: 'agent:ana', label: 'ana', description: 'available' }] },
    ]);
  });

  it('lists what waits with its age, channel, language, priority and step, and reassigns an item', async () => {
    const moves: unknown[] = [];
    const container = document.createElement('div');
    document.body.append(container);
    root = createRoot(container);
    await act(async () => {
      root?.render(
        withQueries(
          <WaitingList
            api={{
              waiting: async () => waiting,
              reassign: async (workItemId, to) => {
                moves.push({ workItemId, to });
                return {};
              },
            }}
            queue={queue('billing')}
            queues={[queue('billing'), queue('general')]}
            agents={[agent('ana', 'available')]}
          />,
        ),
      );
    });
    const rows = createWrapper(document.body).findTable()?.findRows() ?? [];
    expect(rows.map((row) => row.getElement().textContent)).toEqual([
      expect.stringMatching(/2 min 10 s.*WhatsApp.*Spanish.*7.*2.*waiting/),
    ]);
    await act(async () => createWrapper(document.body).findButton('[aria-label="Reassign wi_1"]')?.click());
    const select = createWrapper(document.body).findModal()?.findContent().findSelect();
    if (!select) throw new Error('no target select');
    act(() => select.openDropdown());
    await act(async () => select.selectOptionByValue('queue:general'));
    const reassign = createWrapper(document.body)
      .findModal()
      ?.findFooter()
      ?.findAllButtons()
      .find((button) => button.getElement().textContent === 'Reassign');
    await act(async () => reassign?.click());
    expect(moves).toEqual([{ workItemId: 'wi_1', to: { queueId: 'general' } }]);
  });
});

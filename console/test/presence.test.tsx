// @vitest-environment jsdom
import createWrapper from '@cloudscape-design/components/test-utils/dom';
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, describe, expect, it } from 'vitest';
import { AwayReason } from '../src/AwayReason.tsx';
import type { Agent } from '../src/api.ts';
import { statusText } from '../src/SupervisorView.tsx';
import { withQueries } from './queries.tsx';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let root: Root | undefined;
afterEach(() => {
  act(() => root?.unmount());
  document.body.innerHTML = '';
});

const ana: Agent = {
  agentId: 'ana',
  name: 'Ana',
  skills: {},
  capacity: { chat: 2 },
  status: 'away',
  load: {},
  statusReason: 'lunch',
  statusSince: '2026-05-01T12:00:00.000Z',
};

describe('presence with reasons', () => {
  it('shows supervisors the status, why, and the time in it', () => {
    expect(statusText(ana, Date.parse('2026-05-01T12:12:30.000Z'))).toBe('away (lunch) · 12 min 30 s');
    expect(
      statusText({ ...ana, statusReason: 'missed-offers' }, Date.parse('2026-05-01T12:00:05.000Z')),
    ).toBe('away (missed offers) · 5 s');
    const { statusReason: _reason, statusSince: _since, ...plain } = ana;
    expect(statusText({ ...plain, status: 'available' }, Date.now())).toBe('available');
  });

  it("lets an away agent pick one of the floor's reasons", async () => {
    const picked: string[] = [];
    const container = document.createElement('div');
    document.body.append(container);
    root = createRoot(container);
    await act(async () => {
      root?.render(
        withQueries(
          <AwayReason
            api={{ awayReasons: async () => ['break', 'lunch'] }}
            agentId="ana"
            reason="break"
            onReason={(reason) => picked.push(reason)}
          />,
        ),
      );
    });
    expect(document.body.textContent).toContain('Break');
    const select = createWrapper(document.body).findSelect();
    if (!select) throw new Error('no reason select');
    act(() => select.openDropdown());
    await act(async () => select.selectOptionByValue('lunch'));
    expect(picked).toEqual(['lunch']);
  });
});

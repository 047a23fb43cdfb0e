// @vitest-environment jsdom
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, describe, expect, it } from 'vitest';
import type { WorkItem } from '../src/api.ts';
import { CustomerTyping, TYPING_SIGNAL_MS, typingThrottle } from '../src/Typing.tsx';
import { withQueries } from './queries.tsx';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const item: WorkItem = {
  workItemId: 'wi_1',
  conversationId: 'conv_1',
  customerId: 'cust_ana',
  channel: 'chat',
  queueId: 'returns',
  state: 'assigned',
  enqueuedAt: '2026-03-01T10:00:00.000Z',
};

let root: Root | undefined;
afterEach(() => {
  act(() => root?.unmount());
  root = undefined;
  document.body.innerHTML = '';
});

async function render(customerTypingUntil: string | undefined) {
  const asked: string[] = [];
  const api = {
    conversationTyping: async (conversationId: string) => {
      asked.push(conversationId);
      return { conversationId, customerTypingUntil };
    },
  };
  const container = document.createElement('div');
  document.body.append(container);
  root = createRoot(container);
  await act(async () => root?.render(withQueries(<CustomerTyping api={api} item={item} />)));
  return { text: container.textContent ?? '', asked };
}

describe('typing in the conversation pane', () => {
  it('shows the agent that the chat customer is typing', async () => {
    const seen = await render('2026-03-01T10:00:06.000Z');
    expect(seen.asked).toEqual(['conv_1']);
    expect(seen.text).toBe('Customer is typing…');
  });

  it('shows nothing while the customer is not typing', async () => {
    expect((await render(undefined)).text).toBe('');
  });

  it("sends the agent's typing at most once per few seconds", () => {
    let now = 1_000;
    const due = typingThrottle(() => now);
    const sent: boolean[] = [];
    for (const step of [0, 1_000, 1_000, TYPING_SIGNAL_MS, 500]) {
      now += step;
      sent.push(due());
    }
    expect(sent).toEqual([true, false, false, true, false]);
  });
});

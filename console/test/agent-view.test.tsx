// @vitest-environment jsdom
import createWrapper from '@cloudscape-design/components/test-utils/dom';
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AgentView } from '../src/AgentView.tsx';
import { type Agent, type AgentWorkItem, type Api, ApiError, type Offer } from '../src/api.ts';
import { OutcomeBar, OutcomesProvider } from '../src/outcomes.tsx';
import { withQueries } from './queries.tsx';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let root: Root | undefined;
// Refetching on a timer (React Query's refetchInterval) is held still: whatever is read again is
// read because something invalidated it.
beforeEach(() => vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] }));
afterEach(() => {
  act(() => root?.unmount());
  root = undefined;
  document.body.innerHTML = '';
  vi.useRealTimers();
});

const ana: Agent = {
  agentId: 'agent-ana',
  name: 'Ana Lima',
  skills: { billing: 1 },
  capacity: { chat: 2 },
  status: 'available',
  load: {},
};
const offer: Offer = {
  offerId: 'offer_1',
  workItemId: 'wi_1',
  agentId: 'agent-ana',
  customerId: 'cust_dana',
  conversationId: 'conv_1',
  channel: 'chat',
  queueId: 'general',
  offeredAt: new Date().toISOString(),
  // Far off: the countdown never ends within the test.
  expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
};
const assigned: AgentWorkItem = {
  workItemId: 'wi_1',
  conversationId: 'conv_1',
  customerId: 'cust_dana',
  channel: 'chat',
  queueId: 'general',
  state: 'assigned',
  enqueuedAt: offer.offeredAt,
};

/**
 * The router as the agent view reads it: the offer until it is accepted, then the item in hand.
 * `refuse` makes the accept fail as the platform would, with nothing changed.
 */
function platform(refuse?: ApiError) {
  let accepted = false;
  const reads = { offers: 0, workItems: 0 };
  const api = {
    agent: async () => ana,
    offers: async () => {
      reads.offers += 1;
      return accepted ? [] : [offer];
    },
    workItems: async () => {
      reads.workItems += 1;
      return accepted ? [assigned] : [];
    },
    accept: async () => {
      if (refuse) throw refuse;
      accepted = true;
      return {};
    },
    workItem: async () => ({ ...assigned, state: 'assigned' }),
    customer: async () => ({
      customerId: 'cust_dana',
      name: 'Dana Ruiz',
      identities: [],
      createdAt: offer.offeredAt,
    }),
    timeline: async () => [],
    conversationTyping: async (conversationId: string) => ({ conversationId }),
    articleUses: async () => [],
    awayReasons: async () => [],
  };
  return { api: api as unknown as Api, reads };
}

/** The agent view as the app frames it: with the cache and the page's outcomes above it. */
async function render(api: Api) {
  const view = withQueries(
    <OutcomesProvider>
      <OutcomeBar />
      <AgentView api={api} agentId="agent-ana" agent={ana} onAgent={() => undefined} />
    </OutcomesProvider>,
  );
  const container = document.createElement('div');
  document.body.append(container);
  root = createRoot(container);
  await act(async () => root?.render(view));
}

const acceptButton = () =>
  createWrapper(document.body)
    .findAllButtons()
    .find((button) => button.getElement().textContent === 'Accept');

describe('the agent view', () => {
  it("reads the agent's offers and work again once an offer is accepted, and opens the conversation", async () => {
    const { api, reads } = platform();
    await render(api);
    await vi.waitFor(() => expect(acceptButton()).toBeDefined());
    const before = { ...reads };

    await act(async () => acceptButton()?.click());
    await vi.waitFor(() => expect(createWrapper(document.body).findTable()?.findRows()).toHaveLength(1));
    // The accept invalidated what the agent holds.
    expect(reads.offers).toBeGreaterThan(before.offers);
    expect(reads.workItems).toBeGreaterThan(before.workItems);
    expect(document.querySelector('[data-testid="offer"]')).toBeNull();
    expect(document.body.textContent).toContain('Chat conversation conv_1');
  });

  it('says in the Flashbar why an accept was refused, and keeps the offer', async () => {
    const { api } = platform(new ApiError(409, 'The offer has expired'));
    await render(api);
    await vi.waitFor(() => expect(acceptButton()).toBeDefined());

    await act(async () => acceptButton()?.click());
    const flashbar = createWrapper(document.body).findFlashbar();
    await vi.waitFor(() => expect(flashbar?.findItems()).toHaveLength(1));
    expect(flashbar?.findItems()[0]?.findContent()?.getElement().textContent).toBe('The offer has expired');
    expect(document.querySelector('[data-testid="offer"]')).not.toBeNull();
  });
});

// @vitest-environment jsdom
import createWrapper from '@cloudscape-design/components/test-utils/dom';
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../src/api.ts';
import { invalidateOnNotice, useLiveQuery } from '../src/live-updates.tsx';
import { OutcomeBar, OutcomesProvider, useReport } from '../src/outcomes.tsx';
import { createQueryClient, isTransient, keyOfTopic, queryKeys, topicOf } from '../src/queries.ts';
import { withQueries } from './queries.tsx';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let root: Root | undefined;
afterEach(() => {
  act(() => root?.unmount());
  root = undefined;
  document.body.innerHTML = '';
});

async function render(element: React.ReactElement): Promise<HTMLElement> {
  const container = document.createElement('div');
  document.body.append(container);
  root = createRoot(container);
  await act(async () => root?.render(element));
  return container;
}

/** Lets fetches answer and React Query hand the answers over. */
const settle = () => act(async () => new Promise((resolve) => setTimeout(resolve, 10)));

/** A read that answers `answers` in turn (the last one again once they run out), counting calls. */
function reads<T>(...answers: (T | Error)[]) {
  let calls = 0;
  const read = async () => {
    const answer = answers[Math.min(calls, answers.length - 1)] as T | Error;
    calls += 1;
    if (answer instanceof Error) throw answer;
    return answer;
  };
  return { read, calls: () => calls };
}

/** The live client's part the cache needs: who listens to which topic, and a notice by hand. */
function liveTopics() {
  const listeners = new Map<string, Set<() => void>>();
  return {
    listen(topic: string, listener: () => void) {
      const set = listeners.get(topic) ?? new Set();
      set.add(listener);
      listeners.set(topic, set);
      return () => {
        set.delete(listener);
        if (set.size === 0) listeners.delete(topic);
      };
    },
    topics: () => [...listeners.keys()].sort(),
    notify: (topic: string) => {
      for (const listener of listeners.get(topic) ?? []) listener();
    },
  };
}

function Shown({
  label,
  read,
  queryKey,
}: {
  label: string;
  read: () => Promise<string>;
  queryKey: string[];
}) {
  const query = useLiveQuery(queryKey, read, 60_000);
  return (
    <p data-testid={label}>{query.error ? `error: ${query.error.message}` : (query.data ?? 'loading')}</p>
  );
}
const shown = (label: string) => document.querySelector(`[data-testid="${label}"]`)?.textContent;

describe("the console's cache keys", () => {
  it('file every read under the live topic that announces its change', () => {
    expect(topicOf(queryKeys.timeline('cust_1'))).toBe('customer:cust_1');
    expect(topicOf(queryKeys.typing('cust_1', 'conv_1'))).toBe('customer:cust_1');
    expect(topicOf(queryKeys.offers('agent-ana'))).toBe('agent:agent-ana');
    expect(topicOf(queryKeys.waiting('billing'))).toBe('queues');
    expect(topicOf(queryKeys.agents())).toBe('agents');
    // Nothing announces a report's or an article list's change.
    expect(topicOf(queryKeys.articles())).toBeUndefined();
    expect(keyOfTopic('customer:cust_1')).toEqual(queryKeys.ofCustomer('cust_1'));
    expect(keyOfTopic('queues')).toEqual(['queues']);
  });
});

describe('reads', () => {
  it('try again after a transient failure, and show the answer', async () => {
    const timeline = reads<string>(new ApiError(503, 'busy'), 'three messages');
    await render(
      withQueries(<Shown label="timeline" read={timeline.read} queryKey={['customer', 'c', 't']} />),
    );
    // After the first retry's pause (half a second).
    await vi.waitFor(() => expect(shown('timeline')).toBe('three messages'), { timeout: 5_000 });
    expect(timeline.calls()).toBe(2);
  });

  it('do not retry what the platform refused on its merits, and say why', async () => {
    const customer = reads<string>(new ApiError(404, 'No such customer'));
    await render(
      withQueries(<Shown label="customer" read={customer.read} queryKey={['customer', 'c', 'r']} />),
    );
    await settle();
    expect(shown('customer')).toBe('error: No such customer');
    expect(customer.calls()).toBe(1);
  });

  it('count lost connections and server errors as transient, client errors not', () => {
    expect([503, 500, 429, 408].map((status) => isTransient(new ApiError(status, '')))).toEqual([
      true,
      true,
      true,
      true,
    ]);
    expect([400, 401, 403, 404, 409].some((status) => isTransient(new ApiError(status, '')))).toBe(false);
    expect(isTransient(new TypeError('Failed to fetch'))).toBe(true);
  });
});

describe('live notices', () => {
  it("invalidate only their topic's queries, which those on screen fetch again", async () => {
    const client = createQueryClient();
    const live = liveTopics();
    const stop = invalidateOnNotice(live, client);
    const timeline = reads('one message', 'two messages');
    const offers = reads('no offer');
    await render(
      withQueries(
        <>
          <Shown label="timeline" read={timeline.read} queryKey={[...queryKeys.timeline('cust_1')]} />
          <Shown label="offers" read={offers.read} queryKey={[...queryKeys.offers('agent-ana')]} />
        </>,
        client,
      ),
    );
    await settle();
    expect(live.topics()).toEqual(['agent:agent-ana', 'customer:cust_1']);
    expect(shown('timeline')).toBe('one message');

    await act(async () => live.notify('customer:cust_1'));
    await settle();
    expect(shown('timeline')).toBe('two messages');
    expect(timeline.calls()).toBe(2);
    expect(offers.calls()).toBe(1);

    // Nobody reads anything once the view is gone: no topic is listened to.
    act(() => root?.unmount());
    root = undefined;
    expect(live.topics()).toEqual([]);
    stop();
  });
});

function Send() {
  const report = useReport();
  return (
    <button type="button" onClick={() => report({ id: 'sent', type: 'success', content: 'Sent on Chat.' })}>
      Send
    </button>
  );
}

describe('outcomes', () => {
  it('show in the Flashbar, one per kind, each dismissible', async () => {
    await render(
      <OutcomesProvider>
        <OutcomeBar />
        <Send />
      </OutcomesProvider>,
    );
    const button = document.querySelector('button[type="button"]:not([aria-label])') as HTMLButtonElement;
    act(() => button.click());
    act(() => button.click());
    const flashbar = createWrapper(document.body).findFlashbar();
    expect(flashbar?.findItems().map((item) => item.findContent()?.getElement().textContent)).toEqual([
      'Sent on Chat.',
    ]);
    act(() => flashbar?.findItems()[0]?.findDismissButton()?.click());
    // The item leaves once its exit transition is over.
    await vi.waitFor(() => expect(flashbar?.getElement().textContent).not.toContain('Sent on Chat.'));
  });
});

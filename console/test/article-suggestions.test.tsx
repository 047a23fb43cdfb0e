// @vitest-environment jsdom
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, describe, expect, it } from 'vitest';
import type { Api, ArticleHit, ArticleUse, Customer, TimelineItem, WorkItem } from '../src/api.ts';
import { suggestionQuery, usedIn, withInsertion } from '../src/article-suggestions.ts';
import { ConversationPane } from '../src/ConversationPane.tsx';
import { withQueries } from './queries.tsx';
import { customerOf, entryOf } from './wire.ts';

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

const ana: Customer = customerOf({
  customerId: 'cust_ana',
  name: 'Ana',
  identities: [],
  createdAt: '2026-01-01T00:00:00.000Z',
});

function said(text: string, at: string, extra: Partial<TimelineItem> = {}): TimelineItem {
  return entryOf({
    interactionId: `int_${at}`,
    customerId: 'cust_ana',
    conversationId: 'conv_1',
    channel: 'chat',
    direction: 'inbound',
    kind: 'message',
    at,
    text,
    ...extra,
  });
}

// Newest first, as the API answers.
const TIMELINE = [
  said('We can help with that.', '10:03', { direction: 'outbound' }),
  said('It arrived   broken, can I send it back?', '10:02'),
  said('Hello', '10:01'),
  said('Where is my invoice?', '09:00', { conversationId: 'conv_old' }),
];

describe('what the suggestions search for', () => {
  it("takes the customer's latest messages in this conversation, newest first", () => {
    expect(suggestionQuery('conv_1', TIMELINE)).toBe('It arrived broken, can I send it back? Hello');
  });

  it('keeps whole messages within 200 characters, and always the latest', () => {
    const long = 'broken '.repeat(40).trim();
    expect(suggestionQuery('conv_1', [said('short one', '2'), said(long, '1')])).toBe('short one');
    expect(suggestionQuery('conv_1', [said(long, '1')])).toHaveLength(200);
    expect(suggestionQuery('conv_1', [])).toBe('');
  });

  it('counts an inserted article as used only while the reply still carries it', () => {
    const link = {
      articleId: 'returns',
      how: 'link' as const,
      inserted: 'https://shop.example/help/returns',
    };
    const text = { articleId: 'warranty', how: 'text' as const, inserted: 'Two years.' };
    const reply = withInsertion('Hi Ana,', link.inserted);
    expect(reply).toBe('Hi Ana,\n\nhttps://shop.example/help/returns');
    expect(usedIn(reply, [link, text, link])).toEqual([link]);
  });
});

let root: Root | undefined;
afterEach(() => {
  act(() => root?.unmount());
  document.body.innerHTML = '';
});

const button = (label: string) => {
  const found = [...document.querySelectorAll('button')].find((b) => b.getAttribute('aria-label') === label);
  if (!found) throw new Error(`no ${label} button`);
  return found as HTMLButtonElement;
};

const replyBox = () => document.querySelector('[aria-label="Reply text"]') as HTMLTextAreaElement;

/** The routes the conversation pane calls, answering as the platform would for one work item. */
function paneApi() {
  const searches: Array<[string, string | undefined]> = [];
  const replies: string[] = [];
  const uses: Omit<ArticleUse, 'workItemId'>[] = [];
  const canned: Array<[string, string]> = [];
  const hits: ArticleHit[] = [
    {
      articleId: 'returns',
      title: 'Send an item back',
      snippet: 'Within 30 days, free of charge.',
      language: 'en',
      version: 2,
      score: 9,
      url: 'https://shop.example/help/returns',
    },
  ];
  const api = {
    customer: async () => ana,
    timeline: async () => TIMELINE,
    searchArticles: async (q: string, queueId?: string) => {
      searches.push([q, queueId]);
      return hits;
    },
    article: async (articleId: string, version?: number) => ({
      articleId,
      version: { version, body: 'Within **30 days**, free of charge.\n' },
    }),
    articleUses: async () => [...uses],
    // The agent speaks the customer's language: no translation is needed.
    translations: async (conversationId: string) => ({
      conversationId,
      agentLanguage: 'en',
      customerLanguage: 'en',
      needed: false,
      enabled: true,
      available: true,
      translating: false,
      translations: [],
    }),
    reply: async (_conversationId: string, _channel: string, text: string) => {
      replies.push(text);
      return {};
    },
    typing: async () => ({ accepted: true }),
    conversationTyping: async (conversationId: string) => ({ conversationId }),
    recordArticleUse: async (_workItemId: string, articleId: string, how: ArticleUse['how']) => {
      uses.push({ articleId, how, version: 2, by: 'agent-ana' });
      return {};
    },
    workItem: async () => item,
    cannedResponses: async (q: string, workItemId: string) => {
      canned.push([q, workItemId]);
      return [
        {
          responseId: 'refund-sent',
          title: 'Refund sent',
          text: 'Hi {{customer.firstName}}, your refund left us today.',
          rendered: 'Hi Ana, your refund left us today.',
          shortcut: 'refund',
          queues: [],
        },
      ].filter((r) => r.shortcut.startsWith(q));
    },
  };
  return { api: api as unknown as Api, searches, replies, uses, canned };
}

async function renderPane(api: Api) {
  const container = document.createElement('div');
  document.body.append(container);
  root = createRoot(container);
  await act(async () =>
    root?.render(
      withQueries(
        <ConversationPane
          api={api}
          item={item}
          agentId="agent-ana"
          onCompleted={() => undefined}
          onTransferred={() => undefined}
        />,
      ),
    ),
  );
  // The timeline arrives, then the search it leads to.
  await act(async () => new Promise((resolve) => setTimeout(resolve, 20)));
}

describe('articles beside the conversation', () => {
  it("suggests articles for the customer's latest messages, in the work item's queue", async () => {
    const { api, searches } = paneApi();
    await renderPane(api);
    expect(searches).toContainEqual(['It arrived broken, can I send it back? Hello', 'returns']);
    expect(document.body.textContent).toContain('Send an item back');
    expect(document.body.textContent).toContain('Within 30 days, free of charge.');
  });

  it('puts the link into the reply, and the sent reply records the article on the work item', async () => {
    const { api, replies, uses } = paneApi();
    await renderPane(api);
    await act(async () => button('Insert the link to Send an item back').click());
    expect(replyBox().value).toBe('https://shop.example/help/returns');
    await act(async () =>
      [...document.querySelectorAll('button')].find((b) => b.textContent === 'Send')?.click(),
    );
    expect(replies).toEqual(['https://shop.example/help/returns']);
    expect(uses).toEqual([{ articleId: 'returns', how: 'link', version: 2, by: 'agent-ana' }]);
    await act(async () => new Promise((resolve) => setTimeout(resolve, 20)));
    expect(document.body.textContent).toContain('Used');
    expect(replyBox().value).toBe('');
  });

  it('puts the published text into the reply; deleted again before sending, nothing is recorded', async () => {
    const { api, replies, uses } = paneApi();
    await renderPane(api);
    await act(async () => button('Insert the text of Send an item back').click());
    expect(replyBox().value).toBe('Within **30 days**, free of charge.');
    act(() => {
      Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value')?.set?.call(replyBox(), 'Ok!');
      replyBox().dispatchEvent(new Event('input', { bubbles: true }));
    });
    await act(async () =>
      [...document.querySelectorAll('button')].find((b) => b.textContent === 'Send')?.click(),
    );
    expect(replies).toEqual(['Ok!']);
    expect(uses).toEqual([]);
  });
});

describe('canned responses in the reply box', () => {
  const type = (text: string) =>
    act(() => {
      Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value')?.set?.call(replyBox(), text);
      replyBox().dispatchEvent(new Event('input', { bubbles: true }));
    });

  it('offers those matching what follows a /, filled in for the work, and puts the one picked into the reply', async () => {
    const { api, canned, replies } = paneApi();
    await renderPane(api);
    type('/ref');
    await act(async () => new Promise((resolve) => setTimeout(resolve, 20)));
    expect(canned).toContainEqual(['ref', 'wi_1']);
    await act(async () => button('Insert Refund sent').click());
    expect(replyBox().value).toBe('Hi Ana, your refund left us today.');
    await act(async () =>
      [...document.querySelectorAll('button')].find((b) => b.textContent === 'Send')?.click(),
    );
    expect(replies).toEqual(['Hi Ana, your refund left us today.']);
  });

  it('says so when none matches, and looks for none once the agent writes words', async () => {
    const { api, canned } = paneApi();
    await renderPane(api);
    type('/zzz');
    await act(async () => new Promise((resolve) => setTimeout(resolve, 20)));
    expect(document.body.textContent).toContain('No canned response matches “/zzz”.');
    type('/zzz and more');
    await act(async () => new Promise((resolve) => setTimeout(resolve, 20)));
    expect(canned).toEqual([['zzz', 'wi_1']]);
    expect(document.body.textContent).not.toContain('No canned response');
  });
});

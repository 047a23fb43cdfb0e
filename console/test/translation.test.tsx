// @vitest-environment jsdom
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, describe, expect, it } from 'vitest';
import type { ConversationTranslations, InboundTranslation, TimelineItem } from '../src/api.ts';
import { createQueryClient } from '../src/queries.ts';
import { Timeline, TimelineEntry } from '../src/Timeline.tsx';
import { TranslationSwitch } from '../src/Translation.tsx';
import { useTranslations } from '../src/use-translations.ts';
import { withQueries } from './queries.tsx';
import { emailOf, entryOf } from './wire.ts';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const NOW = new Date('2026-05-01T12:00:00.000Z');
const QUESTION = 'Hola, no he recibido mi pedido';

let root: Root | undefined;
afterEach(() => {
  act(() => root?.unmount());
  root = undefined;
  document.body.innerHTML = '';
});

let client = createQueryClient();

function render(element: React.ReactElement): HTMLElement {
  client = createQueryClient();
  const container = document.createElement('div');
  document.body.append(container);
  root = createRoot(container);
  act(() => root?.render(withQueries(element, client)));
  return container;
}

function rerender(element: React.ReactElement): void {
  act(() => root?.render(withQueries(element, client)));
}

const seen = (element: Element | null | undefined) => element?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
/** A labelled side: its label, then what it holds. */
const side = (container: HTMLElement, label: string) => {
  const element = container.querySelector(`section[aria-label="${label}"]`);
  const [heading, ...rest] = [...(element?.children ?? [])];
  return { label: seen(heading), body: rest.map(seen).join(' ') };
};
const section = (container: HTMLElement, label: string) =>
  container.querySelector(`section[aria-label="${label}"]`);

function message(overrides: Partial<TimelineItem> = {}): TimelineItem {
  return entryOf({
    interactionId: 'int_q',
    customerId: 'cust_lucia',
    conversationId: 'conv_1',
    channel: 'chat',
    kind: 'message',
    direction: 'inbound',
    at: '2026-05-01T09:00:00.000Z',
    text: QUESTION,
    language: { code: 'es', confidence: 0.97, source: 'detected' },
    ...overrides,
  });
}

const REPLY: TimelineItem = message({
  interactionId: 'int_r',
  direction: 'outbound',
  sentBy: 'agent-eve',
  text: 'Gracias, comprobaré su pedido ahora.',
  language: undefined,
  translation: {
    status: 'translated',
    original: 'Thank you, I will check your order now.',
    from: 'en',
    to: 'es',
  },
});

const TRANSLATED: InboundTranslation = {
  interactionId: 'int_q',
  from: 'es',
  to: 'en',
  status: 'translated',
  text: 'Hello, I have not received my order',
};

const VIEW: ConversationTranslations = {
  conversationId: 'conv_1',
  customerLanguage: 'es',
  agentLanguage: 'en',
  enabled: true,
  available: true,
  needed: true,
  translating: true,
  translations: [TRANSLATED],
};

describe('the language badge on each message', () => {
  it('shows a customer message’s detected language, and how sure the detection was', () => {
    const badge = render(<TimelineEntry item={message()} now={NOW} />).querySelector('[data-language]');
    expect(seen(badge)).toBe('ES');
    expect(badge?.getAttribute('title')).toBe('Spanish (detected, 97% sure)');
  });

  it('says where the language came from when the message was too short to tell', () => {
    const item = message({ text: 'ok', language: { code: 'fr', confidence: 0, source: 'conversation' } });
    const badge = render(<TimelineEntry item={item} now={NOW} />).querySelector('[data-language]');
    expect(seen(badge)).toBe('FR');
    expect(badge?.getAttribute('title')).toBe("French (too short to tell: the conversation's language)");
  });

  it('shows the language a translated reply reached the customer in, and none where nothing is known', () => {
    const badge = render(<TimelineEntry item={REPLY} now={NOW} />).querySelector('[data-language]');
    expect(seen(badge)).toBe('ES');
    expect(badge?.getAttribute('title')).toBe('Spanish (as the customer received it)');
    rerender(<TimelineEntry item={message({ language: undefined })} now={NOW} />);
    expect(document.querySelector('[data-language]')).toBeNull();
  });
});

describe('original and translation side by side', () => {
  it('shows a customer message as written beside the agent’s translation, each labelled', () => {
    const container = render(<TimelineEntry item={message()} now={NOW} translation={TRANSLATED} />);
    expect(side(container, 'Original · Spanish')).toEqual({ label: 'Original · Spanish', body: QUESTION });
    expect(side(container, 'Translated to English')).toEqual({
      label: 'Translated to English',
      body: 'Hello, I have not received my order',
    });
  });

  it('shows a reply sent translated as the agent wrote it and as the customer received it', () => {
    const container = render(<TimelineEntry item={REPLY} now={NOW} />);
    expect(side(container, 'Agent wrote · English').body).toBe('Thank you, I will check your order now.');
    expect(side(container, 'Customer received · Spanish').body).toBe('Gracias, comprobaré su pedido ahora.');
  });

  it('keeps an email’s own view (text or HTML) as the original', () => {
    const email = message({ channel: 'email', email: emailOf({ html: `<p>${QUESTION}</p>` }) });
    const container = render(<TimelineEntry item={email} now={NOW} translation={TRANSLATED} />);
    const original = section(container, 'Original · Spanish');
    const views = [...(original?.querySelectorAll('button') ?? [])].map((button) => button.textContent);
    expect(views).toContain('HTML');
    expect(side(container, 'Translated to English').body).toBe('Hello, I have not received my order');
  });

  it('shows a message in the agent’s own language as it is', () => {
    const item = message({ text: 'Hello', language: { code: 'en', confidence: 1, source: 'detected' } });
    const same: InboundTranslation = {
      interactionId: 'int_q',
      from: 'en',
      to: 'en',
      status: 'same-language',
    };
    const container = render(<TimelineEntry item={item} now={NOW} translation={same} />);
    expect(container.querySelector('section')).toBeNull();
    expect(seen(container)).toContain('Hello');
  });

  it('puts each translation beside its own message in the timeline', () => {
    const container = render(
      <Timeline
        now={NOW}
        items={[REPLY, message()]}
        translations={new Map([[TRANSLATED.interactionId, TRANSLATED]])}
      />,
    );
    const [question, reply] = [...container.querySelectorAll('li')];
    expect(seen(question)).toContain('Hello, I have not received my order');
    expect(seen(reply)).toContain('Thank you, I will check your order now.');
    expect(seen(reply)).not.toContain('Hello, I have not received');
  });
});

describe('when translation fails', () => {
  it('shows the customer’s message as written, with a visible note', () => {
    const failed: InboundTranslation = {
      interactionId: 'int_q',
      from: 'es',
      to: 'en',
      status: 'unavailable',
      note: 'Translation is unavailable right now: shown as written.',
    };
    const container = render(<TimelineEntry item={message()} now={NOW} translation={failed} />);
    expect(seen(container)).toContain(QUESTION);
    expect(seen(container)).toContain(
      'Translation unavailable: Translation is unavailable right now: shown as written.',
    );
    expect(container.querySelector('section')).toBeNull();
  });

  it('shows a reply that went out as written, with the note the platform gave', () => {
    const asWritten = message({
      interactionId: 'int_r',
      direction: 'outbound',
      text: 'One moment.',
      language: undefined,
      translation: {
        status: 'unavailable',
        original: 'One moment.',
        from: 'en',
        to: 'es',
        note: 'Translation is busy right now: sent as written.',
      },
    });
    const container = render(<TimelineEntry item={asWritten} now={NOW} />);
    expect(seen(container)).toContain('One moment.');
    expect(seen(container)).toContain(
      'Translation unavailable: Translation is busy right now: sent as written.',
    );
    expect(container.querySelector('[data-language]')?.getAttribute('title')).toBe(
      'English (sent as written)',
    );
  });
});

describe('the conversation’s translation switch', () => {
  function recorder(fail = false) {
    const calls: Array<[string, boolean]> = [];
    let changed = 0;
    const api = {
      setTranslation: async (conversationId: string, enabled: boolean) => {
        calls.push([conversationId, enabled]);
        if (fail) throw new Error('the conversation is unknown');
        return { conversationId, enabled };
      },
    };
    return { api, calls, changed: () => changed, onChanged: () => changed++ };
  }
  const toggle = () => document.querySelector<HTMLInputElement>('input[type="checkbox"]');

  it('turns translation off, then on again, on the platform', async () => {
    const { api, calls, changed, onChanged } = recorder();
    const container = render(<TranslationSwitch api={api} view={VIEW} onChanged={onChanged} />);
    expect(seen(container)).toContain('Translate Spanish ↔ English');
    expect(toggle()?.checked).toBe(true);
    await act(async () => toggle()?.click());
    expect(calls).toEqual([['conv_1', false]]);
    expect(changed()).toBe(1);

    rerender(<TranslationSwitch api={api} view={{ ...VIEW, enabled: false }} onChanged={onChanged} />);
    expect(toggle()?.checked).toBe(false);
    await act(async () => toggle()?.click());
    expect(calls).toEqual([
      ['conv_1', false],
      ['conv_1', true],
    ]);
  });

  it('says why when the platform refused the change', async () => {
    const { api, changed, onChanged } = recorder(true);
    const container = render(<TranslationSwitch api={api} view={VIEW} onChanged={onChanged} />);
    await act(async () => toggle()?.click());
    expect(seen(container)).toContain('the conversation is unknown');
    expect(changed()).toBe(0);
  });

  it('is not offered where the agent speaks the customer’s language', () => {
    const { api, onChanged } = recorder();
    const container = render(
      <TranslationSwitch api={api} view={{ ...VIEW, needed: false }} onChanged={onChanged} />,
    );
    expect(container.innerHTML).toBe('');
  });
});

/** Shows what useTranslations gives back, as the conversation pane uses it. */
function Probe({ api, timeline }: { api: Parameters<typeof useTranslations>[0]; timeline?: TimelineItem[] }) {
  const { byInteraction } = useTranslations(api, 'conv_1', timeline);
  return <output>{[...byInteraction.values()].map((t) => t.text).join('|')}</output>;
}

describe('asking for translations', () => {
  it('asks once the timeline is in, and again only when the customer wrote something new here', async () => {
    const asked: string[] = [];
    const api = {
      translations: async (conversationId: string) => {
        asked.push(conversationId);
        return VIEW;
      },
    };
    render(<Probe api={api} />);
    expect(asked).toEqual([]);
    await act(async () => rerender(<Probe api={api} timeline={[message()]} />));
    expect(asked).toEqual(['conv_1']);
    expect(seen(document.querySelector('output'))).toBe('Hello, I have not received my order');
    // The timeline polled again: the same messages, an agent's reply, another conversation's message.
    await act(async () =>
      rerender(
        <Probe
          api={api}
          timeline={[message({ interactionId: 'int_x', conversationId: 'conv_2' }), REPLY, message()]}
        />,
      ),
    );
    expect(asked).toEqual(['conv_1']);
    await act(async () =>
      rerender(<Probe api={api} timeline={[message({ interactionId: 'int_q2' }), REPLY, message()]} />),
    );
    expect(asked).toEqual(['conv_1', 'conv_1']);
  });
});

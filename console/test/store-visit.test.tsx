// @vitest-environment jsdom
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { renderToStaticMarkup } from 'react-dom/server';
import { afterEach, describe, expect, it } from 'vitest';
import type { Customer, TimelineItem } from '../src/api.ts';
import { StoreVisitModal } from '../src/StoreVisitModal.tsx';
import { TimelineEntry } from '../src/Timeline.tsx';
import { withQueries } from './queries.tsx';
import { customerOf, entryOf } from './wire.ts';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const ana: Customer = customerOf({
  customerId: 'cust_ana',
  name: 'Ana',
  identities: ['email:ana@example.com'],
  createdAt: '2026-01-01T00:00:00.000Z',
});

let root: Root | undefined;
afterEach(() => {
  act(() => root?.unmount());
  document.body.innerHTML = '';
});

function render(element: React.ReactElement): void {
  const container = document.createElement('div');
  document.body.append(container);
  root = createRoot(container);
  act(() => root?.render(withQueries(element)));
}

/** Types into a field as a person would, so React sees the change. */
function type(label: string, value: string): void {
  const field = document.querySelector<HTMLInputElement | HTMLTextAreaElement>(`[aria-label="${label}"]`);
  if (!field) throw new Error(`no field ${label}`);
  const prototype = field instanceof HTMLTextAreaElement ? HTMLTextAreaElement : HTMLInputElement;
  act(() => {
    Object.getOwnPropertyDescriptor(prototype.prototype, 'value')?.set?.call(field, value);
    field.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

const button = (label: string) =>
  [...document.querySelectorAll('button')].find((b) => b.textContent === label) as HTMLButtonElement;

const text = (markup: string) =>
  markup
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

describe('logging a store visit from the customer card', () => {
  it('sends what happened and the store, trimmed, then closes', async () => {
    const sent: unknown[] = [];
    let logged = 0;
    const api = {
      logStoreVisit: async (customerId: string, visit: { summary: string; storeId?: string }) => {
        sent.push({ customerId, ...visit });
        return { interactionId: 'int_1' };
      },
    };
    render(<StoreVisitModal api={api} customer={ana} onClose={() => undefined} onLogged={() => logged++} />);
    expect(document.body.textContent).toContain('Log a store visit by Ana');
    expect(button('Log visit').disabled).toBe(true);

    type('What happened', '  Collected order 1001  ');
    type('Store', ' porto-1 ');
    await act(async () => button('Log visit').click());

    expect(sent).toEqual([{ customerId: 'cust_ana', summary: 'Collected order 1001', storeId: 'porto-1' }]);
    expect(logged).toBe(1);
  });

  it('keeps the dialog open with the reason when the visit is refused', async () => {
    const api = {
      logStoreVisit: async () => {
        throw new Error('summary: Too big');
      },
    };
    render(<StoreVisitModal api={api} customer={ana} onClose={() => undefined} onLogged={() => undefined} />);
    type('What happened', 'Asked about a refund');
    await act(async () => button('Log visit').click());
    expect(document.body.textContent).toContain('summary: Too big');
  });

  it('refuses a summary over 500 characters before sending', () => {
    render(
      <StoreVisitModal
        api={{ logStoreVisit: async () => ({ interactionId: '' }) }}
        customer={ana}
        onClose={() => undefined}
        onLogged={() => undefined}
      />,
    );
    type('What happened', 'x'.repeat(501));
    expect(button('Log visit').disabled).toBe(true);
    expect(document.body.textContent).toContain('At most 500 characters.');
  });
});

describe('events on the timeline', () => {
  const event = (business: TimelineItem['business']): TimelineItem =>
    entryOf({
      interactionId: 'int_e',
      customerId: 'cust_ana',
      channel: 'store',
      direction: 'inbound',
      kind: 'event',
      at: '2026-05-01T09:00:00.000Z',
      text: business?.summary,
      business,
    });

  it('shows a store visit with the store badge, who logged it and where', () => {
    const markup = renderToStaticMarkup(
      <TimelineEntry
        item={event({
          type: 'store.visit',
          summary: 'Collected order 1001',
          attributes: { storeId: 'porto-1' },
          source: 'agent:sam',
        })}
        now={new Date('2026-05-01T12:00:00.000Z')}
      />,
    );
    expect(markup).toContain('data-kind="event"');
    expect(markup).toContain('data-channel="store"');
    expect(text(markup)).toContain('Store Store visit · logged by sam');
    expect(text(markup)).toContain('Collected order 1001');
    expect(text(markup)).toContain('storeId: porto-1');
  });

  it("shows a company's event with its type, its attributes and the key that reported it", () => {
    const markup = renderToStaticMarkup(
      <TimelineEntry
        item={event({
          type: 'order.shipped',
          summary: 'Order 1001 shipped',
          attributes: { order: '1001', items: 2, gift: false },
          eventId: 'evt-1',
          source: '0123456789abcdef',
        })}
      />,
    );
    expect(text(markup)).toContain('order.shipped · reported with key 0123456789abcdef');
    expect(text(markup)).toContain('order: 1001 · items: 2 · gift: no');
    expect(text(markup).match(/Order 1001 shipped/g)).toHaveLength(1);
  });
});

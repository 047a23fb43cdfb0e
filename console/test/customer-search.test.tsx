// @vitest-environment jsdom
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CustomerMatch } from '../src/api.ts';
import { CustomerSearch, SEARCH_DELAY_MS } from '../src/CustomerSearch.tsx';
import { withQueries } from './queries.tsx';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const zoe: CustomerMatch = {
  customerId: 'cust_zoe',
  name: 'Zoë Núñez',
  identities: ['email:zoe@example.net', 'phone:+14155550100'],
};

let root: Root | undefined;
beforeEach(() => vi.useFakeTimers());
afterEach(() => {
  act(() => root?.unmount());
  document.body.innerHTML = '';
  vi.useRealTimers();
});

function render(element: React.ReactElement): void {
  const container = document.createElement('div');
  document.body.append(container);
  root = createRoot(container);
  act(() => root?.render(withQueries(element)));
}

function type(value: string): void {
  const field = document.querySelector<HTMLInputElement>('[aria-label="Search customers"]');
  if (!field) throw new Error('no search field');
  act(() => {
    Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set?.call(field, value);
    field.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

/** Lets the typing pause pass and the answer arrive. */
async function settle(): Promise<void> {
  await act(async () => {
    await vi.advanceTimersByTimeAsync(SEARCH_DELAY_MS);
  });
}

describe('finding a customer', () => {
  it('searches once typing pauses, and lists each match with its identities and a link to the card', async () => {
    const queries: string[] = [];
    render(
      <CustomerSearch
        api={{
          searchCustomers: async (q) => {
            queries.push(q);
            return [zoe];
          },
        }}
      />,
    );
    type('z');
    type('zo');
    type('zoe ');
    await settle();
    expect(queries).toEqual(['zoe']);
    const link = document.querySelector<HTMLAnchorElement>('a[href^="#/screen-pop"]');
    expect(link?.textContent).toBe('Zoë Núñez');
    expect(link?.getAttribute('href')).toBe('#/screen-pop?customer=cust_zoe');
    expect(document.body.textContent).toContain('Email zoe@example.net, Phone +14155550100');
  });

  it('does not search for a single character', async () => {
    const queries: string[] = [];
    render(
      <CustomerSearch
        api={{
          searchCustomers: async (q) => {
            queries.push(q);
            return [];
          },
        }}
      />,
    );
    type('z');
    await settle();
    expect(queries).toEqual([]);
  });

  it('says when nobody matches, and shows a failed search', async () => {
    let fail = false;
    render(
      <CustomerSearch
        api={{
          searchCustomers: async () => {
            if (fail) throw new Error('q: 2 to 128 characters');
            return [];
          },
        }}
      />,
    );
    type('nobody');
    await settle();
    expect(document.body.textContent).toContain('No customer matches “nobody”.');
    fail = true;
    type('nobody else');
    await settle();
    expect(document.body.textContent).toContain('Search failed');
    expect(document.body.textContent).toContain('q: 2 to 128 characters');
  });
});

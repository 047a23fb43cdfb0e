// @vitest-environment jsdom
import createWrapper from '@cloudscape-design/components/test-utils/dom';
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, describe, expect, it } from 'vitest';
import type { Agent, Customer, QueueStats, TransferTarget, WorkItem } from '../src/api.ts';
import { CallCustomerAction, CallCustomerModal } from '../src/CallCustomerModal.tsx';
import { TransferModal, TransferNotes } from '../src/TransferModal.tsx';
import { withQueries } from './queries.tsx';
import { customerOf, queueOf } from './wire.ts';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let root: Root | undefined;
afterEach(() => {
  act(() => root?.unmount());
  document.body.innerHTML = '';
});

async function render(element: React.ReactElement): Promise<void> {
  const container = document.createElement('div');
  document.body.append(container);
  root = createRoot(container);
  await act(async () => root?.render(withQueries(element)));
}

/** Types into a field as a person would, so React sees the change. */
function type(label: string, value: string): void {
  const field = document.querySelector<HTMLTextAreaElement>(`[aria-label="${label}"]`);
  if (!field) throw new Error(`no field ${label}`);
  act(() => {
    Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value')?.set?.call(field, value);
    field.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

const modal = () => {
  const found = createWrapper(document.body).findModal();
  if (!found) throw new Error('no dialog');
  return found;
};
const footerButton = (label: string) => {
  const found = modal()
    .findFooter()
    ?.findAllButtons()
    .find((button) => button.getElement().textContent === label);
  if (!found) throw new Error(`no ${label} button`);
  return found;
};

const item: WorkItem = {
  workItemId: 'wi_1',
  conversationId: 'conv_1',
  customerId: 'cust_ana',
  channel: 'chat',
  queueId: 'billing',
  state: 'assigned',
  enqueuedAt: '2026-05-01T09:00:00.000Z',
};
const queue = (queueId: string): QueueStats =>
  queueOf({ queueId, name: queueId.charAt(0).toUpperCase() + queueId.slice(1) });
const agent = (agentId: string): Agent => ({
  agentId,
  name: agentId.toUpperCase(),
  skills: {},
  capacity: { chat: 2 },
  status: 'available',
  load: {},
});

/** The transfer endpoints as an agent (the floor's agent list refused) or a supervisor sees them. */
function transferApi(options: { agents?: Agent[]; refuse?: string } = {}) {
  const transfers: Array<{ workItemId: string; to: TransferTarget; note?: string }> = [];
  const api = {
    queues: async () => [queue('billing'), queue('returns')],
    agents: async () => {
      if (!options.agents) throw new Error('supervisors only');
      return options.agents;
    },
    transfer: async (workItemId: string, to: TransferTarget, note?: string) => {
      if (options.refuse) throw new Error(options.refuse);
      transfers.push({ workItemId, to, ...(note ? { note } : {}) });
      return {};
    },
  };
  return { api, transfers };
}

async function renderTransfer(api: ReturnType<typeof transferApi>['api'], outcomes: string[] = []) {
  await render(
    <TransferModal
      api={api}
      item={item}
      agentId="ana"
      onClose={() => undefined}
      onTransferred={(outcome) => outcomes.push(outcome)}
    />,
  );
  const select = modal().findContent().findSelect();
  if (!select) throw new Error('no target select');
  act(() => select.openDropdown());
  return select;
}

describe('transferring the conversation', () => {
  it('offers an agent the other queues only, and sends the target with the note, trimmed', async () => {
    const { api, transfers } = transferApi();
    const outcomes: string[] = [];
    const select = await renderTransfer(api, outcomes);
    const offered = select
      .findDropdown()
      .findOptions()
      .map((option) => option.getElement().textContent);
    expect(offered).toEqual(['Returns']);

    await act(async () => select.selectOptionByValue('queue:returns'));
    type('Note for the next agent', '  Wants the March invoice reissued  ');
    await act(async () => footerButton('Transfer').click());

    expect(transfers).toEqual([
      { workItemId: 'wi_1', to: { queueId: 'returns' }, note: 'Wants the March invoice reissued' },
    ]);
    expect(outcomes).toEqual(['Transferred to Returns. It has left your work.']);
  });

  it('offers the other agents by name when the floor list is readable', async () => {
    const { api, transfers } = transferApi({ agents: [agent('ana'), agent('bo')] });
    const select = await renderTransfer(api);
    const offered = select
      .findDropdown()
      .findOptions()
      .map((option) => option.getElement().textContent);
    expect(offered).toEqual(['Returns', expect.stringContaining('BO')]);

    await act(async () => select.selectOptionByValue('agent:bo'));
    await act(async () => footerButton('Transfer').click());
    expect(transfers).toEqual([{ workItemId: 'wi_1', to: { agentId: 'bo' } }]);
  });

  it('keeps the dialog open with the reason when the transfer is refused', async () => {
    const { api } = transferApi({ refuse: 'agentId: not available' });
    const outcomes: string[] = [];
    const select = await renderTransfer(api, outcomes);
    await act(async () => select.selectOptionByValue('queue:returns'));
    await act(async () => footerButton('Transfer').click());
    expect(modal().findContent().getElement().textContent).toContain('agentId: not available');
    expect(outcomes).toEqual([]);
  });

  it('refuses a note over 1000 characters before sending', async () => {
    const { api } = transferApi();
    const select = await renderTransfer(api);
    await act(async () => select.selectOptionByValue('queue:returns'));
    type('Note for the next agent', 'x'.repeat(1001));
    expect(footerButton('Transfer').getElement().disabled).toBe(true);
    expect(document.body.textContent).toContain('At most 1000 characters.');
  });

  it('shows the next agent the notes left by whoever passed the item on', async () => {
    await render(
      <TransferNotes
        notes={[
          {
            note: 'Wants the March invoice reissued',
            by: 'ana',
            at: '2026-05-01T09:05:00.000Z',
            to: { agentId: 'bo' },
          },
        ]}
      />,
    );
    const notes = document.querySelectorAll('[data-testid="transfer-note"]');
    expect([...notes].map((note) => note.textContent)).toEqual([
      expect.stringMatching(/From ana.*Wants the March invoice reissued/),
    ]);
  });
});

describe('calling the customer from a chat', () => {
  const ana: Customer = customerOf({
    customerId: 'cust_ana',
    name: 'Ana',
    identities: ['email:ana@example.com', 'phone:+14155550100', 'phone:+351912345678'],
    createdAt: '2026-01-01T00:00:00.000Z',
  });

  it('calls the verified number picked, and says whether the customer was told', async () => {
    const calls: Array<[string, string]> = [];
    const outcomes: string[] = [];
    await render(
      <CallCustomerModal
        api={{
          callCustomer: async (conversationId, phone) => {
            calls.push([conversationId, phone]);
            return { phone, notifiedOn: 'chat' };
          },
        }}
        conversationId="conv_1"
        phones={['+14155550100', '+351912345678']}
        onClose={() => undefined}
        onRequested={(outcome) => outcomes.push(outcome)}
      />,
    );
    const numbers = modal().findContent().findRadioGroup();
    if (!numbers) throw new Error('no numbers');
    expect(numbers.findButtons().map((b) => b.findLabel().getElement().textContent)).toEqual([
      '+14155550100',
      '+351912345678',
    ]);
    act(() => numbers.findInputByValue('+351912345678')?.click());
    await act(async () => footerButton('Call').click());

    expect(calls).toEqual([['conv_1', '+351912345678']]);
    expect(outcomes).toEqual(['Calling +351912345678 shortly. The customer was told on Chat.']);
  });

  it('keeps the dialog open with the reason when the call is refused', async () => {
    await render(
      <CallCustomerModal
        api={{
          callCustomer: async () => {
            throw new Error('phone: not a phone number');
          },
        }}
        conversationId="conv_1"
        phones={['+14155550100']}
        onClose={() => undefined}
        onRequested={() => undefined}
      />,
    );
    await act(async () => footerButton('Call').click());
    expect(modal().findContent().getElement().textContent).toContain('phone: not a phone number');
  });

  it('cannot be asked for when the customer has no verified phone number', async () => {
    const api = { callCustomer: async () => ({ phone: '', notifiedOn: null }) };
    await render(
      <CallCustomerAction
        api={api}
        conversationId="conv_1"
        customer={{ ...ana, identities: ['email:ana@example.com'] }}
        onRequested={() => undefined}
      />,
    );
    const button = createWrapper(document.body).findButton();
    expect(button?.isDisabled()).toBe(true);
    expect(button?.getElement().textContent).toContain('The customer has no verified phone number.');
  });
});

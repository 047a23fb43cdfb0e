import Alert from '@cloudscape-design/components/alert';
import Button from '@cloudscape-design/components/button';
import FormField from '@cloudscape-design/components/form-field';
import Modal from '@cloudscape-design/components/modal';
import RadioGroup from '@cloudscape-design/components/radio-group';
import SpaceBetween from '@cloudscape-design/components/space-between';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import type { Api, Channel, Customer } from './api.ts';
import { CHANNEL_LABELS } from './format.ts';
import { ModalActions } from './ModalActions.tsx';

/** Chat and social conversations, where a call is a change of channel the agent offers. */
export const CALL_CUSTOMER_CHANNELS: readonly Channel[] = ['chat', 'whatsapp', 'messenger', 'instagram', 'x'];

export type CallCustomerApi = Pick<Api, 'callCustomer'>;

/** The customer's verified phone numbers, as the callback route takes them. */
export function verifiedPhones(customer: Customer | undefined): string[] {
  return (customer?.identities ?? [])
    .filter((identity) => identity.startsWith('phone:'))
    .map((identity) => identity.slice('phone:'.length));
}

/** "Call the customer…" on a chat or social conversation, and the dialog it opens. */
export function CallCustomerAction({
  api,
  conversationId,
  customer,
  onRequested,
}: {
  api: CallCustomerApi;
  conversationId: string;
  customer: Customer | undefined;
  onRequested: (outcome: string) => void;
}) {
  const [open, setOpen] = useState(false);
  const phones = verifiedPhones(customer);
  return (
    <>
      <Button
        disabled={phones.length === 0}
        disabledReason={customer ? 'The customer has no verified phone number.' : undefined}
        onClick={() => setOpen(true)}
      >
        Call the customer…
      </Button>
      {open ? (
        <CallCustomerModal
          api={api}
          conversationId={conversationId}
          phones={phones}
          onClose={() => setOpen(false)}
          onRequested={(outcome) => {
            setOpen(false);
            onRequested(outcome);
          }}
        />
      ) : null}
    </>
  );
}

/** Which verified number Amazon Connect calls; the customer is told on their channel. */
export function CallCustomerModal({
  api,
  conversationId,
  phones,
  onClose,
  onRequested,
}: {
  api: CallCustomerApi;
  conversationId: string;
  phones: readonly string[];
  onClose: () => void;
  onRequested: (outcome: string) => void;
}) {
  const [phone, setPhone] = useState(phones[0] ?? '');
  const call = useMutation({
    mutationFn: () => api.callCustomer(conversationId, phone),
    onSuccess: ({ notifiedOn }) =>
      onRequested(
        `Calling ${phone} shortly. ${
          notifiedOn
            ? `The customer was told on ${CHANNEL_LABELS[notifiedOn]}.`
            : 'The customer could not be told on their channel.'
        }`,
      ),
  });

  return (
    <Modal
      closeAriaLabel="Close the dialog"
      visible
      onDismiss={onClose}
      header="Call the customer"
      footer={
        <ModalActions
          onCancel={onClose}
          label="Call"
          loading={call.isPending}
          disabled={!phone}
          onAction={() => call.mutate()}
        />
      }
    >
      <SpaceBetween size="m">
        <FormField label="Number" description="Only numbers the customer has proved are theirs.">
          <RadioGroup
            ariaLabel="Number"
            value={phone}
            onChange={({ detail }) => setPhone(detail.value)}
            items={phones.map((value) => ({ value, label: value }))}
          />
        </FormField>
        {call.error ? <Alert type="error">{call.error.message}</Alert> : null}
      </SpaceBetween>
    </Modal>
  );
}

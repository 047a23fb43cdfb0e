import Alert from '@cloudscape-design/components/alert';
import Button from '@cloudscape-design/components/button';
import FormField from '@cloudscape-design/components/form-field';
import Input from '@cloudscape-design/components/input';
import Modal from '@cloudscape-design/components/modal';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Textarea from '@cloudscape-design/components/textarea';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import type { Api, Customer } from './api.ts';
import { ModalActions } from './ModalActions.tsx';

export const MAX_VISIT_SUMMARY = 500;

type StoreVisitApi = Pick<Api, 'logStoreVisit'>;

/** "Log store visit…" on the customer card, and the dialog it opens. */
export function StoreVisitAction({
  api,
  customer,
  onLogged,
}: {
  api: StoreVisitApi;
  customer: Customer | undefined;
  onLogged: () => void;
}) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button disabled={!customer} onClick={() => setOpen(true)}>
        Log store visit…
      </Button>
      {open && customer ? (
        <StoreVisitModal
          api={api}
          customer={customer}
          onClose={() => setOpen(false)}
          onLogged={() => {
            setOpen(false);
            onLogged();
          }}
        />
      ) : null}
    </>
  );
}

/** What happened in store, in the staff member's words, and which store; it goes on the timeline. */
export function StoreVisitModal({
  api,
  customer,
  onClose,
  onLogged,
}: {
  api: StoreVisitApi;
  customer: Customer;
  onClose: () => void;
  onLogged: () => void;
}) {
  const [summary, setSummary] = useState('');
  const [storeId, setStoreId] = useState('');
  const log = useMutation({
    mutationFn: () => {
      const store = storeId.trim();
      return api.logStoreVisit(customer.customerId, {
        summary: summary.trim(),
        ...(store ? { storeId: store } : {}),
      });
    },
    onSuccess: onLogged,
  });
  const tooLong = summary.trim().length > MAX_VISIT_SUMMARY;

  return (
    <Modal
      closeAriaLabel="Close the dialog"
      visible
      onDismiss={onClose}
      header={`Log a store visit by ${customer.name ?? customer.customerId}`}
      footer={
        <ModalActions
          onCancel={onClose}
          label="Log visit"
          loading={log.isPending}
          disabled={!summary.trim() || tooLong}
          onAction={() => log.mutate()}
        />
      }
    >
      <SpaceBetween size="m">
        <FormField
          label="What happened"
          description="Shown on the customer's timeline with your name."
          errorText={tooLong ? `At most ${MAX_VISIT_SUMMARY} characters.` : undefined}
          stretch
        >
          <Textarea
            ariaLabel="What happened"
            value={summary}
            onChange={({ detail }) => setSummary(detail.value)}
            placeholder="Collected order 1001 and asked about the return window"
          />
        </FormField>
        <FormField label="Store (optional)">
          <Input
            ariaLabel="Store"
            value={storeId}
            onChange={({ detail }) => setStoreId(detail.value)}
            placeholder="porto-1"
          />
        </FormField>
        {log.error ? <Alert type="error">{log.error.message}</Alert> : null}
      </SpaceBetween>
    </Modal>
  );
}

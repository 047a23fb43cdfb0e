import Alert from '@cloudscape-design/components/alert';
import Button from '@cloudscape-design/components/button';
import FormField from '@cloudscape-design/components/form-field';
import Input from '@cloudscape-design/components/input';
import KeyValuePairs from '@cloudscape-design/components/key-value-pairs';
import Modal from '@cloudscape-design/components/modal';
import Select from '@cloudscape-design/components/select';
import SpaceBetween from '@cloudscape-design/components/space-between';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { type Api, ApiError, type Customer } from './api.ts';
import { dateTime } from './format.ts';
import { IdentityList } from './IdentityList.tsx';
import { ModalActions } from './ModalActions.tsx';

/** Identity kinds an agent can look the other record up by; the API normalises the value. */
const KINDS = [
  { value: 'email', label: 'Email', placeholder: 'ana@example.com' },
  { value: 'phone', label: 'Phone', placeholder: '+1 415 555 0100' },
  { value: 'whatsapp', label: 'WhatsApp', placeholder: '+1 415 555 0100' },
  { value: 'messenger', label: 'Messenger', placeholder: 'page-scoped id' },
  { value: 'instagram', label: 'Instagram', placeholder: 'Instagram-scoped id' },
  { value: 'x', label: 'X', placeholder: 'user id' },
  { value: 'chat', label: 'Chat session', placeholder: 'chat_…' },
] as const;

const MAX_REASON = 500;

/** "Merge…" on the customer card, and the dialog it opens. */
export function MergeAction({
  api,
  customer,
  onMerged,
}: {
  api: Api;
  customer: Customer | undefined;
  onMerged: (customer: Customer) => void;
}) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button disabled={!customer} onClick={() => setOpen(true)}>
        Merge…
      </Button>
      {open && customer ? (
        <MergeModal
          api={api}
          customer={customer}
          onClose={() => setOpen(false)}
          onMerged={(merged) => {
            setOpen(false);
            onMerged(merged);
          }}
        />
      ) : null}
    </>
  );
}

/** Find the other record by any identity, see who it is, then merge it into this customer. */
function MergeModal({
  api,
  customer,
  onClose,
  onMerged,
}: {
  api: Api;
  customer: Customer;
  onClose: () => void;
  onMerged: (customer: Customer) => void;
}) {
  const [kind, setKind] = useState<(typeof KINDS)[number]>(KINDS[0]);
  const [value, setValue] = useState('');
  const [reason, setReason] = useState('');
  // A lookup is a question the agent asks once, by pressing Find: a mutation, not a cached read.
  const lookup = useMutation({ mutationFn: (identity: string) => api.customerByIdentity(identity) });
  const merge = useMutation({
    mutationFn: (other: Customer) => api.merge(customer.customerId, other.customerId, reason.trim()),
    onSuccess: ({ customer: merged }) => onMerged(merged),
  });
  const found = lookup.data;
  const error = lookup.error ? lookupError(lookup.error) : merge.error?.message;
  const reasonTooLong = reason.trim().length > MAX_REASON;
  const find = () => {
    merge.reset();
    lookup.mutate(`${kind.value}:${value.trim()}`);
  };

  return (
    <Modal
      closeAriaLabel="Close the dialog"
      visible
      onDismiss={onClose}
      header="Merge another customer record into this one"
      footer={
        <ModalActions
          onCancel={onClose}
          label="Merge"
          loading={merge.isPending}
          disabled={!found || found.customerId === customer.customerId || reasonTooLong}
          onAction={() => found && merge.mutate(found)}
        />
      }
    >
      <SpaceBetween size="m">
        <form
          onSubmit={(event) => {
            event.preventDefault();
            if (value.trim()) find();
          }}
        >
          <FormField
            label="Find the other record"
            description="By any identity the customer gave: email address, phone number or handle."
            stretch
          >
            <SpaceBetween direction="horizontal" size="xs">
              <Select
                ariaLabel="Identity kind"
                selectedOption={kind}
                options={[...KINDS]}
                onChange={({ detail }) => {
                  setKind(KINDS.find((k) => k.value === detail.selectedOption.value) ?? KINDS[0]);
                  lookup.reset();
                }}
              />
              <Input
                ariaLabel={`${kind.label} of the other record`}
                value={value}
                placeholder={kind.placeholder}
                onChange={({ detail }) => {
                  setValue(detail.value);
                  lookup.reset();
                }}
              />
              <Button formAction="submit" loading={lookup.isPending} disabled={!value.trim()}>
                Find
              </Button>
            </SpaceBetween>
          </FormField>
        </form>
        {error ? <Alert type="error">{error}</Alert> : null}
        {found ? <MergeCandidate current={customer} found={found} /> : null}
        {found && found.customerId !== customer.customerId ? (
          <FormField
            label="Reason (optional)"
            description="Shown on the timeline with your name."
            errorText={reasonTooLong ? `At most ${MAX_REASON} characters.` : undefined}
          >
            <Input
              value={reason}
              onChange={({ detail }) => setReason(detail.value)}
              placeholder="Told us on the phone they also email from work"
            />
          </FormField>
        ) : null}
      </SpaceBetween>
    </Modal>
  );
}

/** Who was found, and what merging them will do (or that they already are this customer). */
export function MergeCandidate({ current, found }: { current: Customer; found: Customer }) {
  if (found.customerId === current.customerId) {
    return <Alert type="info">That identity already belongs to this customer.</Alert>;
  }
  return (
    <SpaceBetween size="s">
      <KeyValuePairs
        columns={2}
        items={[
          { label: 'Name', value: found.name ?? 'Unknown' },
          { label: 'Customer id', value: found.customerId },
          {
            label: 'Identities',
            value: <IdentityList identities={found.identities} label="Identities of the record found" />,
          },
          { label: 'Customer since', value: dateTime(found.createdAt) },
        ]}
      />
      <Alert type="warning">
        {found.name ?? found.customerId} will be merged into {current.name ?? current.customerId}: their
        identities and history join this customer, and their id leads here until a supervisor unmerges them.
      </Alert>
    </SpaceBetween>
  );
}

/** A lookup that finds nobody is an answer, not a failure. */
export function lookupError(caught: unknown): string {
  if (caught instanceof ApiError && caught.status === 404) return 'No customer has that identity.';
  return (caught as Error).message;
}

import Alert from '@cloudscape-design/components/alert';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import FormField from '@cloudscape-design/components/form-field';
import Modal from '@cloudscape-design/components/modal';
import Select, { type SelectProps } from '@cloudscape-design/components/select';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Textarea from '@cloudscape-design/components/textarea';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { Api, TransferNote, WorkItem } from './api.ts';
import { dateTime } from './format.ts';
import { ModalActions } from './ModalActions.tsx';
import { problem, queryKeys } from './queries.ts';
import { reassignTargets, targetOf } from './WaitingList.tsx';

export const MAX_TRANSFER_NOTE = 1000;

export type TransferApi = Pick<Api, 'queues' | 'agents' | 'transfer'>;

/** "Transfer…" on the conversation, and the dialog it opens. */
export function TransferAction({
  api,
  item,
  agentId,
  onTransferred,
}: {
  api: TransferApi;
  item: WorkItem;
  agentId: string;
  onTransferred: (outcome: string) => void;
}) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button onClick={() => setOpen(true)}>Transfer…</Button>
      {open ? (
        <TransferModal
          api={api}
          item={item}
          agentId={agentId}
          onClose={() => setOpen(false)}
          onTransferred={(outcome) => {
            setOpen(false);
            onTransferred(outcome);
          }}
        />
      ) : null}
    </>
  );
}

/**
 * Where the item goes and what the next agent should know. Agents are offered only to those who
 * may read the floor's list (supervisors); anyone else passes the item to a queue.
 */
export function TransferModal({
  api,
  item,
  agentId,
  onClose,
  onTransferred,
}: {
  api: TransferApi;
  item: WorkItem;
  agentId: string;
  onClose: () => void;
  onTransferred: (outcome: string) => void;
}) {
  const [target, setTarget] = useState<SelectProps.Option | null>(null);
  const [note, setNote] = useState('');
  const queues = useQuery({ queryKey: queryKeys.queues(), queryFn: () => api.queues() });
  // Refused to an agent (403, not retried): they transfer to queues only.
  const agents = useQuery({ queryKey: queryKeys.agents(), queryFn: () => api.agents() });
  const transfer = useMutation({
    mutationFn: (to: SelectProps.Option) =>
      api.transfer(item.workItemId, targetOf(to.value ?? ''), note.trim()),
    onSuccess: (_, to) => onTransferred(`Transferred to ${to.label}. It has left your work.`),
  });
  const tooLong = note.trim().length > MAX_TRANSFER_NOTE;
  const error = transfer.error
    ? transfer.error.message
    : queues.error
      ? `Queues could not be loaded: ${problem(queues.error)}`
      : undefined;

  const others = (agents.data ?? []).filter((agent) => agent.agentId !== agentId);
  const options = reassignTargets(queues.data ?? [], others, item.queueId).filter(
    (group) => group.options.length > 0,
  );

  return (
    <Modal
      closeAriaLabel="Close the dialog"
      visible
      onDismiss={onClose}
      header="Transfer this work"
      footer={
        <ModalActions
          onCancel={onClose}
          label="Transfer"
          loading={transfer.isPending}
          disabled={!target || tooLong}
          onAction={() => {
            if (target) transfer.mutate(target);
          }}
        />
      }
    >
      <SpaceBetween size="m">
        <FormField label="To" description="The customer keeps their place: their wait goes with the item.">
          <Select
            ariaLabel="Transfer to"
            selectedOption={target}
            onChange={({ detail }) => setTarget(detail.selectedOption)}
            options={options}
            placeholder={others.length ? 'Choose a queue or an agent' : 'Choose a queue'}
            empty="No other queue"
          />
        </FormField>
        <FormField
          label="Note for the next agent"
          description="Shown to whoever takes the conversation next."
          errorText={tooLong ? `At most ${MAX_TRANSFER_NOTE} characters.` : undefined}
          stretch
        >
          <Textarea
            ariaLabel="Note for the next agent"
            value={note}
            onChange={({ detail }) => setNote(detail.value)}
            placeholder="Wants the March invoice reissued; already checked the address"
          />
        </FormField>
        {error ? <Alert type="error">{error}</Alert> : null}
      </SpaceBetween>
    </Modal>
  );
}

/** What the agents who passed the item on left for the one holding it now, oldest first. */
export function TransferNotes({ notes }: { notes: readonly TransferNote[] | undefined }) {
  if (!notes?.length) return null;
  return (
    <Alert type="info" header="Passed on to you">
      <SpaceBetween size="xs">
        {notes.map((entry) => (
          <div key={`${entry.at}-${entry.by}`} data-testid="transfer-note">
            <Box variant="small">
              From {entry.by}, {dateTime(entry.at)}
            </Box>
            <div>{entry.note}</div>
          </div>
        ))}
      </SpaceBetween>
    </Alert>
  );
}

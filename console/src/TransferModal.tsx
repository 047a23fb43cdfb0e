import Alert from '@cloudscape-design/components/alert';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import FormField from '@cloudscape-design/components/form-field';
import Modal from '@cloudscape-design/components/modal';
import Select, { type SelectProps } from '@cloudscape-design/components/select';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Textarea from '@cloudscape-design/components/textarea';
import { useEffect, useState } from 'react';
import type { Agent, Api, QueueStats, TransferNote, WorkItem } from './api.ts';
import { ModalActions } from './ModalActions.tsx';
import { useAction } from './use-action.ts';
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
  const [queues, setQueues] = useState<QueueStats[]>([]);
  const [agents, setAgents] = useState<Agent[]>([]);
  const [target, setTarget] = useState<SelectProps.Option | null>(null);
  const [note, setNote] = useState('');
  const { busy, error, setError, run } = useAction();
  const tooLong = note.trim().length > MAX_TRANSFER_NOTE;

  useEffect(() => {
    api
      .queues()
      .then(setQueues, (caught: Error) => setError(`Queues could not be loaded: ${caught.message}`));
    // Refused to an agent: they transfer to queues only.
    api.agents().then(setAgents, () => undefined);
  }, [api, setError]);

  const others = agents.filter((agent) => agent.agentId !== agentId);
  const options = reassignTargets(queues, others, item.queueId).filter((group) => group.options.length > 0);

  async function transfer() {
    const to = target?.value;
    if (!to) return;
    await run(async () => {
      await api.transfer(item.workItemId, targetOf(to), note.trim());
      onTransferred(`Transferred to ${target.label}. It has left your work.`);
    });
  }

  return (
    <Modal
      visible
      onDismiss={onClose}
      header="Transfer this work"
      footer={
        <ModalActions
          onCancel={onClose}
          label="Transfer"
          loading={busy}
          disabled={!target || tooLong}
          onAction={() => void transfer()}
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
              From {entry.by}, {new Date(entry.at).toLocaleString('en-GB')}
            </Box>
            <div>{entry.note}</div>
          </div>
        ))}
      </SpaceBetween>
    </Alert>
  );
}
